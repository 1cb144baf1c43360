package dev.testops.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 helpers, so every engine computes answer digests the same way. */
public final class Digests {
  private Digests() {}

  /** Returns the lowercase hex SHA-256 of the UTF-8 bytes of the text. */
  public static String sha256Hex(String text) {
    return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Returns the lowercase hex SHA-256 of the bytes. */
  public static String sha256Hex(byte[] bytes) {
    byte[] hash = sha256(bytes);
    var hex = new StringBuilder(hash.length * 2);
    for (byte b : hash) {
      hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    return hex.toString();
  }

  /** Returns the SHA-256 of the bytes. */
  public static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM must provide SHA-256", e);
    }
  }
}
