package dev.steward.core;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A complete chat answer.
 *
 * @param id the provider's response id
 * @param model the model that answered, as the provider names it
 * @param created seconds since the epoch
 */
public record ChatResponse(
    String id,
    String model,
    long created,
    List<Choice> choices,
    Usage usage,
    @Nullable String systemFingerprint) {
  public ChatResponse {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(model, "model");
    choices = List.copyOf(choices);
    Objects.requireNonNull(usage, "usage");
  }

  public ChatResponse withModel(String model) {
    return new ChatResponse(id, model, created, choices, usage, systemFingerprint);
  }
}
