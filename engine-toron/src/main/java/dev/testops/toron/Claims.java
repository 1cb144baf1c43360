package dev.testops.toron;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Extracts simple factual claims from a prompt and finds the ones that contradict a session's
 * earlier claims.
 *
 * <p>A claim is a statement sentence of the form "X is Y" or "X is not Y", normalised to {@code
 * subject=value} or {@code subject!=value}, where the subject is the word before "is" and the value
 * the first word after it (skipping articles). Questions are never claims. Two claims contradict
 * when they share a subject and either assert different values ({@code deadline=friday} and {@code
 * deadline=monday}) or one asserts what the other denies ({@code deadline=friday} and {@code
 * deadline!=friday}).
 */
final class Claims {
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?;\\n])");
  private static final Set<String> NOT_SUBJECTS =
      Set.of(
          "what", "who", "how", "which", "where", "why", "when", "it", "there", "this", "that",
          "here", "he", "she", "and", "or", "but", "so", "if", "the", "a", "an", "my", "our",
          "your", "their", "its");
  private static final Set<String> ARTICLES = Set.of("a", "an", "the", "my", "our", "your");

  private Claims() {}

  /** Returns the prompt's claims in order of appearance, without duplicates. */
  static List<String> extract(String prompt) {
    List<String> claims = new ArrayList<>();
    for (String sentence : SENTENCE_END.split(prompt)) {
      if (sentence.strip().endsWith("?")) {
        continue;
      }
      String claim = claimOf(PromptFeatures.tokens(sentence));
      if (claim != null && !claims.contains(claim)) {
        claims.add(claim);
      }
    }
    return claims;
  }

  /** Counts this turn's claims that contradict at least one prior claim. */
  static int contradictions(List<String> claims, List<String> priorClaims) {
    int count = 0;
    for (String claim : claims) {
      for (String prior : priorClaims) {
        if (contradict(claim, prior)) {
          count++;
          break;
        }
      }
    }
    return count;
  }

  /** Whether two normalised claims contradict each other. */
  static boolean contradict(String first, String second) {
    Claim a = Claim.parse(first);
    Claim b = Claim.parse(second);
    if (a == null || b == null || !a.subject().equals(b.subject())) {
      return false;
    }
    if (a.negated() && b.negated()) {
      // "not friday" and "not monday" can both hold.
      return false;
    }
    if (a.negated() || b.negated()) {
      return a.value().equals(b.value());
    }
    return !a.value().equals(b.value());
  }

  private static String claimOf(List<String> words) {
    int is = words.indexOf("is");
    if (is < 1 || is + 1 >= words.size()) {
      return null;
    }
    String subject = words.get(is - 1);
    if (NOT_SUBJECTS.contains(subject)) {
      return null;
    }
    int next = is + 1;
    boolean negated = words.get(next).equals("not");
    if (negated) {
      next++;
    }
    while (next < words.size() && ARTICLES.contains(words.get(next))) {
      next++;
    }
    if (next >= words.size()) {
      return null;
    }
    return subject + (negated ? "!=" : "=") + words.get(next);
  }

  /** A parsed claim; prior claims come from callers, so malformed ones are ignored, not fatal. */
  private record Claim(String subject, boolean negated, String value) {
    static Claim parse(String text) {
      int negatedAt = text.indexOf("!=");
      if (negatedAt > 0) {
        return new Claim(text.substring(0, negatedAt), true, text.substring(negatedAt + 2));
      }
      int at = text.indexOf('=');
      return at > 0 ? new Claim(text.substring(0, at), false, text.substring(at + 1)) : null;
    }
  }
}
