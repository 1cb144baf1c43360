package dev.testops.load;

import dev.testops.engine.Digests;
import dev.testops.engine.EngineResponse;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The check every answered request must pass: the response's {@code digest} is the lowercase hex
 * SHA-256 of the UTF-8 bytes of its {@code answer}, exactly as {@link Digests#sha256Hex} computes
 * it. The same check as {@code Digests.sha256Hex(answer).equals(digest)}, without a provider
 * look-up or a hex string per request: each thread (an event loop) reuses one {@link MessageDigest}
 * and the hex digits are compared in place. Thread-safe.
 */
final class AnswerCheck {
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final int HEX_LENGTH = 64;
  private static final FastThreadLocal<MessageDigest> SHA_256 =
      new FastThreadLocal<>() {
        @Override
        protected MessageDigest initialValue() throws NoSuchAlgorithmException {
          return MessageDigest.getInstance("SHA-256");
        }
      };

  private AnswerCheck() {}

  /** Whether the answer's digest is the SHA-256 of its text. */
  static boolean holds(EngineResponse answer) {
    String digest = answer.digest();
    if (digest.length() != HEX_LENGTH) {
      return false;
    }
    byte[] hash = SHA_256.get().digest(answer.answer().getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < hash.length; i++) {
      if (digest.charAt(2 * i) != HEX[(hash[i] >> 4) & 0xF]
          || digest.charAt(2 * i + 1) != HEX[hash[i] & 0xF]) {
        return false;
      }
    }
    return true;
  }
}
