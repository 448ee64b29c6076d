package dev.steward.routing;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** The shared timer thread behind {@link Timer#system()}. */
final class SystemTimer {
  private static final ScheduledThreadPoolExecutor EXECUTOR = start();

  private SystemTimer() {}

  static CompletionStage<Void> after(Duration delay) {
    Wait wait = new Wait();
    wait.task = EXECUTOR.schedule(wait, Backoff.nanos(delay), TimeUnit.NANOSECONDS);
    return wait;
  }

  private static ScheduledThreadPoolExecutor start() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().name("steward-router-timer").daemon().factory());
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  /** A wait that, once cancelled, also leaves the timer's queue. */
  private static final class Wait extends CompletableFuture<Void> implements Runnable {
    private volatile @Nullable ScheduledFuture<?> task;

    @Override
    public void run() {
      complete(null);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      ScheduledFuture<?> t = task;
      if (t != null) {
        t.cancel(false);
      }
      return cancelled;
    }
  }
}
