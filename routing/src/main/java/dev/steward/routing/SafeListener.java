package dev.steward.routing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Shields the router from a listener that throws. */
final class SafeListener implements RouterListener {
  private static final Logger log = LoggerFactory.getLogger(SafeListener.class);

  private final RouterListener delegate;

  SafeListener(RouterListener delegate) {
    this.delegate = delegate;
  }

  @Override
  public void onAttempt(Attempt attempt) {
    try {
      delegate.onAttempt(attempt);
    } catch (RuntimeException e) {
      log.warn("router listener failed on attempt of route '{}'", attempt.routeId(), e);
    }
  }

  @Override
  public void onBreakerStateChange(String routeId, BreakerState from, BreakerState to) {
    try {
      delegate.onBreakerStateChange(routeId, from, to);
    } catch (RuntimeException e) {
      log.warn("router listener failed on breaker change of route '{}'", routeId, e);
    }
  }

  @Override
  public void onQueueDepthChange(String pool, int depth) {
    try {
      delegate.onQueueDepthChange(pool, depth);
    } catch (RuntimeException e) {
      log.warn("router listener failed on queue depth of pool '{}'", pool, e);
    }
  }
}
