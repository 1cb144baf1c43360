package dev.testops.engine;

import java.nio.charset.StandardCharsets;

/**
 * A small seeded random source whose output is specified by its algorithm (SplitMix64), so the same
 * seed gives the same numbers on every JVM. Not thread-safe: make one per user or request.
 */
public final class SplitMix64 {
  private static final double DOUBLE_UNIT = 0x1.0p-53;
  private long state;

  /** Creates a source that starts from the seed. */
  public SplitMix64(long seed) {
    this.state = seed;
  }

  /**
   * Derives a seed from text parts by hashing them (SHA-256 of the parts joined by {@code '|'}).
   * Use it to give each user or request its own independent stream.
   */
  public static long seedOf(Object... parts) {
    var joined = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        joined.append('|');
      }
      joined.append(parts[i]);
    }
    byte[] hash = Digests.sha256(joined.toString().getBytes(StandardCharsets.UTF_8));
    long seed = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      seed = (seed << 8) | (hash[i] & 0xFF);
    }
    return seed;
  }

  /** Returns the next 64 random bits. */
  public long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Returns a uniform double in [0, 1). */
  public double nextDouble() {
    return (nextLong() >>> 11) * DOUBLE_UNIT;
  }

  /** Returns a uniform int in [0, bound); {@code bound} must be positive. */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, was " + bound);
    }
    return (int) Math.floorMod(nextLong() >>> 1, (long) bound);
  }

  /** Returns a standard normal deviate (Box-Muller, computed with {@link StrictMath}). */
  public double nextGaussian() {
    double u1 = 1.0 - nextDouble(); // (0, 1], so the log is finite
    double u2 = nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
  }
}
