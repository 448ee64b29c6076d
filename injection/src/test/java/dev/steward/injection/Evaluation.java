package dev.steward.injection;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Scores held-out examples with a detector and computes the figures TRAINING.md reports. */
final class Evaluation {
  /** The figures for one evaluation set. */
  record Result(
      String name,
      int positives,
      int negatives,
      double tprAt1,
      double tprAt5,
      double auc,
      double tprAtThreshold,
      double fprAtThreshold,
      double classifierTprAt1,
      double classifierAuc,
      double rulesTprAtThreshold,
      double rulesFprAtThreshold) {
    static String header() {
      return "| set | positives | negatives | TPR @ 1 % FPR | TPR @ 5 % FPR | AUC"
          + " | TPR / FPR at threshold | classifier alone: TPR @ 1 % FPR, AUC"
          + " | rules alone: TPR / FPR at threshold |\n"
          + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |";
    }

    String row() {
      return String.format(
          Locale.ROOT,
          "| %s | %d | %d | %.3f | %.3f | %.4f | %.3f / %.3f | %.3f, %.4f | %.3f / %.3f |",
          name,
          positives,
          negatives,
          tprAt1,
          tprAt5,
          auc,
          tprAtThreshold,
          fprAtThreshold,
          classifierTprAt1,
          classifierAuc,
          rulesTprAtThreshold,
          rulesFprAtThreshold);
    }
  }

  private final InjectionDetector detector;
  private final Map<String, Verdict> verdicts = new HashMap<>();

  Evaluation(InjectionDetector detector) {
    this.detector = detector;
  }

  Verdict verdict(String text) {
    Verdict v = verdicts.get(text);
    if (v == null) {
      v = detector.verdict(text, false);
      verdicts.put(text, v);
    }
    return v;
  }

  Result evaluate(String name, List<Example> examples) {
    List<Double> pos = new ArrayList<>();
    List<Double> neg = new ArrayList<>();
    List<Double> posClassifier = new ArrayList<>();
    List<Double> negClassifier = new ArrayList<>();
    List<Double> posRules = new ArrayList<>();
    List<Double> negRules = new ArrayList<>();
    for (Example e : examples) {
      Verdict v = verdict(e.text());
      double rules = InjectionRules.score(v.ruleHits());
      (e.injection() ? pos : neg).add(v.score());
      (e.injection() ? posClassifier : negClassifier).add(v.classifierScore());
      (e.injection() ? posRules : negRules).add(rules);
    }
    double[] p = unbox(pos);
    double[] n = unbox(neg);
    double[] pc = unbox(posClassifier);
    double[] nc = unbox(negClassifier);
    double t = detector.threshold();
    return new Result(
        name,
        p.length,
        n.length,
        Metrics.tprAtFpr(p, n, 0.01),
        Metrics.tprAtFpr(p, n, 0.05),
        Metrics.auc(p, n),
        Metrics.rateAtOrAbove(p, t),
        Metrics.rateAtOrAbove(n, t),
        Metrics.tprAtFpr(pc, nc, 0.01),
        Metrics.auc(pc, nc),
        Metrics.rateAtOrAbove(unbox(posRules), t),
        Metrics.rateAtOrAbove(unbox(negRules), t));
  }

  /** The fraction of texts flagged. */
  double flaggedRate(List<String> texts) {
    return (double) texts.stream().filter(s -> verdict(s).flagged()).count() / texts.size();
  }

  private static double[] unbox(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
