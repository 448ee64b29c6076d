package dev.steward.config;

import java.util.Map;
import java.util.Objects;

/**
 * A service a department runs, with its use cases by id, its budget, and the rate limit all its
 * requests share.
 */
public record ServiceConfig(
    String id,
    String name,
    Map<String, UseCaseConfig> useCases,
    Budget budget,
    RateLimit rateLimit) {

  public ServiceConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(rateLimit, "rateLimit");
    Objects.requireNonNull(name, "name");
    useCases = Map.copyOf(useCases);
  }
}
