package dev.steward.guard;

import static dev.steward.guard.PersonalDataAction.ALLOW;
import static dev.steward.guard.PersonalDataAction.BLOCK;
import static dev.steward.guard.PersonalDataAction.MASK;
import static dev.steward.guard.PersonalDataAction.PSEUDONYMISE;
import static dev.steward.guard.PersonalDataAction.REDACT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactorTest {
  private static final PersonalDataScanner SCANNER = PersonalDataScanner.create();

  private static Redaction apply(Redactor r, String text) {
    return r.apply(text, SCANNER.scan(text));
  }

  private static Redactor all(PersonalDataAction action) {
    return Redactor.create(t -> action);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "AB 12 34 56 C|** ** *4 56 C",
        "4111 1111 1111 1111|**** **** **** 1111",
        "jane.doe@example.com|****.***@******e.com",
        "Mr Li|** **",
        "abcd|****",
        "abcde|*bcde",
        "07700-900-123|*****-**0-123",
        "Zo\u00eb \u0160imkov\u00e1|*** ***kov\u00e1",
        "\uD835\uDC00\uD835\uDC01\uD835\uDC02\uD835\uDC03\uD835\uDC04x|"
            + "**\uD835\uDC02\uD835\uDC03\uD835\uDC04x"
      })
  void mask_keepsLastFourLettersOrDigitsAndSeparators(String value, String masked) {
    StringBuilder out = new StringBuilder();
    Redactor.mask(value, 0, value.length(), out);
    assertThat(out).hasToString(masked);
  }

  @Test
  void apply_eachAction() {
    String text = "My NI number is AB 12 34 56 C, email jane.doe@example.com.";
    assertThat(apply(all(ALLOW), text).text()).isEqualTo(text);
    assertThat(apply(all(MASK), text).text())
        .isEqualTo("My NI number is ** ** *4 56 C, email ****.***@******e.com.");
    assertThat(apply(all(REDACT), text).text())
        .isEqualTo("My NI number is [UK_NINO], email [EMAIL_ADDRESS].");
    assertThat(apply(all(PSEUDONYMISE), text).text())
        .isEqualTo("My NI number is <UK_NINO_1>, email <EMAIL_ADDRESS_1>.");
  }

  @Test
  void apply_recordsEveryFindingWithOriginalOffsets() {
    String text = "NI AB123456C and card 4111 1111 1111 1111";
    Redactor r = Redactor.create(t -> t == PersonalDataType.CREDIT_CARD ? REDACT : ALLOW);
    Redaction red = apply(r, text);
    assertThat(red.applied())
        .containsExactly(
            new Applied(PersonalDataType.UK_NINO, ALLOW, 3, 12),
            new Applied(PersonalDataType.CREDIT_CARD, REDACT, 22, 41));
    assertThat(red.changed()).isTrue();
    assertThat(red.isBlocked()).isFalse();
    assertThat(red.text()).isEqualTo("NI AB123456C and card [CREDIT_CARD]");
  }

  @Test
  void apply_allowOnly_isUnchanged() {
    Redaction red = apply(all(ALLOW), "Card 4111 1111 1111 1111");
    assertThat(red.changed()).isFalse();
    assertThat(red.applied()).hasSize(1);
  }

  @Test
  void apply_block_setsBlockedAndStillRedactsEverything() {
    Redactor r =
        Redactor.create(
            t ->
                switch (t) {
                  case UK_NHS -> BLOCK;
                  case EMAIL_ADDRESS -> MASK;
                  default -> ALLOW;
                });
    String text = "a@example.com, NHS number 401 023 2137, then NHS 485 777 3457.";
    Redaction red = apply(r, text);
    assertThat(red.isBlocked()).isTrue();
    assertThat(red.blocked()).isEqualTo(new Applied(PersonalDataType.UK_NHS, BLOCK, 26, 38));
    assertThat(red.text()).isEqualTo("*@******e.com, NHS number [UK_NHS], then NHS [UK_NHS].");
  }

  @Test
  void pseudonymise_sameValueSamePlaceholderAcrossSpellingsAndCalls() {
    Redactor r = all(PSEUDONYMISE);
    Redaction first = apply(r, "NHS number 401 023 2137 and NHS number 4010232137; NI AB123456C.");
    assertThat(first.text())
        .isEqualTo("NHS number <UK_NHS_1> and NHS number <UK_NHS_1>; NI <UK_NINO_1>.");
    Redaction second = apply(r, "NHS number 485-777-3457, NI ab123456c, NHS 401-023-2137");
    assertThat(second.text()).isEqualTo("NHS number <UK_NHS_2>, NI <UK_NINO_1>, NHS <UK_NHS_1>");
    assertThat(r.pseudonymised()).isTrue();
    assertThat(r.restore("<UK_NHS_1>, <UK_NHS_2>, <UK_NINO_1>"))
        .isEqualTo("401 023 2137, 485-777-3457, AB123456C");
  }

  @Test
  void pseudonymise_namesCaseFolded() {
    Redactor r = all(PSEUDONYMISE);
    String text = "Sarah O'Brien and SARAH O'BRIEN";
    Redaction red =
        r.apply(
            text, List.of(new Finding("PERSON", 0, 13, 0.9), new Finding("PERSON", 18, 31, 0.9)));
    assertThat(red.text()).isEqualTo("<PERSON_1> and <PERSON_1>");
    assertThat(r.restore(red.text())).isEqualTo("Sarah O'Brien and Sarah O'Brien");
  }

  @Test
  void pseudonymise_skipsPlaceholdersTheTextAlreadyHolds() {
    Redactor r = all(PSEUDONYMISE);
    String text = "Template <UK_NINO_1> for AB123456C";
    assertThat(apply(r, text).text()).isEqualTo("Template <UK_NINO_1> for <UK_NINO_2>");
    assertThat(r.restore("Template <UK_NINO_1> for <UK_NINO_2>"))
        .isEqualTo("Template <UK_NINO_1> for AB123456C");
  }

  @Test
  void restore_leavesPlaceholdersNotIssuedAlone() {
    Redactor r = all(PSEUDONYMISE);
    assertThat(r.restore("<PERSON_1>")).isEqualTo("<PERSON_1>");
    assertThat(r.pseudonymised()).isFalse();
    apply(r, "NI AB123456C");
    assertThat(
            r.restore("<UK_NINO_1> <UK_NINO_2> <PERSON_1> <uk_nino_1> < UK_NINO_1> <<UK_NINO_1>>"))
        .isEqualTo("AB123456C <UK_NINO_2> <PERSON_1> <uk_nino_1> < UK_NINO_1> <AB123456C>");
  }

  @Test
  void restorer_holdsBackOnlyAPossiblePartialPlaceholder() {
    Redactor r = all(PSEUDONYMISE);
    apply(r, "NI AB123456C");
    Restorer s = r.restorer();
    assertThat(s.accept("Your number <UK")).isEqualTo("Your number ");
    assertThat(s.accept("_NINO_")).isEmpty();
    assertThat(s.accept("1> is on file <b>")).isEqualTo("AB123456C is on file <b>");
    assertThat(s.accept(" x < y")).isEqualTo(" x < y");
    assertThat(s.accept(" <UK_NINO_1")).isEqualTo(" ");
    assertThat(s.finish()).isEqualTo("<UK_NINO_1");
  }

  @Test
  void restorer_withoutPlaceholders_releasesEverything() {
    Restorer s = all(MASK).restorer();
    assertThat(s.accept("a <PERS")).isEqualTo("a <PERS");
    assertThat(s.finish()).isEmpty();
  }

  @Test
  void actions_askedOncePerType() {
    List<PersonalDataType> asked = new ArrayList<>();
    Redactor r =
        Redactor.create(
            t -> {
              asked.add(t);
              return REDACT;
            });
    apply(r, "NI AB123456C, NI AB123456D, card 4111 1111 1111 1111");
    assertThat(asked).containsExactly(PersonalDataType.UK_NINO, PersonalDataType.CREDIT_CARD);
  }

  @Test
  void apply_rejectsFindingsThatDoNotFitTheText() {
    Redactor r = all(REDACT);
    assertThatThrownBy(() -> r.apply("short", List.of(new Finding("UK_NINO", 2, 9, 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("within a text of 5 chars");
    assertThatThrownBy(
            () ->
                r.apply(
                    "0123456789",
                    List.of(new Finding("UK_NINO", 2, 6, 1), new Finding("UK_NHS", 5, 8, 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not overlapping");
    assertThatThrownBy(() -> r.apply("0123456789", List.of(new Finding("SSN", 2, 6, 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SSN");
  }

  @Test
  @SuppressWarnings("NullAway") // the function breaks its contract on purpose
  void actions_returningNull_fails() {
    Redactor r = Redactor.create(t -> Map.<PersonalDataType, PersonalDataAction>of().get(t));
    assertThatThrownBy(() -> apply(r, "NI AB123456C"))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("UK_NINO");
  }

  @Test
  void toString_neverShowsValues() {
    Redactor r = all(PSEUDONYMISE);
    apply(r, "NI AB123456C");
    assertThat(r.toString()).doesNotContain("AB123456C");
  }
}
