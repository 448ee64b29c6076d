package dev.steward.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.config.Capacity;
import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CapacityPoolTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  private CapacityPool pool(int maxConcurrency, int maxQueue, RouterListener listener) {
    Map<String, Integer> weights = Map.of("justice", 2, "health", 1);
    return new CapacityPool(
        "isambard",
        new Capacity(maxConcurrency, maxQueue, LONG),
        d -> weights.getOrDefault(d, 1),
        listener);
  }

  /** A listener that opens a latch once the queue reaches a depth. */
  private static final class DepthLatch implements RouterListener {
    private final int depth;
    final CountDownLatch reached = new CountDownLatch(1);

    DepthLatch(int depth) {
      this.depth = depth;
    }

    @Override
    public void onQueueDepthChange(String pool, int d) {
      if (d == depth) {
        reached.countDown();
      }
    }
  }

  @Test
  void acquire_moreCallersThanSlots_neverExceedsMaxConcurrency() throws Exception {
    DepthLatch threeQueued = new DepthLatch(3);
    CapacityPool pool = pool(2, 10, threeQueued);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    CountDownLatch finish = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      Permit permit = pool.acquire("health", LONG);
                      peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                      finish.await();
                      running.decrementAndGet();
                      permit.release();
                      done.incrementAndGet();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
    }

    assertThat(threeQueued.reached.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(pool.stats()).isEqualTo(new PoolStats(2, 3, 2, 10));
    finish.countDown();
    for (Thread t : threads) {
      t.join(10_000);
    }

    assertThat(done).hasValue(5);
    assertThat(peak).hasValue(2);
    assertThat(pool.stats()).isEqualTo(new PoolStats(0, 0, 2, 10));
  }

  @Test
  void enter_queueFull_rejectsAtOnce() {
    CapacityPool pool = pool(1, 1, RouterListener.NOOP);
    pool.enter("health");
    pool.enter("health");

    assertThatThrownBy(() -> pool.enter("justice"))
        .isInstanceOfSatisfying(
            StewardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUEUE_FULL))
        .hasMessage("pool 'isambard': 1 callers already waiting (max-queue: 1)");
  }

  @Test
  void enter_maxQueueZero_rejectsWhenNoFreeSlot() {
    CapacityPool pool = pool(1, 0, RouterListener.NOOP);
    pool.enter("health");

    assertThatThrownBy(() -> pool.enter("health"))
        .isInstanceOfSatisfying(
            StewardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUEUE_FULL));
  }

  @Test
  void acquire_noSlotWithinWait_timesOutAndLeavesQueue() {
    Fakes.RecordingListener listener = new Fakes.RecordingListener();
    CapacityPool pool = pool(1, 5, listener);
    pool.enter("health");

    assertThatThrownBy(() -> pool.acquire("justice", Duration.ofMillis(5)))
        .isInstanceOfSatisfying(
            StewardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUEUE_TIMEOUT));
    assertThat(pool.stats()).isEqualTo(new PoolStats(1, 0, 1, 5));
    assertThat(listener.depths).containsExactly(1, 0);
  }

  @Test
  void release_withWaiters_grantsInWeightedFairOrder() {
    CapacityPool pool = pool(1, 20, RouterListener.NOOP);
    CapacityPool.Ticket holder = pool.enter("health");
    List<CapacityPool.Ticket> waiting = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      waiting.add(pool.enter("justice"));
    }
    for (int i = 0; i < 3; i++) {
      waiting.add(pool.enter("health"));
    }

    List<String> grants = new ArrayList<>();
    CapacityPool.Ticket current = holder;
    for (int i = 0; i < 9; i++) {
      current.release();
      CapacityPool.Ticket next =
          waiting.stream().filter(CapacityPool.Ticket::granted).findFirst().orElseThrow();
      waiting.remove(next);
      grants.add(next.department.equals("justice") ? "J" : "H");
      assertThat(pool.stats().inFlight()).isEqualTo(1);
      current = next;
    }

    assertThat(String.join("", grants)).isEqualTo("JJHJJHJJH");
  }

  @Test
  void release_withWaiters_keepsFifoWithinDepartment() {
    CapacityPool pool = pool(1, 20, RouterListener.NOOP);
    CapacityPool.Ticket holder = pool.enter("health");
    CapacityPool.Ticket first = pool.enter("justice");
    CapacityPool.Ticket second = pool.enter("justice");

    holder.release();

    assertThat(first.granted()).isTrue();
    assertThat(second.granted()).isFalse();
  }

  @Test
  void release_twice_freesOneSlotOnly() {
    CapacityPool pool = pool(2, 5, RouterListener.NOOP);
    CapacityPool.Ticket a = pool.enter("health");
    pool.enter("health");

    a.release();
    a.release();

    assertThat(pool.stats().inFlight()).isEqualTo(1);
  }

  @Test
  void acquire_interruptedWhileQueued_leavesQueue() throws Exception {
    DepthLatch queued = new DepthLatch(1);
    CapacityPool pool = pool(1, 5, queued);
    CapacityPool.Ticket holder = pool.enter("health");
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread waiter =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    pool.acquire("justice", LONG);
                  } catch (InterruptedException | RuntimeException e) {
                    thrown.set(e);
                  }
                });

    assertThat(queued.reached.await(10, TimeUnit.SECONDS)).isTrue();
    waiter.interrupt();
    waiter.join(10_000);

    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(pool.stats()).isEqualTo(new PoolStats(1, 0, 1, 5));
    holder.release();
    assertThat(pool.stats().inFlight()).isZero();
  }

  @Test
  void acquire_queuedThenReleased_getsPassedPermit() throws Exception {
    DepthLatch queued = new DepthLatch(1);
    CapacityPool pool = pool(1, 5, queued);
    CapacityPool.Ticket holder = pool.enter("health");
    AtomicReference<Permit> got = new AtomicReference<>();
    Thread waiter =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    got.set(pool.acquire("justice", LONG));
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    assertThat(queued.reached.await(10, TimeUnit.SECONDS)).isTrue();

    holder.release();
    waiter.join(10_000);

    assertThat(got.get()).isNotNull();
    assertThat(pool.stats()).isEqualTo(new PoolStats(1, 0, 1, 5));
  }
}
