package dev.steward.config;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One way to serve a model alias: a provider and its model id, with a weight among routes of the
 * same priority and the model's version when known.
 *
 * @param priority lower is tried first; routes of equal priority share traffic by weight
 */
public record RouteConfig(
    String provider, String model, int priority, int weight, @Nullable String version) {
  public RouteConfig {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    if (weight < 0) {
      throw new IllegalArgumentException("weight: " + weight + " (expected: >= 0)");
    }
  }

  /** {@code provider/model}, the route's name in headers, logs and metrics. */
  public String id() {
    return provider + "/" + model;
  }
}
