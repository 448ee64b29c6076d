package dev.steward.config;

import java.util.Map;
import java.util.Objects;

/** A department, its services by id, and its weight in the fair queues of shared capacity pools. */
public record DepartmentConfig(
    String id, String name, int weight, Map<String, ServiceConfig> services) {
  public DepartmentConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    services = Map.copyOf(services);
    if (weight < 1) {
      throw new IllegalArgumentException("weight: " + weight + " (expected: >= 1)");
    }
  }
}
