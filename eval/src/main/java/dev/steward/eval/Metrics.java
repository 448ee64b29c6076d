package dev.steward.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Turns sample results into metrics, the way Inspect does.
 *
 * <ul>
 *   <li>Failed sample runs count in {@link EvalSummary#errors()} and in no metric: a sample that
 *       could not be asked or scored says nothing about the model's judgement.
 *   <li>Epochs are reduced first: a sample's value is the mean of its epochs' values, and metrics
 *       are over samples. With one epoch this changes nothing.
 *   <li>{@code accuracy} is the mean of the scores' numeric values; {@code refusal_rate} (refusal
 *       scorers only) is the share of answers judged refused; each has the standard error of the
 *       mean, {@code sqrt(var / n)} with the sample variance (divisor {@code n - 1}), and 0 for
 *       fewer than two samples.
 *   <li>When results repeat a sample run (same id and epoch), the later one counts: a stored error
 *       followed by its successful retry counts once, as completed.
 * </ul>
 */
public final class Metrics {
  public static final String ACCURACY = "accuracy";
  public static final String REFUSAL_RATE = "refusal_rate";

  /** The category of samples without one, when others have one. */
  public static final String UNCATEGORISED = "uncategorised";

  private Metrics() {}

  /** The summary of {@code results} for the named scorers, in that order. */
  public static EvalSummary summarise(List<SampleResult> results, List<String> scorerNames) {
    Map<SampleKey, SampleResult> latest = new LinkedHashMap<>();
    for (SampleResult r : results) {
      latest.remove(r.key());
      latest.put(r.key(), r);
    }
    int errors = 0;
    long in = 0;
    long out = 0;
    for (SampleResult r : latest.values()) {
      if (!r.ok()) {
        errors++;
      }
      in += r.inputTokens();
      out += r.outputTokens();
    }
    List<ScorerSummary> scorers = new ArrayList<>(scorerNames.size());
    for (String name : scorerNames) {
      scorers.add(summarise(name, latest.values()));
    }
    return new EvalSummary(latest.size(), latest.size() - errors, errors, scorers, in, out);
  }

  /** One sample's scores over its epochs. */
  private static final class PerSample {
    @Nullable String category;
    double sum;
    int n;
    double refusedSum;
    int refusedN;
  }

  private static ScorerSummary summarise(String scorer, Iterable<SampleResult> results) {
    Map<String, PerSample> bySample = new LinkedHashMap<>();
    for (SampleResult r : results) {
      Score s = r.scores().get(scorer);
      if (!r.ok() || s == null) {
        continue;
      }
      PerSample p = bySample.computeIfAbsent(r.sampleId(), k -> new PerSample());
      if (p.category == null) {
        p.category = r.category();
      }
      p.sum += s.numeric();
      p.n++;
      Boolean refused = s.refused();
      if (refused != null) {
        p.refusedSum += refused ? 1 : 0;
        p.refusedN++;
      }
    }
    List<Double> values = new ArrayList<>(bySample.size());
    List<Double> refusals = new ArrayList<>();
    boolean categorised = false;
    for (PerSample p : bySample.values()) {
      values.add(p.sum / p.n);
      if (p.refusedN > 0) {
        refusals.add(p.refusedSum / p.refusedN);
      }
      categorised |= p.category != null;
    }
    List<MetricValue> metrics = new ArrayList<>(2);
    metrics.add(mean(ACCURACY, values));
    if (!refusals.isEmpty()) {
      metrics.add(mean(REFUSAL_RATE, refusals));
    }
    Map<String, MetricValue> byCategory = new LinkedHashMap<>();
    if (categorised) {
      Map<String, List<Double>> groups = new TreeMap<>();
      for (PerSample p : bySample.values()) {
        String c = p.category == null ? UNCATEGORISED : p.category;
        groups.computeIfAbsent(c, k -> new ArrayList<>()).add(p.sum / p.n);
      }
      groups.forEach((c, v) -> byCategory.put(c, mean(ACCURACY, v)));
    }
    return new ScorerSummary(scorer, metrics, byCategory);
  }

  /** The mean of {@code values} with its standard error. */
  static MetricValue mean(String name, List<Double> unordered) {
    // summed in sorted order, so the same results in any completion order give identical figures
    List<Double> values = unordered.stream().sorted().toList();
    int n = values.size();
    if (n == 0) {
      return new MetricValue(name, 0, 0, 0);
    }
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    double mean = sum / n;
    if (n < 2) {
      return new MetricValue(name, mean, 0, n);
    }
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    double variance = squares / (n - 1);
    return new MetricValue(name, mean, Math.sqrt(variance / n), n);
  }
}
