package dev.steward.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PersonalDataScannerTest {
  private final PersonalDataScanner scanner = PersonalDataScanner.create();
  private final PersonalDataScanner everything = PersonalDataScanner.builder().minScore(0).build();

  /** The single finding in {@code text}, checked to cover {@code expected} exactly. */
  private Finding only(String text, String expected) {
    List<Finding> found = scanner.scan(text);
    assertThat(found).as(text).hasSize(1);
    Finding f = found.get(0);
    assertThat(text.substring(f.start(), f.end())).isEqualTo(expected);
    return f;
  }

  // ---- NINO ----------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {"AB123456C", "AB 12 34 56 C", "AB 123456 C", "ab123456c", "AB-12-34-56-C"})
  void nino_commonFormats(String nino) {
    Finding f = only("My NI number is " + nino + ".", nino);
    assertThat(f.type()).isEqualTo("UK_NINO");
    assertThat(f.score()).isEqualTo(0.99);
  }

  @Test
  void nino_issueExampleOffsets() {
    Finding f = only("NINO is: AB123456C", "AB123456C");
    assertThat(f.start()).isEqualTo(9);
    assertThat(f.end()).isEqualTo(18);
  }

  @Test
  void nino_withoutContextStillReportedButLower() {
    assertThat(only("Reference AB123456C on file", "AB123456C").score()).isEqualTo(0.9);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "QQ123456C",
        "GB123456A",
        "BG123456A",
        "TN123456A",
        "DA123456A",
        "AO123456A",
        "AB123456E",
        "AB 12 34 56 E",
        "ab 12 34 56 c",
        "AB 12-34 56 C",
        "XAB123456C"
      })
  void nino_invalidNotReported(String nino) {
    assertThat(scanner.scan("National insurance number " + nino + " here")).isEmpty();
  }

  @Test
  void nino_withoutSuffixOnlyBesideContext() {
    assertThat(only("NI number AB123456 please", "AB123456").score()).isEqualTo(0.8);
    assertThat(scanner.scan("Part AB123456 please")).isEmpty();
  }

  // ---- NHS -----------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"401 023 2137", "4010232137", "401-023-2137"})
  void nhs_withContext(String number) {
    Finding f = only("My NHS number is " + number + ".", number);
    assertThat(f.type()).isEqualTo("UK_NHS");
    assertThat(f.score()).isEqualTo(0.95);
  }

  @Test
  void nhs_withoutContextScoresBelowTheDefaultThreshold() {
    assertThat(scanner.scan("Order 4010232137 shipped")).isEmpty();
    List<Finding> low = everything.scan("Order 4010232137 shipped");
    assertThat(low).extracting(Finding::type).containsExactly("UK_NHS");
    assertThat(low.get(0).score()).isLessThan(PersonalDataScanner.DEFAULT_MIN_SCORE);
  }

  @Test
  void nhs_contextAfterTheNumberCounts() {
    only("4010232137 is my NHS number", "4010232137");
  }

  @Test
  void nhs_referenceWordNearerThanContextWins() {
    assertThat(scanner.scan("NHS letters quote order 4010232137 only")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"943 476 5919", "401 023 2138", "4010 2321 37"})
  void nhs_unissuedBadChecksumOrWrongGroupingNotReported(String number) {
    assertThat(scanner.scan("NHS number " + number)).isEmpty();
  }

  @Test
  void nhs_scottishChiAndNorthernIrishNumbers() {
    String chi = "010100123" + Identifiers.nhsCheck("010100123"); // born 1 January 2000
    only("CHI number " + chi + " for the patient", chi);
    String hc = "320000001" + Identifiers.nhsCheck("320000001");
    only("H&C number " + hc, hc);
  }

  // ---- UTR -----------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"2234567890", "22345 67890", "2234567890K"})
  void utr_withContext(String utr) {
    Finding f = only("My UTR is " + utr + ".", utr);
    assertThat(f.type()).isEqualTo("UK_UTR");
  }

  @Test
  void utr_withoutContextOrWithBadCheckDigitNotReported() {
    assertThat(scanner.scan("Number 2234567890 again")).isEmpty();
    assertThat(scanner.scan("My UTR is 1234567890")).isEmpty();
  }

  // ---- passport, sort code, account ---------------------------------------------------------

  @Test
  void passport_onlyWithContext() {
    assertThat(only("Passport number: 123456789", "123456789").type()).isEqualTo("UK_PASSPORT");
    assertThat(scanner.scan("Booking 123456789 confirmed")).isEmpty();
  }

  @Test
  void sortCodeAndAccount_besideTheirWords() {
    List<Finding> found = scanner.scan("Sort code 12-34-56, account number 12345678.");
    assertThat(found).extracting(Finding::type).containsExactly("UK_SORT_CODE", "UK_BANK_ACCOUNT");
    assertThat(scanner.scan("We met on 12-03-24 about it.")).isEmpty();
    assertThat(scanner.scan("It took ages to sort out 12-03-24.")).isEmpty();
  }

  // ---- DVLA ----------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"MORGA753116SM9IJ", "MORGA 753116 SM9IJ", "LEE99812245J99AB"})
  void licence_formats(String licence) {
    Finding f = only("Driving licence " + licence + " issue 35", licence);
    assertThat(f.type()).isEqualTo("UK_DRIVING_LICENCE");
    assertThat(f.score()).isEqualTo(0.99);
  }

  @Test
  void licence_impossibleBirthDateNotReported() {
    assertThat(scanner.scan("Driving licence MORGA713116SM9IJ")).isEmpty();
  }

  // ---- postcode ------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"SW1A 1AA", "SW1A1AA", "M1 1AE", "GIR 0AA", "BFPO 123", "DN55 1PT"})
  void postcode_formats(String code) {
    assertThat(only("My postcode is " + code + ".", code).type()).isEqualTo("UK_POSTCODE");
  }

  @Test
  void postcode_scoresHigherWithContextAndWithTheSpace() {
    assertThat(only("Send it to SW1A 1AA today", "SW1A 1AA").score()).isEqualTo(0.85);
    assertThat(only("Postcode SW1A 1AA", "SW1A 1AA").score()).isEqualTo(0.95);
    assertThat(only("Send it to SW1A1AA today", "SW1A1AA").score()).isEqualTo(0.6);
  }

  @ParameterizedTest
  @ValueSource(strings = {"QA1 1AA", "sw1a 1aa", "SW1A 1CA", "AB1 1AAA"})
  void postcode_invalidNotReported(String code) {
    assertThat(scanner.scan("Postcode " + code + " here")).isEmpty();
  }

  // ---- IBAN, cards ---------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432"})
  void iban_formats(String iban) {
    assertThat(only("IBAN " + iban, iban).type()).isEqualTo("IBAN_CODE");
  }

  @Test
  void iban_badCheckDigitsReportNothingInside() {
    assertThat(scanner.scan("IBAN GB82 WEST 1234 5698 7654 33, call me")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "4111 1111 1111 1111, 1.0",
    "4111-1111-1111-1111, 1.0",
    "4111111111111111, 1.0",
    "3782 822463 10005, 1.0",
    "5555555555554444, 1.0"
  })
  void card_formats(String card, double score) {
    Finding f = only("Card number " + card + " please", card);
    assertThat(f.type()).isEqualTo("CREDIT_CARD");
    assertThat(f.score()).isEqualTo(score);
  }

  @Test
  void card_scoresByContext() {
    assertThat(only("Use 4111111111111111 now", "4111111111111111").score()).isEqualTo(0.85);
    assertThat(scanner.scan("Order 4111111111111111 shipped")).isEmpty();
    assertThat(scanner.scan("Card 4111111111111112 declined")).isEmpty();
    assertThat(scanner.scan("Card 4111 1111 11 111111 declined")).isEmpty();
  }

  // ---- phone ---------------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "020 7946 0958",
        "0161 496 0000",
        "07911 123456",
        "07911123456",
        "+44 7911 123456",
        "+44 (0)20 7946 0958",
        "(020) 7946 0958",
        "+1 202 555 0143",
        "0044 20 7946 0958"
      })
  void phone_formats(String phone) {
    Finding f = only("Call me on " + phone + " today", phone);
    assertThat(f.type()).isEqualTo("PHONE_NUMBER");
    assertThat(f.score()).isEqualTo(0.95);
  }

  @Test
  void phone_withoutContextLowerAndReferenceWordsSuppress() {
    assertThat(only("See 020 7946 0958 today", "020 7946 0958").score()).isEqualTo(0.7);
    assertThat(scanner.scan("Invoice 020 7946 0958 today")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"07700 900123", "0123 456789", "01 23 45 67 89", "020 7946 09"})
  void phone_invalidNotReported(String phone) {
    assertThat(scanner.scan("Call " + phone + " today")).isEmpty();
  }

  // ---- email, IP ----------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"jane.doe@example.co.uk", "j_smith+tag@nhs.net", "a1@b-c.example.org"})
  void email_formats(String email) {
    assertThat(only("Write to " + email + ".", email).type()).isEqualTo("EMAIL_ADDRESS");
  }

  @ParameterizedTest
  @ValueSource(strings = {"user@localhost", "@example.com", "user@.com", "user@example.c0m"})
  void email_invalidNotReported(String text) {
    assertThat(scanner.scan("Write to " + text + " now")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"192.168.0.1", "8.8.8.8", "2001:db8::8a2e:370:7334", "fe80::1", "::1"})
  void ip_formats(String ip) {
    assertThat(only("Connection from " + ip + ".", ip).type()).isEqualTo("IP_ADDRESS");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1.2.3.4.5",
        "256.1.1.1",
        "version 1.2.3",
        "at 10:30:45",
        "see section 4.2.1.3",
        "3.14159",
        "MAC 00:1A:2B:3C:4D:5E"
      })
  void ip_negatives(String text) {
    assertThat(scanner.scan(text)).isEmpty();
  }

  // ---- the scan as a whole ------------------------------------------------------------------

  @Test
  void offsetsAreUtf16CodeUnits() {
    String text = "\uD83D\uDE00\uD835\uDC00 caf\u00e9 \u2014 NI AB123456C";
    Finding f = scanner.scan(text).get(0);
    assertThat(f.start()).isEqualTo(text.indexOf("AB123456C"));
    assertThat(f.start()).isEqualTo(15);
    assertThat(text.substring(f.start(), f.end())).isEqualTo("AB123456C");
  }

  @Test
  void findingsAreSortedAndDoNotOverlap() {
    String text =
        "Email 07911123456@example.com, call 07911 123456, NHS 4010232137, card 4111111111111111.";
    List<Finding> found = scanner.scan(text);
    assertThat(found)
        .extracting(Finding::type)
        .containsExactly("EMAIL_ADDRESS", "PHONE_NUMBER", "UK_NHS", "CREDIT_CARD");
    for (int k = 1; k < found.size(); k++) {
      assertThat(found.get(k).start()).isGreaterThanOrEqualTo(found.get(k - 1).end());
    }
  }

  @Test
  void overlapRule_higherScoreThenLongerWins() {
    Finding low = new Finding("B", 0, 10, 0.5);
    Finding high = new Finding("A", 5, 8, 0.9);
    Finding longer = new Finding("C", 0, 12, 0.9);
    List<Finding> ordered =
        java.util.stream.Stream.of(low, high, longer).sorted(Scan.PRIORITY).toList();
    assertThat(ordered).containsExactly(longer, high, low);
  }

  @Test
  void builder_choosesTypesAndMinimumScore() {
    PersonalDataScanner onlyEmail =
        PersonalDataScanner.builder().types(PersonalDataType.EMAIL_ADDRESS).build();
    String text = "Reference AB123456C, jane@example.com";
    assertThat(onlyEmail.scan(text)).extracting(Finding::type).containsExactly("EMAIL_ADDRESS");
    PersonalDataScanner strict = PersonalDataScanner.builder().minScore(0.95).build();
    assertThat(strict.scan(text)).extracting(Finding::type).containsExactly("EMAIL_ADDRESS");
    assertThat(onlyEmail.types()).containsExactly(PersonalDataType.EMAIL_ADDRESS);
    assertThat(strict.minScore()).isEqualTo(0.95);
  }

  @Test
  void builder_rejectsBadOptions() {
    assertThatThrownBy(() -> PersonalDataScanner.builder().minScore(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minScore: 1.5 (expected: 0..1)");
    assertThatThrownBy(() -> PersonalDataScanner.builder().minScore(0.5).minScore(0.6))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("minScore was already set to 0.5");
    assertThatThrownBy(() -> PersonalDataScanner.builder().types(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                PersonalDataScanner.builder()
                    .types(PersonalDataType.UK_NHS)
                    .types(PersonalDataType.UK_NINO))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void finding_validatesItsFields() {
    assertThatThrownBy(() -> new Finding("UK_NINO", 5, 5, 0.5))
        .hasMessage("span: [5, 5) (expected: 0 <= start < end)");
    assertThatThrownBy(() -> new Finding("UK_NINO", 0, 5, 1.5))
        .hasMessage("score: 1.5 (expected: 0..1)");
    assertThatThrownBy(() -> new Finding(" ", 0, 5, 0.5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void emptyAndPlainTextFindNothing() {
    assertThat(scanner.scan("")).isEmpty();
    assertThat(scanner.scan("The bins were not collected on 12/03/2024 at 10:30.")).isEmpty();
  }
}
