package dev.testops.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.testops.engine.Digests;
import dev.testops.engine.EngineResponse;
import dev.testops.engine.Tier;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class AnswerCheckTest {

  @Test
  void holdsExactlyWhenTheDigestIsTheLowercaseHexSha256OfTheAnswer() {
    for (String answer : List.of("", "a", "Zürich 日本語 😀", "x".repeat(5_000))) {
      String digest = Digests.sha256Hex(answer);
      assertThat(AnswerCheck.holds(response(answer, digest))).isTrue();
      assertThat(AnswerCheck.holds(response(answer, digest.toUpperCase(Locale.ROOT))))
          .isEqualTo(digest.equals(digest.toUpperCase(Locale.ROOT)));
      assertThat(AnswerCheck.holds(response(answer + " ", digest))).isFalse();
      assertThat(AnswerCheck.holds(response(answer, digest.substring(1)))).isFalse();
      assertThat(AnswerCheck.holds(response(answer, digest + "0"))).isFalse();
      char last = digest.charAt(63);
      String flipped = digest.substring(0, 63) + (last == '0' ? '1' : '0');
      assertThat(AnswerCheck.holds(response(answer, flipped))).isFalse();
    }
  }

  private static EngineResponse response(String answer, String digest) {
    return new EngineResponse(Tier.T1, false, 0, 0.5, 1, answer, digest, List.of());
  }
}
