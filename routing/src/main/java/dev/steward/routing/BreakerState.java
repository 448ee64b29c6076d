package dev.steward.routing;

/** The state of a route's circuit breaker. */
public enum BreakerState {
  /** Calls go through; consecutive failures are counted. */
  CLOSED,
  /** The route is skipped until its open period ends. */
  OPEN,
  /** One trial call at a time goes through: success closes the circuit, failure re-opens it. */
  HALF_OPEN
}
