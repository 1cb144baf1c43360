package dev.testops.app.server;

import dev.testops.core.TestOpsException;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.run.Run;
import dev.testops.core.run.RunRequest;
import dev.testops.core.run.RunService;
import dev.testops.core.run.RunStore;
import dev.testops.core.run.Submission;
import dev.testops.load.ScenarioLoader;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /v1/load/run}: a standalone load run — a run with the single phase {@code load} —
 * queued and streamed like any run. Body: {@code scenario} (required: a name from {@code
 * load/mock_scenarios.yaml}; an empty body is a 422 naming it, never a default load), {@code
 * target} (an {@code http://host:port} engine; default: the run's engine served by the phase
 * itself), {@code engine}, {@code engine_options}, {@code dataset} ({@code profile}, {@code seed}).
 */
final class LoadHandlers {
  private final RunService service;
  private final Bodies bodies;

  LoadHandlers(RunService service, Bodies bodies) {
    this.service = service;
    this.bodies = bodies;
  }

  ServerResponse run(ServerRequest request) throws IOException {
    ObjectNode body = bodies.object(request).orElseGet(CanonicalJson::object);
    Bodies.onlyFields(body, "", "scenario", "target", "engine", "engine_options", "dataset");
    Map<String, String> params = new TreeMap<>();
    Optional<String> scenario = Bodies.string(body, "", "scenario");
    var scenarios = ScenarioLoader.load(service.home().root());
    if (scenario.isEmpty()) {
      // A load test is never started by accident: no body must not mean a minute of 500 r/s.
      throw new TestOpsException.InvalidInput(
          "'scenario' is missing: name the load scenario to run, one of "
              + String.join(", ", scenarios.scenarios().keySet())
              + " (load/mock_scenarios.yaml; each sets the rate or VUs and the duration)");
    }
    try {
      // Refuse an unknown or over-ceiling scenario now, not minutes later in the queue.
      scenarios.scenario(scenario);
    } catch (TestOpsException.NotFound e) {
      throw new TestOpsException.InvalidInput(e.getMessage());
    }
    scenario.ifPresent(name -> params.put("scenario", name));
    Optional<String> target = Bodies.string(body, "", "target");
    if (target.isPresent()) {
      URI uri = URI.create(target.get());
      if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new TestOpsException.InvalidInput(
            "'target' must be an http://host:port URL, was '" + target.get() + "'");
      }
      params.put("target", target.get());
    }
    Optional<String> profile = Optional.empty();
    OptionalLong seed = OptionalLong.empty();
    Optional<ObjectNode> dataset = Bodies.object(body, "", "dataset");
    if (dataset.isPresent()) {
      Bodies.onlyFields(dataset.get(), "dataset.", "profile", "seed");
      profile = Bodies.string(dataset.get(), "dataset.", "profile");
      seed = Bodies.longInteger(dataset.get(), "dataset.", "seed");
    }
    Map<String, String> options =
        Bodies.object(body, "", "engine_options")
            .map(o -> Bodies.scalars(o, "engine_options."))
            .orElse(Map.of());
    RunRequest resolved =
        service.resolve(
            new Submission(
                Optional.empty(),
                Optional.of(List.of("load")),
                profile,
                Optional.empty(),
                seed,
                Bodies.string(body, "", "engine"),
                options));
    RunRequest loadOnly =
        new RunRequest(
            "load",
            resolved.phases(),
            Map.of("load", params),
            resolved.profile(),
            resolved.users(),
            resolved.seed(),
            resolved.seedSource(),
            resolved.engineId(),
            resolved.engineOptions());
    RunStore.Created created = service.submit(loadOnly, Optional.empty());
    Run run = created.run();
    return Replies.json(201, RunJson.run(run), "/v1/test-runs/" + run.id());
  }
}
