package dev.testops.app.server;

import dev.testops.core.TestOpsException;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.run.RunService;
import dev.testops.core.run.RunStore;
import dev.testops.core.run.Submission;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.springframework.web.servlet.function.ServerRequest;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a run-creation body into a core {@link Submission}: {@code suite} or {@code suites} (a list
 * of phases), optional {@code dataset} ({@code profile}, {@code users}, {@code seed}), {@code
 * engine} and {@code engine_options}. The core then validates names and limits.
 */
final class Submissions {
  private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

  private Submissions() {}

  /**
   * Reads the body.
   *
   * @param defaultSuite the suite when the body names neither a suite nor phases, or {@code null}
   *     when one of them is required
   * @throws TestOpsException.InvalidInput naming the field that is unknown or of the wrong type
   */
  static Submission read(Optional<ObjectNode> body, String defaultSuite) {
    ObjectNode root = body.orElseGet(CanonicalJson::object);
    Bodies.onlyFields(root, "", "suite", "suites", "dataset", "engine", "engine_options");
    Optional<String> suite = Bodies.string(root, "", "suite");
    Optional<List<String>> phases = Bodies.strings(root, "", "suites");
    if (suite.isEmpty() && phases.isEmpty()) {
      if (defaultSuite == null) {
        throw new TestOpsException.InvalidInput(
            "give 'suite' (e.g. \"full\") or 'suites' (a list of phases, e.g."
                + " [\"engine-check\", \"sim\", \"replay\"])");
      }
      suite = Optional.of(defaultSuite);
    }
    Optional<String> profile = Optional.empty();
    Optional<Integer> users = Optional.empty();
    OptionalLong seed = OptionalLong.empty();
    Optional<ObjectNode> dataset = Bodies.object(root, "", "dataset");
    if (dataset.isPresent()) {
      Bodies.onlyFields(dataset.get(), "dataset.", "profile", "users", "seed");
      profile = Bodies.string(dataset.get(), "dataset.", "profile");
      users = Bodies.integer(dataset.get(), "dataset.", "users");
      seed = Bodies.longInteger(dataset.get(), "dataset.", "seed");
    }
    Map<String, String> options =
        Bodies.object(root, "", "engine_options")
            .map(o -> Bodies.scalars(o, "engine_options."))
            .orElse(Map.of());
    return new Submission(
        suite, phases, profile, users, seed, Bodies.string(root, "", "engine"), options);
  }

  /**
   * Validates and queues a run: the one path from an HTTP body to the core, for v1 and legacy.
   *
   * @throws TestOpsException.InvalidInput from validation (422)
   * @throws HttpProblem 422 when the idempotency key was used with another request
   */
  static RunStore.Created submit(RunService service, Submission submission, ServerRequest request) {
    Optional<String> key = Optional.ofNullable(request.headers().firstHeader("Idempotency-Key"));
    if (key.isPresent() && !KEY.matcher(key.get()).matches()) {
      throw new TestOpsException.InvalidInput(
          "header 'Idempotency-Key' must be 1-255 visible ASCII characters");
    }
    var runRequest = service.resolve(submission);
    try {
      return service.submit(runRequest, key);
    } catch (TestOpsException.Conflict e) {
      // With a key, the store's conflict is the key's earlier use with a different request.
      if (key.isPresent()) {
        throw HttpProblem.idempotencyKeyReused(e.getMessage());
      }
      throw e;
    }
  }
}
