package dev.steward.config;

import java.util.Map;
import java.util.Objects;

/**
 * A department, its services by id, its weight in the fair queues of shared capacity pools, and its
 * budget.
 */
public record DepartmentConfig(
    String id, String name, int weight, Map<String, ServiceConfig> services, Budget budget) {

  public DepartmentConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(name, "name");
    services = Map.copyOf(services);
    if (weight < 1) {
      throw new IllegalArgumentException("weight: " + weight + " (expected: >= 1)");
    }
  }
}
