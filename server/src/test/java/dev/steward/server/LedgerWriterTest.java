package dev.steward.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.store.LedgerRow;
import dev.steward.store.LedgerStorage;
import dev.steward.store.LedgerTotals;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The ledger writer off the request path: every row it was given is findable through {@link
 * LedgerWriter#holds} until the store has it, wherever it waits, and reaches the store once.
 */
class LedgerWriterTest {

  /** A store whose appends wait until released. */
  private static final class HeldStore implements LedgerStorage {
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch entered = new CountDownLatch(1);
    final List<String> stored = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void append(List<LedgerRow> rows) {
      entered.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      rows.forEach(r -> stored.add(r.requestId()));
    }

    @Override
    public List<LedgerRow> recent(int limit) {
      return List.of();
    }

    @Override
    public Optional<LedgerRow> find(String requestId) {
      return Optional.empty();
    }

    @Override
    public LedgerTotals totals(Instant from, Instant to, @Nullable String department) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void forEach(Instant from, Instant to, Consumer<LedgerRow> each) {}
  }

  @Test
  void rowsWaitingAnywhere_areHeld_untilStoredOnce_evenWhenTheQueueIsFull() throws Exception {
    HeldStore store = new HeldStore();
    List<String> written = Collections.synchronizedList(new ArrayList<>());
    try (LedgerWriter writer = new LedgerWriter(store, written::addAll, 2)) {
      writer.write(LedgerRows.row("first"));
      // The writer takes "first" and waits in the store; the queue then fills and overflows.
      assertThat(store.entered.await(5, TimeUnit.SECONDS)).isTrue();
      for (String id : List.of("second", "third", "fourth", "fifth")) {
        writer.write(LedgerRows.row(id));
      }
      for (String id : List.of("first", "second", "third", "fourth", "fifth")) {
        assertThat(writer.holds(id)).as(id).isTrue();
      }
      assertThat(writer.holds("never-written")).isFalse();

      store.release.countDown();
      List<String> all = List.of("first", "second", "third", "fourth", "fifth");
      // The writer reports rows written, then stops holding them.
      eventually(() -> written.size() == 5 && all.stream().noneMatch(writer::holds));
      assertThat(store.stored).containsExactlyInAnyOrderElementsOf(all);
      assertThat(written).containsExactlyInAnyOrder("first", "second", "third", "fourth", "fifth");
    }
  }

  private static void eventually(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("waited 5 s").isNegative();
      Thread.sleep(10);
    }
  }
}
