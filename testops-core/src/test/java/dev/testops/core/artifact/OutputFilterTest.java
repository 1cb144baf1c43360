package dev.testops.core.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testops.core.Sims;
import dev.testops.core.TestOps;
import dev.testops.core.run.Run;
import dev.testops.core.run.RunEvent;
import dev.testops.core.run.RunService;
import dev.testops.core.run.RunStatus;
import dev.testops.core.run.Submission;
import dev.testops.core.sim.RunIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One filter in front of everything a run writes or streams sees all of it and has the last word.
 */
class OutputFilterTest {
  private static final String MASK = "RUN-MASKED";
  private static final Clock CLOCK = Clock.fixed(Sims.NOW, ZoneOffset.UTC);

  @TempDir Path home;

  /**
   * Replaces one string (here the run id) in everything it sees, but where it names a file ({@code
   * run-<id>.…}: replay must still find the records), and notes what it saw.
   */
  private static final class Mask implements OutputFilter {
    final Set<Channel> seen = EnumSet.noneOf(Channel.class);
    final Pattern secret;

    Mask(String secret) {
      this.secret = unnamed(secret);
    }

    static Pattern unnamed(String secret) {
      return Pattern.compile("(?<!run-)" + Pattern.quote(secret));
    }

    @Override
    public synchronized byte[] apply(Channel channel, byte[] content) {
      seen.add(channel);
      return secret
          .matcher(new String(content, StandardCharsets.UTF_8))
          .replaceAll(MASK)
          .getBytes(StandardCharsets.UTF_8);
    }
  }

  private static Run engineCheckSimReplay(RunService runs, int users) {
    var request =
        runs.resolve(
            new Submission(
                Optional.empty(),
                Optional.of(List.of("engine-check", "sim", "replay")),
                Optional.empty(),
                Optional.of(users),
                OptionalLong.of(7),
                Optional.empty(),
                Map.of()));
    return runs.runInProcess(request, event -> {});
  }

  /** Every regular file under the home but the database and compressed records. */
  private List<Path> writtenFiles() throws IOException {
    try (Stream<Path> files = Files.walk(home)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> !f.toString().contains("tests_master.db"))
          .filter(f -> !f.toString().endsWith(".zst") && !f.toString().endsWith(".gz"))
          .toList();
    }
  }

  @Test
  void everyChannelOfARun_passesTheFilter_andNothingItMaskedIsLeftInAFileOrTheStore()
      throws IOException {
    // Run ids come from the clock and the entropy: the first one is known before the run starts.
    String runId = RunIds.next(CLOCK, new AtomicLong()::incrementAndGet);
    var mask = new Mask(runId);
    var entropy = new AtomicLong();
    try (var testops =
        TestOps.create(
            cfg ->
                cfg.home(home)
                    .clock(CLOCK)
                    .entropy(entropy::incrementAndGet)
                    .nanoTime(System::nanoTime)
                    .threads(2)
                    .outputFilter(mask))) {
      Run run = engineCheckSimReplay(testops.runs(), 20);
      assertThat(run.id()).isEqualTo(runId);
      assertThat(run.status()).as(run.reason()).isEqualTo(RunStatus.PASSED);

      assertThat(mask.seen)
          .contains(
              Channel.EVENT,
              Channel.LOG,
              Channel.WAR_ROOM,
              Channel.ARTIFACT,
              Channel.REPORT,
              Channel.SNAPSHOT,
              Channel.RECORDS,
              Channel.STORE_TEXT);
      List<RunEvent> events = testops.runs().events(runId, 0, 10_000);
      assertThat(events).hasSizeGreaterThan(10);
      Pattern unmasked = Mask.unnamed(runId);
      assertThat(events).allSatisfy(e -> assertThat(e.data()).doesNotContainPattern(unmasked));
      assertThat(testops.store().find(runId).orElseThrow().phases())
          .allSatisfy(p -> assertThat(p.summary()).doesNotContainPattern(unmasked));
      List<Path> written = writtenFiles();
      assertThat(written)
          .extracting(f -> home.relativize(f).toString())
          .contains(
              "snapshots/run-" + runId + ".json",
              "warroom/master/warroom.jsonl",
              "warroom/run-" + runId + ".jsonl",
              "logs/run-" + runId + ".log",
              "logs/run-" + runId + ".events.jsonl",
              "reports/determinism.json",
              "reports/master/run-" + runId + ".json",
              "reports/master/run-" + runId + ".html",
              "reports/index.html");
      for (Path file : written) {
        assertThat(Files.readString(file, StandardCharsets.ISO_8859_1))
            .as(home.relativize(file).toString())
            .doesNotContainPattern(unmasked);
      }
      assertThat(Files.readString(home.resolve("snapshots/run-" + runId + ".json"))).contains(MASK);
    }
  }

  @Test
  void withoutTheFilter_theSameRunLeavesItsIdInEveryFile_soTheCheckAboveCanFail()
      throws IOException {
    var entropy = new AtomicLong();
    try (var testops = Sims.testops(home, entropy::incrementAndGet, "")) {
      Run run = engineCheckSimReplay(testops.runs(), 5);
      assertThat(run.status()).isEqualTo(RunStatus.PASSED);
      assertThat(Files.readString(home.resolve("snapshots/run-" + run.id() + ".json")))
          .contains(run.id())
          .doesNotContain(MASK);
      assertThat(Files.readString(home.resolve("warroom/master/warroom.jsonl"))).contains(run.id());
    }
  }
}
