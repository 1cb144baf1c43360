package dev.testops.toron;

import dev.testops.engine.SplitMix64;
import dev.testops.engine.Tier;
import java.util.List;
import java.util.Locale;

/** Composes Toron's deterministic answer text, which always names the tier it came from. */
final class Answers {
  private static final List<String> T1_OPENINGS =
      List.of("Here is a direct answer.", "Short answer below.", "Answering right away.");
  private static final List<String> T2_OPENINGS =
      List.of(
          "I worked through the steps in order.",
          "Breaking this into parts gives the following.",
          "Taking each part in turn.");
  private static final List<String> T3_OPENINGS =
      List.of(
          "This needs careful deliberation across several threads.",
          "I weighed the competing readings before answering.",
          "Several interpretations were considered in depth.");

  private Answers() {}

  static String compose(
      Tier tier,
      PromptFeatures features,
      List<String> claims,
      int contradictions,
      double confidence,
      boolean escalated,
      SplitMix64 rng) {
    List<String> openings =
        switch (tier) {
          case T1 -> T1_OPENINGS;
          case T2 -> T2_OPENINGS;
          case T3 -> T3_OPENINGS;
        };
    var answer = new StringBuilder();
    answer
        .append(String.format(Locale.ROOT, "[Toron %s %s] ", tier, tierName(tier)))
        .append(openings.get(rng.nextInt(openings.size())))
        .append(String.format(Locale.ROOT, " Read %d tokens.", features.tokens()));
    if (!claims.isEmpty()) {
      answer.append(" Noted: ").append(String.join(", ", claims)).append('.');
    }
    if (contradictions > 0) {
      answer.append(
          String.format(
              Locale.ROOT,
              " This contradicts %d earlier statement%s.",
              contradictions,
              contradictions == 1 ? "" : "s"));
    }
    if (features.injection()) {
      answer.append(" Instruction override attempt declined.");
    }
    if (escalated) {
      answer.append(" Escalated to Opus for review.");
    }
    answer.append(String.format(Locale.ROOT, " Confidence %.4f.", confidence));
    answer.append(String.format(Locale.ROOT, " Ref %016x.", rng.nextLong()));
    return answer.toString();
  }

  static String tierName(Tier tier) {
    return switch (tier) {
      case T1 -> "reflex";
      case T2 -> "analytic";
      case T3 -> "deliberative";
    };
  }
}
