package dev.steward.config;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A model alias callers name, and the routes that serve it in preference order.
 *
 * @param maxOutputTokens the output tokens a request that sets no {@code max_tokens} is assumed to
 *     use at most, per choice, when its budget is reserved
 */
public record ModelConfig(
    String alias,
    ModelKind kind,
    List<RouteConfig> routes,
    RetryConfig retry,
    BreakerConfig breaker,
    @Nullable String description,
    int maxOutputTokens) {
  /** {@code max-output-tokens} when the configuration sets none. */
  public static final int DEFAULT_MAX_OUTPUT_TOKENS = 4096;

  /** A model with the default {@link #maxOutputTokens}. */
  public ModelConfig(
      String alias,
      ModelKind kind,
      List<RouteConfig> routes,
      RetryConfig retry,
      BreakerConfig breaker,
      @Nullable String description) {
    this(alias, kind, routes, retry, breaker, description, DEFAULT_MAX_OUTPUT_TOKENS);
  }

  public ModelConfig {
    if (maxOutputTokens < 1) {
      throw new IllegalArgumentException(
          "max-output-tokens: " + maxOutputTokens + " (expected: >= 1)");
    }
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(kind, "kind");
    routes = List.copyOf(routes);
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(breaker, "breaker");
  }
}
