package dev.steward.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

/** Invariants of the scanner over generated identifiers and arbitrary text. */
class PersonalDataScannerPropertyTest {
  private static final PersonalDataScanner SCANNER = PersonalDataScanner.create();

  /** An identifier generator with the sentence that gives it context. */
  record Kind(String type, String before, Function<Identifiers, String> make) {
    @Override
    public String toString() {
      return type;
    }
  }

  private static final List<Kind> KINDS =
      List.of(
          new Kind("UK_NINO", "My NI number is ", id -> id.formatNino(id.ninoCompact(true))),
          new Kind("UK_NHS", "NHS number: ", id -> id.formatNhs(id.nhsCompact())),
          new Kind("UK_UTR", "My UTR is ", id -> id.formatUtr(id.utrCompact())),
          new Kind("UK_PASSPORT", "Passport number ", Identifiers::passport),
          new Kind("UK_DRIVING_LICENCE", "Driving licence ", Identifiers::licence),
          new Kind("UK_POSTCODE", "Postcode ", Identifiers::postcode),
          new Kind("UK_SORT_CODE", "Sort code ", Identifiers::sortCode),
          new Kind("UK_BANK_ACCOUNT", "Account number ", Identifiers::account),
          new Kind("IBAN_CODE", "IBAN ", id -> id.formatIban(id.ibanCompact(true))),
          new Kind("CREDIT_CARD", "Card number ", id -> id.formatCard(id.cardCompact(true))),
          new Kind("PHONE_NUMBER", "Call me on ", Identifiers::phone),
          new Kind("EMAIL_ADDRESS", "Email ", Identifiers::email),
          new Kind(
              "IP_ADDRESS", "From IP ", id -> id.random().nextBoolean() ? id.ipv4() : id.ipv6()));

  @Provide
  Arbitrary<Kind> kinds() {
    return Arbitraries.of(KINDS);
  }

  @Provide
  Arbitrary<String> prefixes() {
    return Arbitraries.of("", "\uD83D\uDE00 ", "caf\u00e9 ", "\uD835\uDC00\uD835\uDC01\n", "Hi. ");
  }

  @Property(tries = 600)
  void validIdentifierIsFoundAtItsExactSpan(
      @ForAll("kinds") Kind kind, @ForAll long seed, @ForAll("prefixes") String prefix) {
    String value = kind.make().apply(new Identifiers(new Random(seed)));
    String text = prefix + kind.before() + value + ", thanks.";
    int start = prefix.length() + kind.before().length();
    List<Finding> found = SCANNER.scan(text);
    assertThat(found)
        .as(text)
        .contains(new Finding(kind.type(), start, start + value.length(), scoreOf(found, start)));
  }

  private static double scoreOf(List<Finding> found, int start) {
    return found.stream()
        .filter(f -> f.start() == start)
        .mapToDouble(Finding::score)
        .findFirst()
        .orElse(1);
  }

  @Property(tries = 500)
  void arbitraryTextNeverThrowsAndFindingsAreWellFormed(
      @ForAll @StringLength(max = 300) String text) {
    checkWellFormed(text, PersonalDataScanner.builder().minScore(0).build().scan(text));
  }

  @Property(tries = 500)
  void digitHeavyTextNeverThrows(@ForAll("digitHeavy") String text) {
    checkWellFormed(text, PersonalDataScanner.builder().minScore(0).build().scan(text));
  }

  @Provide
  Arbitrary<String> digitHeavy() {
    return Arbitraries.strings()
        .withChars("0123456789 -+().:@/GBABCDEFghK\u00A0\uD83D\uDE00")
        .ofMaxLength(120);
  }

  private static void checkWellFormed(String text, List<Finding> found) {
    int previousEnd = 0;
    for (Finding f : found) {
      assertThat(f.start()).isGreaterThanOrEqualTo(previousEnd);
      assertThat(f.end()).isLessThanOrEqualTo(text.length());
      previousEnd = f.end();
    }
  }
}
