package dev.steward.inspect;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The dataset an evaluation drew its samples from (Inspect's {@code EvalDataset}); every field is
 * optional.
 *
 * @param name the dataset's name
 * @param location where it was read from (a path or URL)
 * @param samples how many samples the dataset holds (not how many were run)
 * @param sampleIds the ids of the samples run, in order; empty when not recorded. An id that is a
 *     canonical integer ({@code 12}, not {@code 012}) is written as a JSON integer
 * @param shuffled whether the samples were shuffled after reading
 */
public record EvalDataset(
    @Nullable String name,
    @Nullable String location,
    @Nullable Integer samples,
    List<String> sampleIds,
    @Nullable Boolean shuffled) {

  /** A dataset about which nothing is recorded. */
  public static final EvalDataset UNKNOWN = new EvalDataset(null, null, null, List.of(), null);

  public EvalDataset {
    Json.optionalAtLeast("dataset.samples", samples, 0);
    sampleIds = Json.strings("dataset.sample_ids", sampleIds);
  }
}
