package dev.steward.eval;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A named list of samples with unique ids.
 *
 * @param name a short name, e.g. {@code xstest}
 * @param location where the samples were read from (a path or a classpath resource), when known
 * @param samples at least one, in file order
 */
public record Dataset(String name, @Nullable String location, List<Sample> samples) {
  public Dataset {
    Objects.requireNonNull(name, "name");
    samples = List.copyOf(samples);
    if (name.isBlank()) {
      throw new IllegalArgumentException("dataset name: blank (expected: a name)");
    }
    if (samples.isEmpty()) {
      throw new IllegalArgumentException(
          "dataset " + name + ": no samples (expected: at least one)");
    }
    Set<String> seen = new HashSet<>();
    for (Sample s : samples) {
      if (!seen.add(s.id())) {
        throw new IllegalArgumentException(
            "dataset " + name + ": sample id " + s.id() + " repeated (expected: unique ids)");
      }
    }
  }

  /** The first {@code limit} samples (all of them when there are fewer). */
  public Dataset limit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: >= 1)");
    }
    return limit >= samples.size() ? this : new Dataset(name, location, samples.subList(0, limit));
  }
}
