package dev.steward.inspect;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A score and the sample it is for (Inspect's {@code EvalSampleScore}).
 *
 * @param sampleId the sample's id, if recorded (written as for {@link EvalSample#id()})
 */
public record EvalSampleScore(@Nullable String sampleId, Score score) {

  public EvalSampleScore {
    Objects.requireNonNull(score, "score");
  }
}
