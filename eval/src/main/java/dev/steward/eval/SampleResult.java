package dev.steward.eval;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one run of one sample produced. A sample that could not be generated or scored has an {@code
 * error} (a message naming what failed, never the prompt) and counts in no metric.
 *
 * @param sampleId the sample's id
 * @param epoch from 1
 * @param input the sample's input (before the solver's template)
 * @param target the sample's target, when it has one
 * @param category the sample's category, when it has one
 * @param output the model's answer; {@code null} only when generation failed
 * @param model the model that answered, as the provider named it
 * @param stopReason why the model stopped, in lower case (e.g. {@code end_turn})
 * @param inputTokens prompt tokens the provider reported
 * @param outputTokens completion tokens the provider reported
 * @param latencyMillis from sending the request to receiving the answer
 * @param scores each scorer's score, by scorer name, in scorer order
 * @param error why this sample failed, or {@code null}
 * @param completedAt when the sample finished
 */
public record SampleResult(
    String sampleId,
    int epoch,
    String input,
    @Nullable String target,
    @Nullable String category,
    @Nullable String output,
    @Nullable String model,
    @Nullable String stopReason,
    long inputTokens,
    long outputTokens,
    long latencyMillis,
    Map<String, Score> scores,
    @Nullable String error,
    Instant completedAt) {

  public SampleResult {
    Objects.requireNonNull(sampleId, "sampleId");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(completedAt, "completedAt");
    scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
    if (sampleId.isBlank()) {
      throw new IllegalArgumentException("sampleId: blank (expected: a sample id)");
    }
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch: " + epoch + " (expected: >= 1)");
    }
    if (inputTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException(
          "tokens: " + inputTokens + ", " + outputTokens + " (expected: >= 0)");
    }
    if (latencyMillis < 0) {
      throw new IllegalArgumentException("latencyMillis: " + latencyMillis + " (expected: >= 0)");
    }
    if (error == null && output == null) {
      throw new IllegalArgumentException(
          "sample " + sampleId + ": neither output nor error (expected: one of them)");
    }
    for (Map.Entry<String, Score> e : scores.entrySet()) {
      Objects.requireNonNull(e.getKey(), "score name");
      Objects.requireNonNull(e.getValue(), "score");
    }
  }

  public SampleKey key() {
    return new SampleKey(sampleId, epoch);
  }

  /** Whether the sample completed without error. */
  public boolean ok() {
    return error == null;
  }
}
