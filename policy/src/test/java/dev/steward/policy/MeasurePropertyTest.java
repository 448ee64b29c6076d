package dev.steward.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.steward.config.ApprovalRules.Bound;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** The 95 % bounds of a metric: Wilson for proportions, the normal interval otherwise. */
class MeasurePropertyTest {

  @Property(tries = 1000)
  void wilson_containsTheValue_andStaysWithin0And1(
      @ForAll @DoubleRange(min = 0, max = 1) double p,
      @ForAll @IntRange(min = 1, max = 10_000_000) int n) {
    Measure m = new Measure(p, null, n);
    double lower = m.at(Bound.LOWER_95);
    double upper = m.at(Bound.UPPER_95);

    assertThat(lower).isBetween(0.0, p);
    assertThat(upper).isBetween(p, 1.0);
  }

  @Property(tries = 1000)
  void wilson_narrowsAsTheCountGrows(
      @ForAll @DoubleRange(min = 0, max = 1) double p,
      @ForAll @IntRange(min = 1, max = 1_000_000) int n,
      @ForAll @IntRange(min = 1, max = 1_000_000) int more) {
    Measure fewer = new Measure(p, null, n);
    Measure larger = new Measure(p, null, n + more);
    double before = fewer.at(Bound.UPPER_95) - fewer.at(Bound.LOWER_95);
    double after = larger.at(Bound.UPPER_95) - larger.at(Bound.LOWER_95);

    assertThat(after).isLessThanOrEqualTo(before + 1e-12);
  }

  @Property(tries = 300)
  void wilson_ignoresTheStderr_ofAProportion(
      @ForAll @DoubleRange(min = 0, max = 1) double p,
      @ForAll @IntRange(min = 1, max = 100_000) int n,
      @ForAll @DoubleRange(min = 0, max = 1) double stderr) {
    assertThat(new Measure(p, stderr, n).at(Bound.LOWER_95))
        .isEqualTo(new Measure(p, null, n).at(Bound.LOWER_95));
  }

  @Example
  void wilson_matchesPublishedValues() {
    Measure m = new Measure(0.95, null, 100);
    assertThat(m.at(Bound.LOWER_95)).isCloseTo(0.88825, within(1e-5));
    assertThat(m.at(Bound.UPPER_95)).isCloseTo(0.97846, within(1e-5));
    assertThat(new Measure(0, null, 10).at(Bound.UPPER_95)).isCloseTo(0.27753, within(1e-5));
    assertThat(new Measure(1, null, 10).at(Bound.LOWER_95)).isCloseTo(0.72247, within(1e-5));
    assertThat(new Measure(1, null, 10).at(Bound.UPPER_95)).isEqualTo(1.0);
  }

  @Example
  void notAProportion_usesTheStderr_orThePointWithoutOne() {
    Measure score = new Measure(3.2, 0.5, 40);
    assertThat(score.at(Bound.LOWER_95)).isCloseTo(3.2 - 1.959964 * 0.5, within(1e-12));
    assertThat(score.at(Bound.UPPER_95)).isCloseTo(3.2 + 1.959964 * 0.5, within(1e-12));
    assertThat(score.at(Bound.POINT)).isEqualTo(3.2);
    assertThat(score.hasInterval()).isTrue();

    Measure unknownCount = new Measure(0.9, 0.01, 0);
    assertThat(unknownCount.proportion()).isFalse();
    assertThat(unknownCount.at(Bound.LOWER_95)).isCloseTo(0.9 - 1.959964 * 0.01, within(1e-12));

    Measure bare = new Measure(3.2, null, 0);
    assertThat(bare.hasInterval()).isFalse();
    assertThat(bare.at(Bound.LOWER_95)).isEqualTo(3.2);
    assertThat(bare.at(Bound.UPPER_95)).isEqualTo(3.2);
  }

  @Example
  void invalidMeasures_areRefused() {
    assertThatThrownBy(() -> new Measure(Double.NaN, null, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value: NaN");
    assertThatThrownBy(() -> new Measure(0.5, -0.1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stderr: -0.1");
    assertThatThrownBy(() -> new Measure(0.5, Double.POSITIVE_INFINITY, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stderr: Infinity");
    assertThatThrownBy(() -> new Measure(0.5, null, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("count: -1");
  }
}
