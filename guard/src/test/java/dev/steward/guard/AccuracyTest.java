package dev.steward.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The targets of issue 4 on the generated corpus: precision and recall of at least 0.99 for every
 * identifier type. Run {@link AccuracyReport} for the full table.
 */
class AccuracyTest {
  static final Set<String> IDENTIFIERS =
      Set.of(
          "UK_NINO",
          "UK_NHS",
          "UK_UTR",
          "UK_PASSPORT",
          "UK_DRIVING_LICENCE",
          "UK_POSTCODE",
          "UK_SORT_CODE",
          "UK_BANK_ACCOUNT",
          "IBAN_CODE",
          "CREDIT_CARD",
          "PHONE_NUMBER",
          "EMAIL_ADDRESS",
          "IP_ADDRESS");

  @ParameterizedTest
  @ValueSource(longs = {42, 20250101})
  void identifiersMeetPrecisionAndRecallTargets(long seed) {
    List<Corpus.Sample> samples = Corpus.generate(seed, 6000);
    Accuracy a = Accuracy.measure(PersonalDataScanner.create(), samples);
    for (String type : IDENTIFIERS) {
      Accuracy.Counts c = a.counts(type);
      assertThat(c.support()).as(type + " support").isGreaterThan(300);
      assertThat(c.precision()).as(type + " precision\n" + a.table()).isGreaterThanOrEqualTo(0.99);
      assertThat(c.recall()).as(type + " recall\n" + a.table()).isGreaterThanOrEqualTo(0.99);
    }
  }
}
