package dev.steward.injection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsTest {
  private static final double[] NEG = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95};
  private static final double[] POS = {0.85, 0.92, 0.96, 0.99};

  @Test
  void tprAtFpr_cutsAboveTheAllowedNumberOfNegatives() {
    // 10 negatives: 1 % allows none, so a positive must beat 0.95; 10 % allows one (beat 0.9).
    assertThat(Metrics.tprAtFpr(POS, NEG, 0.01)).isEqualTo(0.5);
    assertThat(Metrics.tprAtFpr(POS, NEG, 0.10)).isEqualTo(0.75);
  }

  @Test
  void tprAtFpr_tiesCountAgainstTheDetector() {
    assertThat(Metrics.tprAtFpr(new double[] {0.95}, NEG, 0.01)).isZero();
  }

  @Test
  void auc_matchesPairCounting() {
    assertThat(Metrics.auc(new double[] {1}, new double[] {0})).isEqualTo(1);
    assertThat(Metrics.auc(new double[] {0.5}, new double[] {0.5})).isEqualTo(0.5);
    assertThat(Metrics.auc(POS, NEG)).isEqualTo((8 + 9 + 10 + 10) / 40.0);
  }
}
