package dev.steward.injection;

import java.util.Arrays;

/** Detection metrics over scores of positives (injections) and negatives (benign). */
final class Metrics {
  private Metrics() {}

  /**
   * The true-positive rate at the strictest threshold whose false-positive rate is at most {@code
   * maxFpr}: the threshold sits just above the (k+1)-th highest negative, k = floor(maxFpr × n),
   * and a positive counts only when it scores strictly higher (ties go against the detector).
   */
  static double tprAtFpr(double[] positives, double[] negatives, double maxFpr) {
    double cut = cutAtFpr(negatives, maxFpr);
    long caught = Arrays.stream(positives).filter(p -> p > cut).count();
    return (double) caught / positives.length;
  }

  /** The score a positive must exceed for {@link #tprAtFpr}. */
  static double cutAtFpr(double[] negatives, double maxFpr) {
    double[] sorted = negatives.clone();
    Arrays.sort(sorted);
    int allowed = (int) Math.floor(maxFpr * sorted.length + 1e-9);
    if (allowed >= sorted.length) {
      return Double.NEGATIVE_INFINITY;
    }
    return sorted[sorted.length - 1 - allowed];
  }

  /** Area under the ROC curve (Mann-Whitney; ties count one half). */
  static double auc(double[] positives, double[] negatives) {
    double wins = 0;
    for (double p : positives) {
      for (double n : negatives) {
        wins += p > n ? 1 : p == n ? 0.5 : 0;
      }
    }
    return wins / ((double) positives.length * negatives.length);
  }

  /** The fraction of scores at or above the threshold. */
  static double rateAtOrAbove(double[] scores, double threshold) {
    return (double) Arrays.stream(scores).filter(s -> s >= threshold).count() / scores.length;
  }
}
