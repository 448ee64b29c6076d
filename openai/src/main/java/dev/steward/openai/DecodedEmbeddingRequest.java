package dev.steward.openai;

import dev.steward.core.EmbeddingRequest;
import java.util.Objects;

/**
 * An embeddings request as a caller sent it: the canonical request and whether the caller wants the
 * vectors as base64 ({@code encoding_format: "base64"}) rather than JSON numbers.
 */
public record DecodedEmbeddingRequest(EmbeddingRequest request, boolean base64) {
  public DecodedEmbeddingRequest {
    Objects.requireNonNull(request, "request");
  }
}
