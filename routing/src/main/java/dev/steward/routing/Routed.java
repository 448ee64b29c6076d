package dev.steward.routing;

import dev.steward.config.RouteConfig;
import java.util.List;
import java.util.Objects;

/**
 * A routed answer: the value, the route that produced it, and every attempt made on the way, the
 * successful one last.
 */
public record Routed<T>(T value, RouteConfig route, List<Attempt> attempts) {
  public Routed {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(route, "route");
    attempts = List.copyOf(attempts);
  }
}
