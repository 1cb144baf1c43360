package dev.testops.core.dataset;

import dev.testops.engine.SplitMix64;
import java.util.List;
import java.util.Map;

/**
 * Fills {@code {slot}} placeholders in prompt templates from small word lists and number ranges,
 * drawing from the user's own random stream left to right, so a template always consumes the stream
 * the same way.
 */
final class Slots {
  /** Synthetic PII-looking strings: reserved example domains, test numbers, documentation IPs. */
  static final List<String> EMAILS =
      List.of(
          "jane.doe42@example.com",
          "john.smith7@example.org",
          "a.nguyen@example.net",
          "mo.kaya19@example.com");

  static final List<String> PHONES =
      List.of("+1-555-0134", "+1-555-0199", "+1-555-0101", "+44 20 7946 0958");

  /** Luhn-valid card numbers that payment networks publish for testing. */
  static final List<String> CARDS =
      List.of(
          "4111 1111 1111 1111", "5555 5555 5555 4444", "4012 8888 8888 1881", "3782 822463 10005");

  static final List<String> IBANS =
      List.of(
          "DE89 3704 0044 0532 0130 00",
          "GB82 WEST 1234 5698 7654 32",
          "FR14 2004 1010 0505 0001 3M02 606");

  /** Addresses from the documentation ranges of RFC 5737. */
  static final List<String> IPS = List.of("203.0.113.7", "198.51.100.23", "192.0.2.146");

  private static final Map<String, List<String>> WORDS =
      Map.ofEntries(
          Map.entry("city", List.of("lisbon", "oslo", "kyoto", "nairobi", "lima", "dublin")),
          Map.entry("food", List.of("pasta", "curry", "pancakes", "ramen", "tacos", "risotto")),
          Map.entry("animal", List.of("cats", "otters", "penguins", "owls", "foxes")),
          Map.entry("topic", List.of("gardening", "chess", "jazz", "astronomy", "baking")),
          Map.entry("word", List.of("serendipity", "ephemeral", "ubiquitous", "quixotic")),
          Map.entry("doc", List.of("report", "roadmap", "audit", "proposal", "postmortem")),
          Map.entry("team", List.of("platform", "payments", "mobile", "data", "support")),
          Map.entry("tech", List.of("mysql", "kafka", "kubernetes", "terraform", "redis")),
          Map.entry("db", List.of("postgres", "oracle", "mongodb", "cassandra")),
          Map.entry("lang", List.of("german", "spanish", "japanese", "portuguese")),
          Map.entry("day", List.of("monday", "tuesday", "wednesday", "thursday", "friday")),
          Map.entry("name", List.of("alex", "sam", "priya", "jonas", "mei", "omar")),
          Map.entry("pet", List.of("cat", "dog", "parrot", "hamster", "rabbit")),
          Map.entry("owner", List.of("alice", "bob", "chen", "dana", "emeka")),
          Map.entry("level", List.of("high", "medium", "low")),
          Map.entry("venue", List.of("berlin", "madrid", "vienna", "warsaw", "athens")),
          Map.entry("currency", List.of("eur", "usd", "gbp", "jpy")),
          Map.entry("email", EMAILS),
          Map.entry("phone", PHONES),
          Map.entry("card", CARDS),
          Map.entry("iban", IBANS),
          Map.entry("ip", IPS));

  private Slots() {}

  /**
   * Replaces every {@code {slot}} in the template, left to right.
   *
   * @throws IllegalArgumentException when a template names an unknown slot (a bug in the bank)
   */
  static String fill(String template, SplitMix64 rng) {
    var out = new StringBuilder(template.length() + 32);
    int at = 0;
    while (at < template.length()) {
      int open = template.indexOf('{', at);
      if (open < 0) {
        out.append(template, at, template.length());
        break;
      }
      int close = template.indexOf('}', open);
      out.append(template, at, open).append(value(template.substring(open + 1, close), rng));
      at = close + 1;
    }
    return out.toString();
  }

  /** Draws one value for a slot: a word from its list or a number from its range. */
  static String value(String slot, SplitMix64 rng) {
    return switch (slot) {
      case "n" -> Integer.toString(100 + rng.nextInt(9_900));
      case "budget" -> Integer.toString(100 * (3 + rng.nextInt(48)));
      case "pct" -> Integer.toString(1 + rng.nextInt(40));
      case "k" -> Integer.toString(3 + rng.nextInt(8));
      case "months" -> Integer.toString(2 + rng.nextInt(22));
      case "year" -> Integer.toString(2019 + rng.nextInt(7));
      default -> {
        List<String> words = WORDS.get(slot);
        if (words == null) {
          throw new IllegalArgumentException("unknown prompt slot {" + slot + "}");
        }
        yield words.get(rng.nextInt(words.size()));
      }
    };
  }
}
