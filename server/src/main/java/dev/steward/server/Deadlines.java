package dev.steward.server;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Futures that must complete within one fixed time: each is remembered with its deadline in a
 * queue, and {@link #sweep}, called a few times a second, fails those past it with a {@link
 * TimeoutException}. One queue and one periodic sweep instead of a timer per future: {@code
 * CompletableFuture.orTimeout} schedules and cancels a task on the common pool's delay scheduler
 * for each future, a cross-thread wake-up per request on the gateway's hot path.
 *
 * <p>Since every future gets the same timeout, deadlines come in the order futures are watched, and
 * a sweep stops at the first future still in time; the completed ones ahead of it are dropped.
 * Thread-safe.
 */
final class Deadlines {
  private record Waiting(long deadlineNanos, CompletableFuture<?> future) {}

  private final long timeoutNanos;
  private final LongSupplier nanoTime;
  private final ConcurrentLinkedQueue<Waiting> waiting = new ConcurrentLinkedQueue<>();

  Deadlines(Duration timeout, LongSupplier nanoTime) {
    this.timeoutNanos = timeout.toNanos();
    this.nanoTime = nanoTime;
  }

  /** Watches {@code future} (if not already done) and returns it. */
  <T> CompletableFuture<T> watch(CompletableFuture<T> future) {
    if (!future.isDone()) {
      waiting.add(new Waiting(nanoTime.getAsLong() + timeoutNanos, future));
    }
    return future;
  }

  /**
   * Fails every watched future past its deadline that has not completed (a later completion then
   * changes nothing) and forgets the completed ones ahead of the first still in time.
   *
   * @return how many futures it failed
   */
  int sweep() {
    long now = nanoTime.getAsLong();
    int failed = 0;
    for (Waiting w; (w = waiting.peek()) != null; ) {
      if (!w.future().isDone() && w.deadlineNanos() - now > 0) {
        break;
      }
      waiting.poll();
      if (!w.future().isDone()
          && w.future().completeExceptionally(new TimeoutException("not completed in time"))) {
        failed++;
      }
    }
    return failed;
  }

  /** How many futures are remembered (completed ones included until a sweep drops them). */
  int size() {
    return waiting.size();
  }
}
