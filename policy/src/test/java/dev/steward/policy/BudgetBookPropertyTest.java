package dev.steward.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.config.Budget;
import dev.steward.policy.BudgetBook.Period;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Budget arithmetic under concurrency: never past a limit; settlements add exactly what was used.
 */
class BudgetBookPropertyTest {
  private static final BudgetScope DEPT = BudgetScope.department("d");
  private static final BudgetScope SERVICE = BudgetScope.service("d", "s");
  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.parse("2026-11-27T12:00:00Z"));

  @Property(tries = 40)
  void anyInterleaving_neverOvershoots_andSettlesAddExactlyTheActualAmounts(
      @ForAll @IntRange(min = 0, max = 60) int servicePence,
      @ForAll @IntRange(min = 0, max = 200) int deptTokens,
      @ForAll @Size(min = 1, max = 300) List<@IntRange(min = 0, max = 25) Integer> costsPence,
      @ForAll @IntRange(min = 2, max = 8) int threads,
      @ForAll long seed)
      throws InterruptedException {
    BigDecimal serviceLimit = BigDecimal.valueOf(servicePence, 2);
    BudgetBook book =
        BudgetBook.create(
            Map.of(
                SERVICE, new Budget(serviceLimit, null, null, null),
                DEPT, new Budget(null, null, null, (long) deptTokens)),
            CLOCK);
    ConcurrentLinkedQueue<Integer> work = new ConcurrentLinkedQueue<>(costsPence);
    AtomicLong actualPence = new AtomicLong();
    AtomicLong actualTokens = new AtomicLong();
    ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      SplittableRandom random = new SplittableRandom(seed + t);
      running.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    awaitQuietly(start);
                    List<BudgetBook.Reservation> open = new ArrayList<>();
                    Integer cost;
                    while ((cost = work.poll()) != null || !open.isEmpty()) {
                      if (cost != null) {
                        Amount worst = Amount.of(BigDecimal.valueOf(cost, 2), cost);
                        if (book.reserve(List.of(DEPT, SERVICE), worst)
                            instanceof BudgetBook.Reservation r) {
                          open.add(r);
                        }
                      }
                      // Close some of this thread's open reservations, in a random order.
                      while (!open.isEmpty() && (cost == null || random.nextBoolean())) {
                        BudgetBook.Reservation r = open.remove(random.nextInt(open.size()));
                        if (random.nextInt(4) == 0) {
                          book.release(r);
                        } else {
                          int pence =
                              random.nextInt(r.amount().gbp().movePointRight(2).intValue() + 1);
                          long tokens = random.nextLong(r.amount().tokens() + 1);
                          book.settle(r, Amount.of(BigDecimal.valueOf(pence, 2), tokens));
                          actualPence.addAndGet(pence);
                          actualTokens.addAndGet(tokens);
                        }
                      }
                      check(book, serviceLimit, deptTokens, violations);
                    }
                  }));
    }
    start.countDown();
    for (Thread t : running) {
      t.join();
    }

    assertThat(violations).isEmpty();
    assertThat(book.reserved(SERVICE, Period.DAY).gbp()).isEqualByComparingTo("0");
    assertThat(book.reserved(DEPT, Period.MONTH).tokens()).isZero();
    assertThat(book.spent(SERVICE, Period.DAY).gbp())
        .isEqualByComparingTo(BigDecimal.valueOf(actualPence.get(), 2));
    assertThat(book.spent(DEPT, Period.MONTH).tokens()).isEqualTo(actualTokens.get());
  }

  private static void check(
      BudgetBook book,
      BigDecimal serviceLimit,
      long deptTokens,
      ConcurrentLinkedQueue<String> out) {
    Amount service = book.used(SERVICE, Period.DAY);
    if (service.gbp().compareTo(serviceLimit) > 0) {
      out.add("service: " + service.gbp() + " > " + serviceLimit);
    }
    Amount dept = book.used(DEPT, Period.MONTH);
    if (dept.tokens() > deptTokens) {
      out.add("department: " + dept.tokens() + " > " + deptTokens);
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
