package dev.steward.routing;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Where the router waits without holding a thread: the backoff or {@code Retry-After} before a
 * retry, and the longest stay in a capacity queue. The gateway passes one built on its event loop's
 * timers; tests pass one that completes at once and records the waits.
 */
@FunctionalInterface
public interface Timer {

  /**
   * A stage that completes normally (with {@code null}) once {@code delay} has passed. Its
   * continuations may run on the timer's thread, so they must not block. When the router no longer
   * needs a wait (a queued caller got its permit first) it cancels the stage's {@code
   * toCompletableFuture()}; a timer may then drop the wait, or let it fire to no effect.
   */
  CompletionStage<Void> after(Duration delay);

  /** One daemon thread shared by every router in the process, started on first use. */
  static Timer system() {
    return SystemTimer::after;
  }
}
