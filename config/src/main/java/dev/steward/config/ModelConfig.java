package dev.steward.config;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A model alias callers name, and the routes that serve it in preference order. */
public record ModelConfig(
    String alias,
    ModelKind kind,
    List<RouteConfig> routes,
    RetryConfig retry,
    BreakerConfig breaker,
    @Nullable String description) {
  public ModelConfig {
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(kind, "kind");
    routes = List.copyOf(routes);
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(breaker, "breaker");
  }
}
