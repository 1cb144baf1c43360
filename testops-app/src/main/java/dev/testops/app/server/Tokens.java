package dev.testops.app.server;

import dev.testops.core.run.RunStore;
import dev.testops.engine.Digests;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.function.LongSupplier;

/**
 * API tokens: a random secret shown once to its owner, stored only as its SHA-256. The CLI's {@code
 * token create} makes them; the server's {@code Auth} looks them up by hash.
 */
public final class Tokens {
  /** Every secret starts with this, so secret scanners and humans recognise it. */
  public static final String PREFIX = "testops_";

  private Tokens() {}

  /**
   * Creates a token, stores its hash and returns the secret (the only time it exists in clear).
   *
   * @param entropy secure random bits (256 are used)
   */
  public static String create(
      RunStore store, Role role, String label, Instant now, LongSupplier entropy) {
    Role.ofToken(role.wireName());
    ByteBuffer bits = ByteBuffer.allocate(32);
    for (int i = 0; i < 4; i++) {
      bits.putLong(entropy.getAsLong());
    }
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bits.array());
    store.addToken(new RunStore.Token(hash(secret), role.wireName(), label, now));
    return secret;
  }

  /** The SHA-256 of a secret, lower-case hex: what the store keeps. */
  public static String hash(String secret) {
    return Digests.sha256Hex(secret);
  }
}
