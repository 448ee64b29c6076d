package dev.steward.config;

import java.util.Map;
import java.util.Objects;

/**
 * A service a department runs, with its use cases by id, its budget, and the rate limit all its
 * requests share.
 *
 * @param transparency what its transparency record says that Steward cannot know ({@link
 *     ServiceTransparency#NONE} when the configuration gives nothing)
 */
public record ServiceConfig(
    String id,
    String name,
    Map<String, UseCaseConfig> useCases,
    Budget budget,
    RateLimit rateLimit,
    ServiceTransparency transparency) {

  /** A service whose configuration gives no transparency fields. */
  public ServiceConfig(
      String id,
      String name,
      Map<String, UseCaseConfig> useCases,
      Budget budget,
      RateLimit rateLimit) {
    this(id, name, useCases, budget, rateLimit, ServiceTransparency.NONE);
  }

  public ServiceConfig {
    Objects.requireNonNull(transparency, "transparency");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(rateLimit, "rateLimit");
    Objects.requireNonNull(name, "name");
    useCases = Map.copyOf(useCases);
  }
}
