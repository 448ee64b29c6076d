package dev.steward.config;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One way to serve a model alias: a provider and its model id, with a weight among routes of the
 * same priority and the model's version when known.
 *
 * @param priority lower is tried first; routes of equal priority share traffic by weight
 * @param version the model's version as the operator names it (descriptive only)
 * @param weightsSha256 the SHA-256 of a self-hosted model's weights, 64 lower-case hex digits, when
 *     given: a new build of the weights then counts as a new model version, which needs evaluation
 *     evidence of its own
 */
public record RouteConfig(
    String provider,
    String model,
    int priority,
    int weight,
    @Nullable String version,
    @Nullable String weightsSha256) {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

  /** A route without a weights hash. */
  public RouteConfig(
      String provider, String model, int priority, int weight, @Nullable String version) {
    this(provider, model, priority, weight, version, null);
  }

  public RouteConfig {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    if (weight < 0) {
      throw new IllegalArgumentException("weight: " + weight + " (expected: >= 0)");
    }
    if (weightsSha256 != null) {
      if (!SHA256.matcher(weightsSha256).matches()) {
        throw new IllegalArgumentException(
            "weights-sha256: '" + weightsSha256 + "' (expected: 64 hex digits)");
      }
      weightsSha256 = weightsSha256.toLowerCase(Locale.ROOT);
    }
  }

  /** {@code provider/model}, the route's name in headers, logs and metrics. */
  public String id() {
    return provider + "/" + model;
  }
}
