package dev.steward.routing;

import dev.steward.core.ErrorCode;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One try of one route: a call to the provider, or a route skipped because its circuit is open or
 * its capacity queue is full or timed out.
 *
 * @param routeId the route's {@code provider/model}
 * @param error why it failed, or {@code null} when it succeeded
 * @param duration how long it took (the call itself; for a queue failure, the time spent queued)
 */
public record Attempt(String routeId, @Nullable ErrorCode error, Duration duration) {
  public Attempt {
    Objects.requireNonNull(routeId, "routeId");
    Objects.requireNonNull(duration, "duration");
  }

  public boolean ok() {
    return error == null;
  }

  /** {@code ok}, or the error's stable reason code, e.g. {@code upstream.circuit_open}. */
  public String outcome() {
    return error == null ? "ok" : error.reason();
  }
}
