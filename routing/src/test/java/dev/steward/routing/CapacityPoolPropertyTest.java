package dev.steward.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.config.Capacity;
import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import dev.steward.routing.Fakes.ManualTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Random interleavings of arrivals, releases, timeouts (firing also after a grant, as a timer that
 * cannot be cancelled would) and cancellations never break the pool's invariants: permits in use
 * never exceed capacity, a waiter that gave up never holds one, and every permit comes back.
 */
class CapacityPoolPropertyTest {
  private static final List<String> DEPARTMENTS = List.of("justice", "health", "defence");

  /** A caller of the pool as the test sees it. */
  private record Caller(String department, CompletableFuture<Permit> permit, int timerIndex) {}

  @Property(tries = 300)
  void pool_randomArrivalsReleasesTimeoutsAndCancels_keepsInvariants(
      @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 3) Integer> ops,
      @ForAll @IntRange(min = 1, max = 4) int maxConcurrency,
      @ForAll @IntRange(min = 0, max = 6) int maxQueue,
      @ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, Integer> weights = Map.of("justice", 3, "health", 1, "defence", 2);
    ManualTimer timer = new ManualTimer(false);
    CapacityPool pool =
        new CapacityPool(
            "pool",
            new Capacity(maxConcurrency, maxQueue, Duration.ofSeconds(1)),
            d -> weights.getOrDefault(d, 1),
            RouterListener.NOOP,
            timer);
    List<Caller> waiting = new ArrayList<>();
    List<Caller> holding = new ArrayList<>();
    Map<String, List<Caller>> entered = new HashMap<>();
    Map<String, List<Caller>> granted = new HashMap<>();

    for (int op : ops) {
      switch (op) {
        case 0 -> {
          String department = DEPARTMENTS.get(random.nextInt(DEPARTMENTS.size()));
          int queuedBefore = waiting.size();
          int timers = timer.pending.size();
          CompletableFuture<Permit> permit = pool.acquireAsync(department, Duration.ofSeconds(5));
          if (permit.isCompletedExceptionally()) {
            assertThat(permit.exceptionNow())
                .isInstanceOfSatisfying(
                    StewardException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.QUEUE_FULL));
            assertThat(queuedBefore).isEqualTo(maxQueue);
            continue;
          }
          Caller caller = new Caller(department, permit, permit.isDone() ? -1 : timers);
          entered.computeIfAbsent(department, d -> new ArrayList<>()).add(caller);
          if (permit.isDone()) {
            holding.add(caller);
            granted.computeIfAbsent(department, d -> new ArrayList<>()).add(caller);
          } else {
            waiting.add(caller);
          }
        }
        case 1 -> {
          if (!holding.isEmpty()) {
            holding.remove(random.nextInt(holding.size())).permit().join().release();
          }
        }
        case 2 -> {
          if (!timer.pending.isEmpty()) {
            int i = random.nextInt(timer.pending.size());
            timer.fire(i);
            for (Caller c : List.copyOf(waiting)) {
              if (c.timerIndex() == i) {
                assertThat(c.permit().exceptionNow())
                    .isInstanceOfSatisfying(
                        StewardException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.QUEUE_TIMEOUT));
                waiting.remove(c);
                entered.getOrDefault(c.department(), new ArrayList<>()).remove(c);
              }
            }
          }
        }
        default -> {
          if (!waiting.isEmpty()) {
            Caller quitter = waiting.remove(random.nextInt(waiting.size()));
            quitter.permit().cancel(false);
            assertThat(quitter.permit()).isCancelled();
            entered.getOrDefault(quitter.department(), new ArrayList<>()).remove(quitter);
          }
        }
      }
      settle(waiting, holding, granted);
      checkInvariants(pool.stats(), holding, waiting, maxConcurrency, maxQueue);
    }
    granted.forEach(
        (department, grants) ->
            assertThat(grants)
                .as("FIFO within " + department)
                .containsExactlyElementsOf(
                    entered.getOrDefault(department, List.of()).subList(0, grants.size())));

    while (!holding.isEmpty()) {
      holding.remove(random.nextInt(holding.size())).permit().join().release();
      settle(waiting, holding, granted);
      checkInvariants(pool.stats(), holding, waiting, maxConcurrency, maxQueue);
    }
    for (int i = 0; i < timer.pending.size(); i++) {
      timer.fire(i);
    }
    assertThat(waiting).isEmpty();
    assertThat(pool.stats()).isEqualTo(new PoolStats(0, 0, maxConcurrency, maxQueue));
  }

  /** Moves callers whose permit came to the holders. */
  private static void settle(
      List<Caller> waiting, List<Caller> holding, Map<String, List<Caller>> granted) {
    for (Caller c : List.copyOf(waiting)) {
      if (c.permit().isDone()) {
        assertThat(c.permit()).isCompleted();
        waiting.remove(c);
        holding.add(c);
        granted.computeIfAbsent(c.department(), d -> new ArrayList<>()).add(c);
      }
    }
  }

  private static void checkInvariants(
      PoolStats stats,
      List<Caller> holding,
      List<Caller> waiting,
      int maxConcurrency,
      int maxQueue) {
    assertThat(stats.inFlight()).isBetween(0, maxConcurrency).isEqualTo(holding.size());
    assertThat(stats.queued()).isBetween(0, maxQueue).isEqualTo(waiting.size());
    if (stats.queued() > 0) {
      assertThat(stats.inFlight()).as("work conserving").isEqualTo(maxConcurrency);
    }
  }
}
