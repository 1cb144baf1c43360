package dev.testops.core.store;

import static dev.testops.core.store.StoreFixtures.at;
import static dev.testops.core.store.StoreFixtures.ended;
import static dev.testops.core.store.StoreFixtures.events;
import static dev.testops.core.store.StoreFixtures.key;
import static dev.testops.core.store.StoreFixtures.queued;
import static dev.testops.core.store.StoreFixtures.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testops.core.TestOpsException;
import dev.testops.core.run.Run;
import dev.testops.core.run.RunEvent;
import dev.testops.core.run.RunStatus;
import dev.testops.core.run.RunStore;
import dev.testops.core.run.RunStore.Artifact;
import dev.testops.core.run.RunStore.Created;
import dev.testops.core.run.RunStore.Token;
import dev.testops.core.run.RunStore.TokenEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link RunStore} must do. A database's test extends it and says how to open a store;
 * concurrency is in {@link RunStoreConcurrencyContract}.
 */
public abstract class RunStoreContractTest extends RunStoreConcurrencyContract {
  private static final Optional<RunStatus> ALL = Optional.empty();

  @TempDir protected Path dir;
  protected RunStore store;

  /**
   * Opens a store. Calls with the same folder open the same database; a new folder, an empty one.
   */
  protected abstract RunStore openStore(Path dir);

  @Override
  protected final RunStore secondStore() {
    return openStore(dir);
  }

  @Override
  protected final RunStore store() {
    return store;
  }

