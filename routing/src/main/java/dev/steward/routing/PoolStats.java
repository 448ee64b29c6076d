package dev.steward.routing;

/**
 * A capacity pool's state at one moment, for gauges.
 *
 * @param inFlight calls holding a permit
 * @param queued callers waiting for one
 */
public record PoolStats(int inFlight, int queued, int maxConcurrency, int maxQueue) {}
