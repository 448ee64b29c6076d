package dev.steward.config;

import java.util.Map;
import java.util.Objects;

/** A service a department runs, with its use cases by id. */
public record ServiceConfig(String id, String name, Map<String, UseCaseConfig> useCases) {
  public ServiceConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    useCases = Map.copyOf(useCases);
  }
}
