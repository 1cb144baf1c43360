package dev.testops.core.phases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testops.core.Sims;
import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.run.PhaseContext;
import dev.testops.core.run.PhaseOutcome;
import dev.testops.core.run.PhaseStatus;
import dev.testops.core.run.Run;
import dev.testops.core.run.RunCancelled;
import dev.testops.core.run.RunRequest;
import dev.testops.engine.Engine;
import dev.testops.engine.EngineDescriptor;
import dev.testops.engine.EngineOptions;
import dev.testops.engine.EngineProvider;
import dev.testops.engine.EngineRequest;
import dev.testops.engine.EngineResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** The Engine Check phase: its probes, what it reports, and its cancel point. */
class EngineCheckPhaseTest {
  @TempDir Path home;
  private final AtomicInteger requests = new AtomicInteger();
  private final List<String> log = new ArrayList<>();
  private final List<Integer> progress = new ArrayList<>();

  @Test
  void itSaysHowManyProbesItSent_inItsSummaryAndMessage() {
    PhaseOutcome outcome = new EngineCheckPhase().execute(context("", () -> false));

    assertThat(outcome.status()).isEqualTo(PhaseStatus.PASSED);
    assertThat(outcome.summary().path("probes").asInt()).isEqualTo(228);
    assertThat(outcome.message()).contains("228 probes, each to two instances");
    assertThat(log).anyMatch(line -> line.startsWith("probes ok") && line.contains("228 probes"));
    // 4 canned prompts and 228 probes, each to two instances.
    assertThat(requests.get()).isEqualTo(2 * (4 + 228));
    // Progress follows the probes, rising to 100.
    assertThat(progress).isSorted().contains(50).endsWith(100);
  }

  @Test
  void aPartialFault_failsThePhase_namingTheProbes() {
    PhaseOutcome outcome = new EngineCheckPhase().execute(context("error:0.05", () -> false));

    assertThat(outcome.status()).isEqualTo(PhaseStatus.FAILED);
    assertThat(outcome.summary().path("probe_errors").asInt()).isPositive();
    assertThat(outcome.message()).startsWith("engine check failed at probes: 228 probes");
  }

  @Test
  void aCancelledRun_stopsTheCheckBetweenTwoProbes() {
    // The run is cancelled once 30 requests went out: only the probes already started finish
    // (users' probes go out side by side, each a request to two instances).
    var context = context("", () -> requests.get() >= 30);

    assertThatThrownBy(() -> new EngineCheckPhase().execute(context))
        .isInstanceOf(RunCancelled.class);
    assertThat(requests.get())
        .isBetween(30, 30 + 2 * dev.testops.core.engines.EngineCheck.PARALLEL_USERS);
  }

  private PhaseContext context(String fault, BooleanSupplier cancelled) {
    var request =
        new RunRequest(
            "custom",
            List.of("engine-check"),
            Map.of(),
            "offline",
            10,
            OptionalLong.of(42),
            "counted",
            Map.of("fault", fault));
    var run = Run.queued("check", request, Instant.parse("2026-01-01T00:00:00Z"));
    return PhaseContext.standalone(
        run,
        "engine-check",
        Map.of(),
        new ArtifactHome(home),
        dev.testops.core.engines.EngineRegistry.of(new Counted()).withEnvironment(n -> null),
        Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC),
        System::nanoTime,
        new PhaseContext.Reporter() {
          @Override
          public void log(String phase, String level, String message, String remediation) {
            log.add(message);
          }

          @Override
          public void progress(String phase, int percent) {
            progress.add(percent);
          }

          @Override
          public void metric(String phase, String name, ObjectNode figures) {}

          @Override
          public void artifact(String phase, String kind, Path file) {}
        },
        cancelled);
  }

  /** Toron, counting every request its engines receive. */
  private final class Counted implements EngineProvider {
    @Override
    public String id() {
      return "counted";
    }

    @Override
    public Engine create(EngineOptions options) {
      Engine toron = Sims.registry().open("toron-v2.5h+", options);
      return new Engine() {
        @Override
        public EngineDescriptor describe() {
          return toron.describe();
        }

        @Override
        public void ping() {
          toron.ping();
        }

        @Override
        public EngineResponse process(EngineRequest r) {
          requests.incrementAndGet();
          return toron.process(r);
        }
      };
    }
  }
}