  @BeforeEach
  void open() {
    store = openStore(dir);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void create_thenFind_roundTripsTheRunAndItsPhasesExactly() {
    Run run = running("r1");

    Created created = store.create(run, Optional.empty(), at(0));

    assertThat(created).isEqualTo(new Created(run, false));
    assertThat(store.find("r1")).contains(run);
    assertThat(store.find("nope")).isEmpty();
  }

  @Test
  void create_withAnExistingRunId_conflicts_andStoresNeitherRunNorKey() {
    store.create(queued("r1", 0), Optional.empty(), at(0));

    assertThatThrownBy(() -> store.create(running("r1"), key("k", "h1", "r1", 5), at(0)))
        .isInstanceOf(TestOpsException.Conflict.class)
        .hasMessageContaining("r1");

    assertThat(store.find("r1")).contains(queued("r1", 0));
    Created fresh = store.create(queued("r2", 6), key("k", "h1", "r2", 6), at(0));
    assertThat(fresh.existing()).as("the key of the rejected call was not kept").isFalse();
  }

  @Test
  void create_sameKeyAndRequest_returnsTheFirstRun() {
    Run first = queued("r1", 0);
    store.create(first, key("k", "h1", "r1", 0), at(0));

    Created again = store.create(queued("r2", 5), key("k", "h1", "r2", 5), at(0));

    assertThat(again).isEqualTo(new Created(first, true));
    assertThat(store.find("r2")).isEmpty();
    assertThat(store.count(ALL)).isEqualTo(1);
  }

  @Test
  void create_sameKeyDifferentRequest_conflictsNamingTheKey_andInsertsNothing() {
    store.create(queued("r1", 0), key("key-7", "h1", "r1", 0), at(0));

    assertThatThrownBy(() -> store.create(queued("r2", 5), key("key-7", "h2", "r2", 5), at(0)))
        .isInstanceOf(TestOpsException.Conflict.class)
        .hasMessageContaining("key-7");

    assertThat(store.find("r2")).isEmpty();
    assertThat(store.count(ALL)).isEqualTo(1);
  }

  @Test
  void create_withAnExpiredKey_replacesIt() {
    store.create(queued("r1", 0), key("k", "h1", "r1", 0), at(0));

    Created replaced = store.create(queued("r2", 7200), key("k", "h2", "r2", 7200), at(3600));
    Created again = store.create(queued("r3", 7300), key("k", "h2", "r3", 7300), at(3600));

    assertThat(replaced).isEqualTo(new Created(queued("r2", 7200), false));
    assertThat(again).isEqualTo(new Created(queued("r2", 7200), true));
    assertThat(store.count(ALL)).isEqualTo(2);
  }

  @Test
  void list_isNewestFirst_tiesByIdDescending_withPagingAndStatusFilter() {
    store.create(queued("a", 1), Optional.empty(), at(0));
    store.create(queued("b", 3), Optional.empty(), at(0));
    store.create(queued("c", 3), Optional.empty(), at(0));
    store.create(running("d"), Optional.empty(), at(0)); // created at 0
    store.create(queued("e", 2), Optional.empty(), at(0));

    assertThat(ids(store.list(ALL, 0, 10))).containsExactly("c", "b", "e", "a", "d");
    assertThat(ids(store.list(ALL, 1, 2))).containsExactly("b", "e");
    assertThat(ids(store.list(ALL, 5, 2))).isEmpty();
    assertThat(ids(store.list(Optional.of(RunStatus.QUEUED), 1, 10)))
        .containsExactly("b", "e", "a");
    assertThat(store.list(Optional.of(RunStatus.RUNNING), 0, 10)).containsExactly(running("d"));
    assertThat(store.count(ALL)).isEqualTo(5);
    assertThat(store.count(Optional.of(RunStatus.QUEUED))).isEqualTo(4);
    assertThat(store.count(Optional.of(RunStatus.PASSED))).isZero();
    assertThat(ids(store.withStatus(RunStatus.QUEUED))).containsExactly("a", "e", "b", "c");
  }

  @Test
  void list_andCount_filterBySuite_aloneOrWithAStatus() {
    store.create(queued("a", 1), Optional.empty(), at(0)); // smoke
    store.create(running("d"), Optional.empty(), at(0)); // full
    store.create(queued("e", 2), Optional.empty(), at(0)); // smoke
    Optional<String> smoke = Optional.of("smoke");
    Optional<String> full = Optional.of("full");

    assertThat(ids(store.list(ALL, smoke, 0, 10))).containsExactly("e", "a");
    assertThat(ids(store.list(ALL, smoke, 1, 10))).containsExactly("a");
    assertThat(ids(store.list(ALL, full, 0, 10))).containsExactly("d");
    assertThat(store.list(Optional.of(RunStatus.QUEUED), full, 0, 10)).isEmpty();
    assertThat(ids(store.list(Optional.of(RunStatus.RUNNING), full, 0, 10))).containsExactly("d");
    assertThat(store.list(ALL, Optional.of("nope"), 0, 10)).isEmpty();
    assertThat(store.count(ALL, smoke)).isEqualTo(2);
    assertThat(store.count(Optional.of(RunStatus.RUNNING), smoke)).isZero();
    assertThat(store.count(Optional.of(RunStatus.RUNNING), full)).isEqualTo(1);
    assertThat(store.count(ALL, Optional.empty())).isEqualTo(3);
  }

  @Test
  void update_savesStateAndPhases_includingAShorterPhaseList() {
    Run run = running("r1");
    store.create(run, Optional.empty(), at(0));

    store.update(ended(run));

    assertThat(store.find("r1")).contains(ended(run));
    assertThat(store.withStatus(RunStatus.RUNNING)).isEmpty();
  }

  @Test
  void update_ofAnUnknownRun_isNotFound_andCreatesNothing() {
    assertThatThrownBy(() -> store.update(running("ghost")))
        .isInstanceOf(TestOpsException.NotFound.class)
        .hasMessageContaining("ghost");

    assertThat(store.count(ALL)).isZero();
  }

  @Test
  void claimNextQueued_takesTheOldestQueuedRun_andStartsIt() {
    store.create(running("busy"), Optional.empty(), at(0));
    store.create(queued("late", 20), Optional.empty(), at(0));
    store.create(queued("early-b", 10), Optional.empty(), at(0));
    store.create(queued("early-a", 10), Optional.empty(), at(0));

    Optional<Run> claimed = store.claimNextQueued(at(99));

    assertThat(claimed).isPresent();
    assertThat(claimed.get().id()).isEqualTo("early-a");
    assertThat(claimed.get().status()).isEqualTo(RunStatus.RUNNING);
    assertThat(claimed.get().startedAt()).isEqualTo(at(99));
    assertThat(store.find("early-a")).isEqualTo(claimed);
    assertThat(store.claimNextQueued(at(100)).map(Run::id)).contains("early-b");
    assertThat(store.claimNextQueued(at(101)).map(Run::id)).contains("late");
    assertThat(store.claimNextQueued(at(102))).isEmpty();
  }

  @Test
  void events_readBackInOrderAfterASequenceNumber_perRun() {
    store.create(queued("r1", 0), Optional.empty(), at(0));
    store.create(queued("r2", 0), Optional.empty(), at(0));
    assertThat(store.lastSeq("r1")).isZero();
    store.appendEvents(events("r1", 1, 5));
    List<RunEvent> mixed = new ArrayList<>(events("r1", 6, 10));
    mixed.addAll(1, events("r2", 1, 2));
    store.appendEvents(mixed);

    assertThat(store.events("r1", 3, 4)).isEqualTo(events("r1", 4, 7));
    assertThat(store.events("r1", 0, 100)).isEqualTo(events("r1", 1, 10));
    assertThat(store.events("r1", 10, 100)).isEmpty();
    assertThat(store.events("r2", 0, 100)).isEqualTo(events("r2", 1, 2));
    assertThat(store.lastSeq("r1")).isEqualTo(10);
    assertThat(store.lastSeq("nope")).isZero();
  }

  @Test
  void appendEvents_withARepeatedOrMissingNumber_failsLoudly_andStoresNoneOfTheBatch() {
    store.create(queued("r1", 0), Optional.empty(), at(0));
    store.appendEvents(events("r1", 1, 3));
    List<RunEvent> repeat = new ArrayList<>(events("r1", 4, 5));
    repeat.addAll(events("r1", 3, 3));

    assertThatThrownBy(() -> store.appendEvents(repeat)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.appendEvents(events("r1", 5, 6)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("r1");

    assertThat(store.events("r1", 0, 100)).isEqualTo(events("r1", 1, 3));
  }

  @Test
  void artifacts_areListedByPath_andReplacedBySamePath() {
    store.create(queued("r1", 0), Optional.empty(), at(0));
    store.addArtifact(new Artifact("r1", "report", "reports/r1/b.json", 10, "aa"));
    store.addArtifact(new Artifact("r1", "log", "logs/r1/a.log", 5, "bb"));
    store.addArtifact(new Artifact("r1", "report", "reports/r1/b.json", 12, "cc"));

    assertThat(store.artifacts("r1"))
        .containsExactly(
            new Artifact("r1", "log", "logs/r1/a.log", 5, "bb"),
            new Artifact("r1", "report", "reports/r1/b.json", 12, "cc"));
    assertThat(store.artifacts("nope")).isEmpty();
  }

  @Test
  void tokens_areFoundByHash() {
    assertThat(store.hasTokens()).isFalse();
    Token admin = new Token("ab12", "admin", "ci", at(0));
    store.addToken(admin);
    store.addToken(new Token("cd34", "viewer", null, at(1)));

    assertThat(store.hasTokens()).isTrue();
    assertThat(store.token("ab12")).contains(admin);
    assertThat(store.token("ffff")).isEmpty();
    assertThatThrownBy(() -> store.addToken(new Token("ab12", "viewer", "x", at(2))))
        .isInstanceOf(TestOpsException.Conflict.class);
    assertThat(store.token("ab12")).contains(admin);
  }

  @Test
  void aRevokedToken_isListedButNoLongerFound_andTokensStayRequired() {
    Token admin = new Token("ab12", "admin", "ci", at(0));
    Token viewer = new Token("cd34", "viewer", null, at(1));
    store.addToken(admin);
    store.addToken(viewer);

    assertThat(store.revokeToken("ab12", at(5))).isTrue();

    assertThat(store.token("ab12")).isEmpty();
    assertThat(store.token("cd34")).contains(viewer);
    assertThat(store.revokeToken("ab12", at(6))).isFalse();
    assertThat(store.revokeToken("ffff", at(6))).isFalse();
    assertThat(store.tokens())
        .containsExactly(new TokenEntry(admin, at(5)), new TokenEntry(viewer, null));
    store.revokeToken("cd34", at(7));
    assertThat(store.hasTokens()).as("a server that had tokens keeps requiring them").isTrue();
  }

  @Test
  void purgeIdempotencyKeys_deletesOnlyOlderKeys() {
    store.create(queued("r1", 0), key("k1", "h", "r1", 0), at(0));
    store.create(queued("r2", 10), key("k2", "h", "r2", 10), at(0));
    store.create(queued("r3", 20), key("k3", "h", "r3", 20), at(0));

    assertThat(store.purgeIdempotencyKeys(at(20))).isEqualTo(2);

    assertThat(store.create(queued("r4", 30), key("k1", "h", "r4", 30), at(0)).existing())
        .isFalse();
    assertThat(store.create(queued("r5", 30), key("k3", "h", "r5", 30), at(0)).run().id())
        .isEqualTo("r3");
    assertThat(store.purgeIdempotencyKeys(at(0))).isZero();
  }

  @Test
  void everything_survivesCloseAndReopen() {
    Run run = running("r1");
    store.create(run, key("k", "h", "r1", 0), at(0));
    store.appendEvents(events("r1", 1, 4));
    store.addArtifact(new Artifact("r1", "log", "logs/r1/a.log", 5, "bb"));
    store.addToken(new Token("ab12", "admin", "ci", at(0)));
    store.close();

    store = openStore(dir);

    assertThat(store.find("r1")).contains(run);
    assertThat(store.events("r1", 0, 10)).isEqualTo(events("r1", 1, 4));
    assertThat(store.artifacts("r1")).hasSize(1);
    assertThat(store.token("ab12")).isPresent();
    assertThat(store.create(queued("r2", 1), key("k", "h", "r2", 1), at(0)))
        .isEqualTo(new Created(run, true));
  }

  private static List<String> ids(List<Run> runs) {
    return runs.stream().map(Run::id).toList();
  }
}
