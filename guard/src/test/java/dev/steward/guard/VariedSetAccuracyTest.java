package dev.steward.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The targets for names and addresses on the hand-written varied set: recall of at least
 * 0.90 at precision of at least 0.85, exact spans, on the frozen test part (never tuned on). Run
 * {@link AccuracyReport} for the table.
 */
class VariedSetAccuracyTest {
  @Test
  void namesAndAddresses_meetTargetsOnTheFrozenTestPart() {
    List<Corpus.Sample> test = VariedSet.test();
    Accuracy a =
        Accuracy.measure(PersonalDataScanner.create(), test, AccuracyReport.NAMES_AND_ADDRESSES);
    for (String type : AccuracyReport.NAMES_AND_ADDRESSES) {
      Accuracy.Counts c = a.counts(type);
      assertThat(c.support()).as(type + " support").isGreaterThan(80);
      assertThat(c.recall()).as(type + " recall\n" + a.table()).isGreaterThanOrEqualTo(0.90);
      assertThat(c.precision()).as(type + " precision\n" + a.table()).isGreaterThanOrEqualTo(0.85);
    }
  }

  @Test
  void theSetIsLargeAndItsPartsAreApart() {
    List<Corpus.Sample> dev = VariedSet.dev();
    List<Corpus.Sample> test = VariedSet.test();
    assertThat(dev.size() + test.size()).isGreaterThanOrEqualTo(400);
    assertThat(test.size()).isGreaterThan(dev.size());
    assertThat(test)
        .extracting(Corpus.Sample::text)
        .doesNotContainAnyElementsOf(dev.stream().map(Corpus.Sample::text).toList());
  }

  @Test
  void parse_marksSpansInTheTextWithoutTheMarkup() {
    Corpus.Sample s =
        VariedSet.parse("Dear [[P:Ms Eze]],\nsee [[L:4 Fern Hill, Reading]] RG1 5HS", "t");
    assertThat(s.text()).isEqualTo("Dear Ms Eze,\nsee 4 Fern Hill, Reading RG1 5HS");
    assertThat(s.labels())
        .containsExactly(new Finding("PERSON", 5, 11, 1.0), new Finding("LOCATION", 17, 37, 1.0));
  }
}
