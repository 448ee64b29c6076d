package dev.steward.routing;

import dev.steward.config.BreakerConfig;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One route's circuit breaker, shared by every alias that uses the route. Closed, it counts
 * consecutive failures and opens at the calling alias's threshold; open, it refuses calls until its
 * open period ends; then it lets exactly one trial call through at a time (half-open): the trial's
 * success closes it, its failure opens it again. Outcomes that say nothing about the upstream's
 * health (a rejected request, a queue timeout) only free the trial slot.
 */
final class CircuitBreaker {

  /** What {@link #tryAcquire} granted. */
  enum Pass {
    DENIED,
    NORMAL,
    TRIAL
  }

  private final String routeId;
  private final RouterListener listener;
  private final ReentrantLock lock = new ReentrantLock();
  private BreakerState state = BreakerState.CLOSED;
  private int consecutiveFailures;
  private Instant openUntil = Instant.MIN;
  private boolean trialInFlight;

  CircuitBreaker(String routeId, RouterListener listener) {
    this.routeId = routeId;
    this.listener = listener;
  }

  /** Whether a call may go through now; in half-open state at most one trial holds a pass. */
  Pass tryAcquire(Instant now) {
    lock.lock();
    try {
      return switch (state) {
        case CLOSED -> Pass.NORMAL;
        case OPEN -> {
          if (now.isBefore(openUntil)) {
            yield Pass.DENIED;
          }
          transition(BreakerState.HALF_OPEN);
          trialInFlight = true;
          yield Pass.TRIAL;
        }
        case HALF_OPEN -> {
          if (trialInFlight) {
            yield Pass.DENIED;
          }
          trialInFlight = true;
          yield Pass.TRIAL;
        }
      };
    } finally {
      lock.unlock();
    }
  }

  void onSuccess(Pass pass) {
    lock.lock();
    try {
      consecutiveFailures = 0;
      if (pass == Pass.TRIAL) {
        trialInFlight = false;
      }
      if (state == BreakerState.HALF_OPEN && pass == Pass.TRIAL) {
        transition(BreakerState.CLOSED);
      }
    } finally {
      lock.unlock();
    }
  }

  void onFailure(Pass pass, BreakerConfig config, Instant now) {
    lock.lock();
    try {
      if (pass == Pass.TRIAL) {
        trialInFlight = false;
      }
      switch (state) {
        case CLOSED -> {
          consecutiveFailures++;
          if (consecutiveFailures >= config.failureThreshold()) {
            open(config, now);
          }
        }
        case HALF_OPEN -> {
          if (pass == Pass.TRIAL) {
            open(config, now);
          }
        }
        case OPEN -> {
          // a call admitted before the circuit opened: it only confirms the verdict
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** An outcome that says nothing about the upstream's health. */
  void onNeutral(Pass pass) {
    if (pass != Pass.TRIAL) {
      return;
    }
    lock.lock();
    try {
      trialInFlight = false;
    } finally {
      lock.unlock();
    }
  }

  BreakerState state() {
    lock.lock();
    try {
      return state;
    } finally {
      lock.unlock();
    }
  }

  private void open(BreakerConfig config, Instant now) {
    openUntil = now.plus(config.openFor());
    consecutiveFailures = 0;
    transition(BreakerState.OPEN);
  }

  private void transition(BreakerState to) {
    BreakerState from = state;
    state = to;
    if (from != to) {
      listener.onBreakerStateChange(routeId, from, to);
    }
  }
}
