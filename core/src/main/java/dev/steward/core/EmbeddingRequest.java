package dev.steward.core;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Texts to embed. */
public record EmbeddingRequest(
    String model, List<String> input, @Nullable Integer dimensions, @Nullable String user) {
  public EmbeddingRequest {
    Objects.requireNonNull(model, "model");
    input = List.copyOf(input);
    if (input.isEmpty()) {
      throw new IllegalArgumentException("input: empty (expected: at least one text)");
    }
  }

  public EmbeddingRequest withModel(String upstreamModel) {
    return new EmbeddingRequest(upstreamModel, input, dimensions, user);
  }
}
