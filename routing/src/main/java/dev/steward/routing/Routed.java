package dev.steward.routing;

import dev.steward.config.RouteConfig;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A routed answer: the value, the route that produced it, and every attempt made on the way, the
 * successful one last.
 *
 * @param poolTime the answer's share of its route's capacity pool's busy time (while {@code k}
 *     calls run in the pool, each is charged {@code 1/k} of the wall time), complete once the
 *     pool's permit is released: at once for a complete answer, when the stream ends or is closed
 *     for a stream. {@link Duration#ZERO} for a route without a pool.
 */
public record Routed<T>(
    T value, RouteConfig route, List<Attempt> attempts, CompletionStage<Duration> poolTime) {
  private static final CompletionStage<Duration> NO_POOL =
      CompletableFuture.completedStage(Duration.ZERO);

  public Routed {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(route, "route");
    attempts = List.copyOf(attempts);
    Objects.requireNonNull(poolTime, "poolTime");
  }

  /** An answer from a route without a capacity pool. */
  public Routed(T value, RouteConfig route, List<Attempt> attempts) {
    this(value, route, attempts, NO_POOL);
  }
}
