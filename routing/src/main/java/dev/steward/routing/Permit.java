package dev.steward.routing;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A claim on a slot of a capacity pool; releasing it twice is harmless. */
interface Permit {
  /** No pool: nothing to release, no pool time. */
  Permit NONE =
      new Permit() {
        private final CompletionStage<Duration> none =
            CompletableFuture.completedStage(Duration.ZERO);

        @Override
        public void release() {}

        @Override
        public CompletionStage<Duration> poolTime() {
          return none;
        }
      };

  void release();

  /**
   * This permit's share of its pool's busy time, complete once the permit is released: while {@code
   * k} permits are held, each accrues {@code 1/k} of the wall time, so the shares of all permits
   * add up to the time the pool was busy.
   */
  CompletionStage<Duration> poolTime();
}
