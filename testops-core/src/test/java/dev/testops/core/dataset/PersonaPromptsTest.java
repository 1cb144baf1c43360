package dev.testops.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Adversarial users exercise injection, PII scrubbing and contradictions; others state facts. */
class PersonaPromptsTest {
  private static final Pattern INJECTION =
      Pattern.compile("ignore (all )?previous instructions|developer mode|system prompt");
  private static final Pattern EMAIL = Pattern.compile("[a-z0-9.]+@example\\.(com|org|net)");
  private static final Pattern PHONE = Pattern.compile("\\+\\d{1,2}[- ]\\d");
  private static final Pattern CARD = Pattern.compile("\\b\\d{4} \\d{4,6} \\d{4,5}( \\d{4})?\\b");
  private static final Pattern IBAN = Pattern.compile("\\b[A-Z]{2}\\d{2}( [A-Z0-9]{4}){4}");
  private static final Pattern IP = Pattern.compile("\\b\\d{1,3}(\\.\\d{1,3}){3}\\b");
  private static final Pattern OPENING = Pattern.compile("^((?:the|my) [a-z]+) is ([a-z0-9]+)\\.");

  private final List<SyntheticUser> adversarial = users(Persona.ADVERSARIAL, 300);

  @Test
  void adversarial_everyUserAttemptsPromptInjection() {
    assertThat(adversarial).allSatisfy(user -> assertThat(anyPrompt(user, INJECTION)).isTrue());
  }

  @Test
  void adversarial_everyUserPastesPiiLookingStrings() {
    assertThat(adversarial)
        .allSatisfy(
            user ->
                assertThat(
                        anyPrompt(user, EMAIL)
                            || anyPrompt(user, PHONE)
                            || anyPrompt(user, CARD)
                            || anyPrompt(user, IBAN)
                            || anyPrompt(user, IP))
                    .as("PII in %s", user.turns())
                    .isTrue());
  }

  @Test
  void adversarial_pastesEveryKindOfPiiAcrossUsers() {
    for (Pattern pii : List.of(EMAIL, PHONE, CARD, IBAN, IP)) {
      assertThat(adversarial)
          .as("%s", pii)
          .anySatisfy(user -> assertThat(anyPrompt(user, pii)).isTrue());
    }
  }

  @Test
  void adversarial_cardNumbersPassTheLuhnCheck() {
    for (SyntheticUser user : adversarial) {
      for (Turn turn : user.turns()) {
        // IBANs are digit groups too; they have their own check digits, not Luhn's.
        Matcher card = CARD.matcher(IBAN.matcher(turn.prompt()).replaceAll("<iban>"));
        while (card.find()) {
          assertThat(luhnValid(card.group().replace(" ", ""))).as(card.group()).isTrue();
        }
      }
    }
  }

  @Test
  void adversarial_everyUserContradictsTheFactItOpenedWith() {
    assertThat(adversarial)
        .allSatisfy(
            user -> {
              Matcher opening = OPENING.matcher(user.turns().get(0).prompt());
              assertThat(opening.find()).as("opening %s", user.turns().get(0)).isTrue();
              String subject = opening.group(1);
              String value = opening.group(2);
              boolean contradicted =
                  user.turns().stream()
                      .skip(1)
                      .map(Turn::prompt)
                      .anyMatch(
                          prompt ->
                              prompt.contains(subject + " is not " + value)
                                  || (prompt.contains(subject + " is ")
                                      && !prompt.contains(subject + " is " + value + ".")));
              assertThat(contradicted).as("contradiction in %s", user.turns()).isTrue();
            });
  }

  @Test
  void otherPersonas_stateFactsAndSometimesChangeThem() {
    for (Persona persona : List.of(Persona.CASUAL, Persona.ANALYST, Persona.POWER_USER)) {
      List<String> prompts =
          users(persona, 300).stream()
              .flatMap(user -> user.turns().stream())
              .map(Turn::prompt)
              .toList();

      assertThat(prompts)
          .as("%s states facts", persona)
          .anyMatch(p -> p.matches("^(the|my) .* is .*"));
      assertThat(prompts).as("%s changes facts", persona).anyMatch(p -> p.startsWith("actually, "));
      assertThat(prompts)
          .as("%s stays honest", persona)
          .noneMatch(p -> INJECTION.matcher(p).find());
    }
  }

  private static List<SyntheticUser> users(Persona persona, int count) {
    var generator = new DatasetGenerator(Profiles.only(persona), 7L);
    return IntStream.range(0, count).mapToObj(generator::user).toList();
  }

  private static boolean anyPrompt(SyntheticUser user, Pattern pattern) {
    return user.turns().stream().anyMatch(turn -> pattern.matcher(turn.prompt()).find());
  }

  private static boolean luhnValid(String digits) {
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      int digit = digits.charAt(digits.length() - 1 - i) - '0';
      if (i % 2 == 1) {
        digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      }
      sum += digit;
    }
    return sum % 10 == 0;
  }
}
