package dev.steward.routing;

/**
 * Observes the router, e.g. to export metrics. Every method has a no-op default. Methods may be
 * called on an event loop, and while the router holds an internal lock: they must be quick and must
 * not block or call back into the router. An exception thrown by a listener is logged and otherwise
 * ignored.
 */
public interface RouterListener {

  RouterListener NOOP = new RouterListener() {};

  /** After each attempt, successful or not, skipped routes included. */
  default void onAttempt(Attempt attempt) {}

  /** When a route's circuit breaker changes state. */
  default void onBreakerStateChange(String routeId, BreakerState from, BreakerState to) {}

  /** When the number of callers waiting in a provider's capacity queue changes. */
  default void onQueueDepthChange(String pool, int depth) {}
}
