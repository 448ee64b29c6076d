package dev.steward.inspect;

import org.jspecify.annotations.Nullable;

/**
 * Model generation options (the part of Inspect's {@code GenerateConfig} Steward uses); every field
 * is optional.
 *
 * @param maxTokens the most tokens to generate
 * @param temperature sampling temperature
 * @param seed random seed, for providers that take one
 * @param systemMessage a system message put before the conversation
 */
public record GenerateConfig(
    @Nullable Integer maxTokens,
    @Nullable Double temperature,
    @Nullable Long seed,
    @Nullable String systemMessage) {

  /** No options set: the model's defaults. */
  public static final GenerateConfig DEFAULT = new GenerateConfig(null, null, null, null);

  public GenerateConfig {
    Json.optionalAtLeast("max_tokens", maxTokens, 1);
    Json.optionalNonNegative("temperature", temperature);
  }
}
