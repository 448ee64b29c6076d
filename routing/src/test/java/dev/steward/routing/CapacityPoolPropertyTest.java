package dev.steward.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.config.Capacity;
import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Random arrivals, releases and give-ups never break the pool's invariants. */
class CapacityPoolPropertyTest {
  private static final List<String> DEPARTMENTS = List.of("justice", "health", "defence");

  @Property(tries = 300)
  void pool_randomArrivalsReleasesAndGiveUps_keepsInvariants(
      @ForAll @Size(max = 200) List<@IntRange(min = 0, max = 2) Integer> ops,
      @ForAll @IntRange(min = 1, max = 4) int maxConcurrency,
      @ForAll @IntRange(min = 0, max = 6) int maxQueue,
      @ForAll long seed)
      throws InterruptedException {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, Integer> weights = Map.of("justice", 3, "health", 1, "defence", 2);
    CapacityPool pool =
        new CapacityPool(
            "pool",
            new Capacity(maxConcurrency, maxQueue, Duration.ofSeconds(1)),
            d -> weights.getOrDefault(d, 1),
            RouterListener.NOOP);
    List<CapacityPool.Ticket> waiting = new ArrayList<>();
    List<CapacityPool.Ticket> holding = new ArrayList<>();
    Map<String, List<CapacityPool.Ticket>> entered = new HashMap<>();
    Map<String, List<CapacityPool.Ticket>> granted = new HashMap<>();

    for (int op : ops) {
      switch (op) {
        case 0 -> {
          String department = DEPARTMENTS.get(random.nextInt(DEPARTMENTS.size()));
          int queuedBefore = waiting.size();
          try {
            CapacityPool.Ticket t = pool.enter(department);
            entered.computeIfAbsent(department, d -> new ArrayList<>()).add(t);
            if (t.granted()) {
              holding.add(t);
              granted.computeIfAbsent(department, d -> new ArrayList<>()).add(t);
            } else {
              waiting.add(t);
            }
          } catch (StewardException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.QUEUE_FULL);
            assertThat(queuedBefore).isEqualTo(maxQueue);
          }
        }
        case 1 -> {
          if (!holding.isEmpty()) {
            holding.remove(random.nextInt(holding.size())).release();
          }
        }
        default -> {
          if (!waiting.isEmpty()) {
            CapacityPool.Ticket quitter = waiting.remove(random.nextInt(waiting.size()));
            assertThat(pool.await(quitter, Duration.ZERO)).isFalse();
            entered.getOrDefault(quitter.department, new ArrayList<>()).remove(quitter);
          }
        }
      }
      for (CapacityPool.Ticket t : List.copyOf(waiting)) {
        if (t.granted()) {
          waiting.remove(t);
          holding.add(t);
          granted.computeIfAbsent(t.department, d -> new ArrayList<>()).add(t);
        }
      }

      PoolStats stats = pool.stats();
      assertThat(stats.inFlight()).isBetween(0, maxConcurrency).isEqualTo(holding.size());
      assertThat(stats.queued()).isBetween(0, maxQueue).isEqualTo(waiting.size());
      if (stats.queued() > 0) {
        assertThat(stats.inFlight()).as("work conserving").isEqualTo(maxConcurrency);
      }
    }
    granted.forEach(
        (department, grants) ->
            assertThat(grants)
                .as("FIFO within " + department)
                .containsExactlyElementsOf(
                    entered.getOrDefault(department, List.of()).subList(0, grants.size())));
  }
}
