package dev.steward.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** Where ledger rows live: one per authenticated exchange. Safe for concurrent use. */
public interface LedgerStorage {

  /** The most rows {@link #recent} returns. */
  int MAX_RECENT = 10_000;

  /**
   * Appends rows in one transaction: all are stored or none. Fails with {@link StorageException} if
   * a request id is already recorded. An empty list does nothing.
   */
  void append(List<LedgerRow> rows);

  /**
   * The latest rows, newest first by {@link LedgerRow#at()}; of equal times, the later appended
   * first.
   */
  List<LedgerRow> recent(int limit);

  /** The row of this request. */
  Optional<LedgerRow> find(String requestId);

  /**
   * Sums over the rows with {@code from <= at < to} (bounds truncated to the microsecond, like the
   * rows' times), of one department or of all when {@code department} is {@code null}.
   */
  LedgerTotals totals(Instant from, Instant to, @Nullable String department);

  /**
   * Hands {@code each} the rows with {@code from <= at < to} (bounds truncated to the microsecond,
   * like the rows' times), oldest first; of equal times, the earlier appended first. Rows are read
   * in batches, not all held at once, so a long period fits in little memory. An exception thrown
   * by {@code each} stops the reading and propagates.
   *
   * @throws IllegalArgumentException if {@code from} is after {@code to}
   */
  void forEach(Instant from, Instant to, Consumer<LedgerRow> each);
}
