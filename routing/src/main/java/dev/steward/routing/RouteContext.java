package dev.steward.routing;

import dev.steward.config.RouteConfig;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What the router needs to know about one request besides the call itself.
 *
 * @param department the calling department's id, which picks its lane in the fair capacity queues
 * @param eligible which routes policy allows for this request; the others are never tried, not even
 *     as a fallback
 * @param deadline when the router must give up: it bounds retries, backoff and queue waits (a call
 *     already sent is bounded by the provider's own timeouts)
 */
public record RouteContext(String department, Predicate<RouteConfig> eligible, Instant deadline) {
  public RouteContext {
    Objects.requireNonNull(department, "department");
    Objects.requireNonNull(eligible, "eligible");
    Objects.requireNonNull(deadline, "deadline");
  }

  /** A context in which every route is eligible. */
  public static RouteContext of(String department, Instant deadline) {
    return new RouteContext(department, route -> true, deadline);
  }
}
