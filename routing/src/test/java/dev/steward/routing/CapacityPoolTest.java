package dev.steward.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.config.Capacity;
import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import dev.steward.routing.Fakes.ManualTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.Test;

class CapacityPoolTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  private final ManualTimer timer = new ManualTimer(true);

  private CapacityPool pool(int maxConcurrency, int maxQueue, RouterListener listener) {
    return pool(maxConcurrency, maxQueue, listener, timer);
  }

  private static CapacityPool pool(
      int maxConcurrency, int maxQueue, RouterListener listener, Timer timer) {
    Map<String, Integer> weights = Map.of("justice", 2, "health", 1);
    return new CapacityPool(
        "isambard",
        new Capacity(maxConcurrency, maxQueue, LONG),
        d -> weights.getOrDefault(d, 1),
        listener,
        timer);
  }

  private static ThrowingConsumer<Throwable> code(ErrorCode code) {
    return e ->
        assertThat(e)
            .isInstanceOfSatisfying(
                StewardException.class, s -> assertThat(s.code()).isEqualTo(code));
  }

  @Test
  void acquireAsync_moreCallersThanSlots_neverExceedsMaxConcurrency() throws Exception {
    CapacityPool pool = pool(2, 10, RouterListener.NOOP, Timer.system());
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    CountDownLatch finish = new CountDownLatch(1);
    List<CompletableFuture<Permit>> acquired = new ArrayList<>();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      CompletableFuture<Permit> permit = pool.acquireAsync("health", LONG);
      acquired.add(permit);
      workers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    Permit p = permit.join();
                    peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                      finish.await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    running.decrementAndGet();
                    p.release();
                    done.incrementAndGet();
                  }));
    }

    assertThat(acquired).filteredOn(CompletableFuture::isDone).hasSize(2);
    assertThat(pool.stats()).isEqualTo(new PoolStats(2, 3, 2, 10));
    // Both permit holders are running before they are let go (virtual threads start when they
    // will); only then is the peak meaningful.
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (running.get() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    finish.countDown();
    for (Thread t : workers) {
      assertThat(t.join(Duration.ofSeconds(10))).isTrue();
    }

    assertThat(done).hasValue(5);
    assertThat(peak).hasValue(2);
    assertThat(pool.stats()).isEqualTo(new PoolStats(0, 0, 2, 10));
  }

  @Test
  void acquireAsync_queueFull_failsAtOnce() {
    CapacityPool pool = pool(1, 1, RouterListener.NOOP);
    pool.acquireAsync("health", LONG).join();
    assertThat(pool.acquireAsync("health", LONG)).isNotDone();

    assertThat(pool.acquireAsync("justice", LONG))
        .failsWithin(Duration.ZERO)
        .withThrowableThat()
        .havingCause()
        .satisfies(code(ErrorCode.QUEUE_FULL))
        .withMessage("pool 'isambard': 1 callers already waiting (max-queue: 1)");
    assertThat(timer.waits).hasSize(1);
  }

  @Test
  void acquireAsync_maxQueueZero_failsWhenNoFreeSlot() {
    CapacityPool pool = pool(1, 0, RouterListener.NOOP);
    pool.acquireAsync("health", LONG).join();

    assertThat(pool.acquireAsync("health", LONG))
        .failsWithin(Duration.ZERO)
        .withThrowableThat()
        .havingCause()
        .satisfies(code(ErrorCode.QUEUE_FULL));
  }

  @Test
  void acquireAsync_freeSlot_grantedAtOnceWithoutTimer() {
    CapacityPool pool = pool(1, 5, RouterListener.NOOP);

    assertThat(pool.acquireAsync("health", LONG)).isCompleted();
    assertThat(timer.waits).isEmpty();
  }

  @Test
  void acquireAsync_noSlotWithinWait_timesOutAndLeavesQueue() {
    Fakes.RecordingListener listener = new Fakes.RecordingListener();
    CapacityPool pool = pool(1, 5, listener);
    pool.acquireAsync("health", LONG).join();

    CompletableFuture<Permit> waiter = pool.acquireAsync("justice", Duration.ofMillis(5));
    assertThat(waiter).isNotDone();
    timer.fire(0);

    assertThat(timer.waits).containsExactly(Duration.ofMillis(5));
    assertThat(waiter)
        .failsWithin(Duration.ZERO)
        .withThrowableThat()
        .havingCause()
        .satisfies(code(ErrorCode.QUEUE_TIMEOUT))
        .withMessage("pool 'isambard': no capacity within 5 ms (max-concurrency: 1)");
    assertThat(pool.stats()).isEqualTo(new PoolStats(1, 0, 1, 5));
    assertThat(listener.depths).containsExactly(1, 0);
  }

  @Test
  void acquireAsync_waitLongerThanQueueTimeout_waitsQueueTimeoutOnly() {
    CapacityPool pool = pool(1, 5, RouterListener.NOOP);
    pool.acquireAsync("health", LONG).join();

    assertThat(pool.acquireAsync("justice", Duration.ofHours(1))).isNotDone();

    assertThat(timer.waits).containsExactly(LONG);
  }

  @Test
  void release_afterWaiterTimedOut_slotFreedNotPassedToIt() {
    ManualTimer firesAnyway = new ManualTimer(false);
    CapacityPool pool = pool(1, 5, RouterListener.NOOP, firesAnyway);
    Permit holder = pool.acquireAsync("health", LONG).join();
    CompletableFuture<Permit> waiter = pool.acquireAsync("justice", LONG);
    firesAnyway.fire(0);

    holder.release();

    assertThat(waiter).isCompletedExceptionally();
    assertThat(pool.stats()).isEqualTo(new PoolStats(0, 0, 1, 5));
  }

  @Test
  void timeout_firingAfterGrant_leavesPermitWithWaiter() {
    ManualTimer firesAnyway = new ManualTimer(false);
    CapacityPool pool = pool(1, 5, RouterListener.NOOP, firesAnyway);
    Permit holder = pool.acquireAsync("health", LONG).join();
    CompletableFuture<Permit> waiter = pool.acquireAsync("justice", LONG);
    holder.release();

    firesAnyway.fire(0);

    assertThat(waiter).isCompleted();
    assertThat(pool.stats()).isEqualTo(new PoolStats(1, 0, 1, 5));
    waiter.join().release();
    assertThat(pool.stats()).isEqualTo(new PoolStats(0, 0, 1, 5));
  }

  @Test
  void release_grantedWaiter_cancelsItsTimeout() {
    CapacityPool pool = pool(1, 5, RouterListener.NOOP);
    Permit holder = pool.acquireAsync("health", LONG).join();
    CompletableFuture<Permit> waiter = pool.acquireAsync("justice", LONG);

    holder.release();

    assertThat(waiter).isCompleted();
    assertThat(timer.cancelled()).isEqualTo(1);
  }

  @Test
  void release_withWaiters_grantsInWeightedFairOrder() {
    CapacityPool pool = pool(1, 20, RouterListener.NOOP);
    Permit holder = pool.acquireAsync("health", LONG).join();
    List<String> departments = new ArrayList<>();
    List<CompletableFuture<Permit>> waiting = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      String department = i < 6 ? "justice" : "health";
      departments.add(department);
      waiting.add(pool.acquireAsync(department, LONG));
    }

    StringBuilder grants = new StringBuilder();
    Permit current = holder;
    for (int i = 0; i < 9; i++) {
      current.release();
      int next = -1;
      for (int w = 0; w < waiting.size(); w++) {
        if (waiting.get(w).isDone()) {
          assertThat(next).as("one grant per release").isEqualTo(-1);
          next = w;
        }
      }
      grants.append(departments.remove(next).equals("justice") ? "J" : "H");
      assertThat(pool.stats().inFlight()).isEqualTo(1);
      current = waiting.remove(next).join();
    }

    assertThat(grants.toString()).isEqualTo("JJHJJHJJH");
  }

  @Test
  void release_withWaiters_keepsFifoWithinDepartment() {
    CapacityPool pool = pool(1, 20, RouterListener.NOOP);
    Permit holder = pool.acquireAsync("health", LONG).join();
    CompletableFuture<Permit> first = pool.acquireAsync("justice", LONG);
    CompletableFuture<Permit> second = pool.acquireAsync("justice", LONG);

    holder.release();

    assertThat(first).isCompleted();
    assertThat(second).isNotDone();
  }

  @Test
  void release_twice_freesOneSlotOnly() {
    CapacityPool pool = pool(2, 5, RouterListener.NOOP);
    Permit a = pool.acquireAsync("health", LONG).join();
    pool.acquireAsync("health", LONG).join();

    a.release();
    a.release();

    assertThat(pool.stats().inFlight()).isEqualTo(1);
  }

  @Test
  void cancel_whileQueued_leavesQueue() {
    Fakes.RecordingListener listener = new Fakes.RecordingListener();
    CapacityPool pool = pool(1, 5, listener);
    Permit holder = pool.acquireAsync("health", LONG).join();
    CompletableFuture<Permit> waiter = pool.acquireAsync("justice", LONG);

    waiter.cancel(false);

    assertThat(pool.stats()).isEqualTo(new PoolStats(1, 0, 1, 5));
    assertThat(listener.depths).containsExactly(1, 0);
    assertThat(timer.cancelled()).isEqualTo(1);
    holder.release();
    assertThat(pool.stats().inFlight()).isZero();
  }

  @Test
  void release_toWaiterWhoseFutureWasCompletedElsewhere_passesOn() {
    CapacityPool pool = pool(1, 5, RouterListener.NOOP);
    Permit holder = pool.acquireAsync("health", LONG).join();
    CompletableFuture<Permit> hijacked = pool.acquireAsync("justice", LONG);
    CompletableFuture<Permit> next = pool.acquireAsync("justice", LONG);
    hijacked.complete(Permit.NONE);

    holder.release();

    assertThat(next).isCompleted();
    assertThat(pool.stats()).isEqualTo(new PoolStats(1, 0, 1, 5));
    next.join().release();
    assertThat(pool.stats()).isEqualTo(new PoolStats(0, 0, 1, 5));
  }

  @Test
  void acquireAsync_queuedThenReleased_getsPassedPermit() {
    CapacityPool pool = pool(1, 5, RouterListener.NOOP);
    Permit holder = pool.acquireAsync("health", LONG).join();
    CompletableFuture<Permit> waiter = pool.acquireAsync("justice", LONG);
    assertThat(waiter).isNotDone();

    holder.release();

    assertThat(waiter).isCompleted();
    assertThat(pool.stats()).isEqualTo(new PoolStats(1, 0, 1, 5));
  }

  @Test
  void acquireAsync_concurrentCallersWithShortTimeouts_neverExceedCapacityAndAllReturn()
      throws Exception {
    CapacityPool pool = pool(3, 4, RouterListener.NOOP, Timer.system());
    AtomicInteger holding = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    AtomicInteger outcomes = new AtomicInteger();
    int threads = 6;
    int rounds = 300;
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String department = t % 2 == 0 ? "justice" : "health";
      workers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; i < rounds; i++) {
                      CompletableFuture<Permit> f =
                          pool.acquireAsync(department, Duration.ofNanos(i % 3 * 200_000L));
                      Permit p;
                      try {
                        p = f.get(10, TimeUnit.SECONDS);
                      } catch (ExecutionException e) {
                        if (e.getCause() instanceof StewardException s
                            && (s.code() == ErrorCode.QUEUE_FULL
                                || s.code() == ErrorCode.QUEUE_TIMEOUT)) {
                          outcomes.incrementAndGet();
                        }
                        continue;
                      } catch (InterruptedException | TimeoutException e) {
                        return;
                      }
                      peak.accumulateAndGet(holding.incrementAndGet(), Math::max);
                      holding.decrementAndGet();
                      p.release();
                      outcomes.incrementAndGet();
                    }
                  }));
    }
    for (Thread t : workers) {
      assertThat(t.join(Duration.ofSeconds(30))).isTrue();
    }

    assertThat(outcomes).hasValue(threads * rounds);
    assertThat(peak.get()).isBetween(1, 3);
    assertThat(pool.stats()).isEqualTo(new PoolStats(0, 0, 3, 4));
  }
}
