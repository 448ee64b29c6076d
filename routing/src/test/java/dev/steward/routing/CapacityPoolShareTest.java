package dev.steward.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.steward.config.Capacity;
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
import org.junit.jupiter.api.Test;

/**
 * The pool's virtual clock shares its busy time among the permits: checked against a naive
 * reference that hands every holder {@code dt / k} of each interval.
 */
class CapacityPoolShareTest {
  private long now = 1_000_000_000_000L;

  private CapacityPool pool(int maxConcurrency) {
    return new CapacityPool(
        "gpu",
        new Capacity(maxConcurrency, 10_000, Duration.ofHours(1)),
        d -> 1,
        RouterListener.NOOP,
        new ManualTimer(false),
        () -> now);
  }

  private static Duration share(Permit p) {
    return p.poolTime().toCompletableFuture().join();
  }

  @Test
  void share_twoOverlappingCalls_eachPaysHalfOfTheOverlap() {
    CapacityPool pool = pool(2);
    Permit a = pool.acquireAsync("d", Duration.ofHours(1)).join();
    now += 10_000;
    Permit b = pool.acquireAsync("d", Duration.ofHours(1)).join();
    now += 10_000;
    a.release();
    now += 10_000;
    b.release();

    assertThat(share(a)).isEqualTo(Duration.ofNanos(15_000));
    assertThat(share(b)).isEqualTo(Duration.ofNanos(15_000));
  }

  @Test
  void share_idlePoolTime_isChargedToNobody() {
    CapacityPool pool = pool(1);
    now += 5_000;
    Permit a = pool.acquireAsync("d", Duration.ofHours(1)).join();
    now += 7_000;
    a.release();
    now += 9_000;
    Permit b = pool.acquireAsync("d", Duration.ofHours(1)).join();
    now += 1_000;
    b.release();

    assertThat(share(a)).isEqualTo(Duration.ofNanos(7_000));
    assertThat(share(b)).isEqualTo(Duration.ofNanos(1_000));
  }

  @Test
  void share_beforeRelease_isNotKnown() {
    CapacityPool pool = pool(1);
    Permit a = pool.acquireAsync("d", Duration.ofHours(1)).join();
    now += 3;

    assertThat(a.poolTime().toCompletableFuture()).isNotDone();
    a.release();
    a.release();
    assertThat(share(a)).isEqualTo(Duration.ofNanos(3));
  }

  @Test
  void share_queuedCaller_paysFromItsGrantNotItsArrival() {
    CapacityPool pool = pool(1);
    Permit a = pool.acquireAsync("d", Duration.ofHours(1)).join();
    CompletableFuture<Permit> queued = pool.acquireAsync("d", Duration.ofHours(1));
    now += 4_000;
    a.release();
    now += 6_000;
    Permit b = queued.join();
    b.release();

    assertThat(share(a)).isEqualTo(Duration.ofNanos(4_000));
    assertThat(share(b)).isEqualTo(Duration.ofNanos(6_000));
  }

  @Test
  void share_clockGoingBackwards_chargesNothingNegative() {
    CapacityPool pool = pool(1);
    Permit a = pool.acquireAsync("d", Duration.ofHours(1)).join();
    now -= 1_000;
    a.release();

    assertThat(share(a)).isEqualTo(Duration.ZERO);
  }

  /** A permit as the test sees it: when it was granted, and its reference share so far. */
  private static final class Held {
    final CompletableFuture<Permit> permit;
    long grantedAt = -1;
    long releasedAt = -1;
    double reference;

    Held(CompletableFuture<Permit> permit) {
      this.permit = permit;
    }
  }

  @Property(tries = 500)
  void shares_randomAcquiresAndReleases_addUpToBusyTimeAndNeverExceedWallTime(
      @ForAll @Size(max = 150) List<@IntRange(min = 0, max = 2) Integer> ops,
      @ForAll @IntRange(min = 1, max = 5) int maxConcurrency,
      @ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    CapacityPool pool = pool(maxConcurrency);
    List<Held> all = new ArrayList<>();
    List<Held> holding = new ArrayList<>();
    Map<CompletableFuture<Permit>, Held> waiting = new HashMap<>();
    long busy = 0;

    for (int op : ops) {
      switch (op) {
        case 0 -> {
          Held h = new Held(pool.acquireAsync("d", Duration.ofHours(1)));
          all.add(h);
          if (h.permit.isDone()) {
            h.grantedAt = now;
            holding.add(h);
          } else {
            waiting.put(h.permit, h);
          }
        }
        case 1 -> {
          if (!holding.isEmpty()) {
            Held h = holding.remove(random.nextInt(holding.size()));
            h.permit.join().release();
            h.releasedAt = now;
            granted(waiting, holding);
          }
        }
        default -> {
          long dt = random.nextLong(0, 5_000_000_000L);
          if (!holding.isEmpty()) {
            busy += dt;
            for (Held h : holding) {
              h.reference += (double) dt / holding.size();
            }
          }
          now += dt;
        }
      }
    }
    while (!holding.isEmpty()) {
      long dt = random.nextLong(1, 1_000_000_000L);
      busy += dt;
      for (Held h : holding) {
        h.reference += (double) dt / holding.size();
      }
      now += dt;
      Held h = holding.removeFirst();
      h.permit.join().release();
      h.releasedAt = now;
      granted(waiting, holding);
    }

    double sum = 0;
    for (Held h : all) {
      CapacityPool.Ticket ticket = (CapacityPool.Ticket) h.permit.join();
      double share = ticket.shareNanos;
      long wall = h.releasedAt - h.grantedAt;
      assertThat(share).isLessThanOrEqualTo(wall + 1e-6);
      assertThat(share).isCloseTo(h.reference, within(1e-3));
      assertThat(share(ticket).toNanos()).isLessThanOrEqualTo(wall);
      assertThat((double) share(ticket).toNanos()).isCloseTo(share, within(0.5));
      sum += share;
    }
    assertThat(sum).isCloseTo((double) busy, within(1.0));
  }

  /** Notes the waiters a release granted. */
  private void granted(Map<CompletableFuture<Permit>, Held> waiting, List<Held> holding) {
    waiting
        .entrySet()
        .removeIf(
            e -> {
              if (e.getKey().isDone()) {
                e.getValue().grantedAt = now;
                holding.add(e.getValue());
                return true;
              }
              return false;
            });
  }
}
