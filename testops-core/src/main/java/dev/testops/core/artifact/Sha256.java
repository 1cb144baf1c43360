package dev.testops.core.artifact;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, the checksum of every artifact TestOps writes. */
public final class Sha256 {
  private Sha256() {}

  /** Returns a fresh SHA-256 digest (not thread-safe, like every {@link MessageDigest}). */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM must provide SHA-256", e);
    }
  }

  /** The lowercase hex SHA-256 of the bytes. */
  public static String hex(byte[] bytes) {
    return java.util.HexFormat.of().formatHex(newDigest().digest(bytes));
  }
}
