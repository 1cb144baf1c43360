package dev.testops.core.run;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where runs and their history live. Every method is atomic and thread-safe; implementations must
 * give the same answers (see the store contract test).
 */
public interface RunStore extends AutoCloseable {

  /** A stored idempotency key: which request it was first used with and the run it made. */
  record IdempotencyKey(String key, String requestSha256, String runId, Instant createdAt) {}

  /** What {@link #create} did: made the run, or found the run an earlier use of the key made. */
  record Created(Run run, boolean existing) {}

  /** An artifact a run wrote, relative to the TestOps home. */
  record Artifact(String runId, String kind, String path, long sizeBytes, String sha256) {}

  /** A hashed API token and its role. */
  record Token(String sha256, String role, String label, Instant createdAt) {}

  /** A stored token as listed: {@code revokedAt} is {@code null} while it is valid. */
  record TokenEntry(Token token, Instant revokedAt) {}

  /**
   * Inserts a new queued run. With a key: if the key is already stored (and not older than {@code
   * keyNotBefore}), nothing is inserted and the key's run is returned with {@code existing = true};
   * two concurrent calls with one key create exactly one run.
   *
   * @throws dev.testops.core.TestOpsException.Conflict when the key was used with a different
   *     request hash (the caller maps it to 422), or the run id exists
   */
  Created create(Run run, Optional<IdempotencyKey> key, Instant keyNotBefore);

  /** Returns the run, with its phases. */
  Optional<Run> find(String runId);

  /** Returns runs newest first (by creation time, then id), optionally of one status. */
  default List<Run> list(Optional<RunStatus> status, int offset, int limit) {
    return list(status, Optional.empty(), offset, limit);
  }

  /**
   * Returns runs newest first (by creation time, then id), optionally of one status and of one
   * suite ({@code custom} for runs of an explicit list of phases).
   */
  List<Run> list(Optional<RunStatus> status, Optional<String> suite, int offset, int limit);

  /** Counts runs, optionally of one status. */
  default long count(Optional<RunStatus> status) {
    return count(status, Optional.empty());
  }

  /** Counts runs, optionally of one status and of one suite. */
  long count(Optional<RunStatus> status, Optional<String> suite);

  /** Returns the runs of a status, oldest first (e.g. queued runs to execute). */
  List<Run> withStatus(RunStatus status);

  /**
   * Atomically moves the oldest queued run to running (setting {@code startedAt}) and returns it;
   * empty when none is queued. Safe with several runners.
   */
  Optional<Run> claimNextQueued(Instant now);

  /**
   * Saves a run's status, progress, timestamps, reason and phases.
   *
   * @throws dev.testops.core.TestOpsException.NotFound when the run does not exist
   */
  void update(Run run);

  /** Appends events (each run's sequence numbers must continue without gaps). */
  void appendEvents(List<RunEvent> events);

  /** Returns up to {@code limit} events of a run with {@code seq > afterSeq}, in order. */
  List<RunEvent> events(String runId, long afterSeq, int limit);

  /** The last sequence number of a run's events, 0 when none. */
  long lastSeq(String runId);

  /** Records an artifact (replacing one of the same run and path). */
  void addArtifact(Artifact artifact);

  /** The artifacts of a run, in path order. */
  List<Artifact> artifacts(String runId);

  /** Stores a token. */
  void addToken(Token token);

  /** Finds a valid (not revoked) token by the SHA-256 of its secret. */
  Optional<Token> token(String sha256);

  /** Every stored token, revoked ones included, oldest first. */
  List<TokenEntry> tokens();

  /**
   * Revokes a token: it stays stored but no longer authenticates.
   *
   * @return whether it was valid until now ({@code false}: unknown or already revoked)
   */
  boolean revokeToken(String sha256, Instant at);

  /** Whether any token exists. */
  boolean hasTokens();

  /** Deletes idempotency keys created before the instant; returns how many. */
  int purgeIdempotencyKeys(Instant before);

  @Override
  void close();
}
