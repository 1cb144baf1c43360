package dev.testops.core.artifact;

import java.nio.charset.StandardCharsets;

/**
 * Sees every byte a run writes or streams before it leaves the core, and may rewrite it (a PII
 * scrubber is one). Implementations must be thread-safe, and for {@link Channel#RECORDS} must map
 * each chunk of whole lines to whole lines on its own (chunks are filtered in parallel).
 */
@FunctionalInterface
public interface OutputFilter {
  /** Lets everything through unchanged. */
  OutputFilter NONE = (channel, content) -> content;

  /** Returns the content as it should leave, e.g. with secrets masked. */
  byte[] apply(Channel channel, byte[] content);

  /** The same for text, as UTF-8. */
  default String apply(Channel channel, String text) {
    if (this == NONE) {
      return text;
    }
    return new String(
        apply(channel, text.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  /** This filter, then {@code next}. */
  default OutputFilter andThen(OutputFilter next) {
    if (this == NONE) {
      return next;
    }
    if (next == NONE) {
      return this;
    }
    return (channel, content) -> next.apply(channel, apply(channel, content));
  }
}
