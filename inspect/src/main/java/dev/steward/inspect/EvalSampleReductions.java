package dev.steward.inspect;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One scorer's per-sample scores, reduced across epochs (Inspect's {@code EvalSampleReductions}).
 *
 * @param reducer the reducer, if named
 * @param samples one reduced score per sample
 */
public record EvalSampleReductions(
    String scorer, @Nullable String reducer, List<EvalSampleScore> samples) {

  public EvalSampleReductions {
    Json.nonBlank("reductions.scorer", scorer);
    samples = List.copyOf(samples);
  }
}
