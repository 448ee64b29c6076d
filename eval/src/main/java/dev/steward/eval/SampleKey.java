package dev.steward.eval;

import java.util.Objects;

/**
 * Identifies one run of one sample: its id and epoch (from 1).
 *
 * @param sampleId the sample's id
 * @param epoch from 1 to the run's epochs
 */
public record SampleKey(String sampleId, int epoch) {
  public SampleKey {
    Objects.requireNonNull(sampleId, "sampleId");
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch: " + epoch + " (expected: >= 1)");
    }
  }
}
