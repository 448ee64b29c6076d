package dev.steward.server;

import dev.steward.store.LedgerRow;
import dev.steward.store.LedgerStorage;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Finds an exchange's ledger row for the endpoints that refer back to an exchange (reviews,
 * outcomes). A row is written a little after its answer is sent — after its completion record
 * commits to the log, then in the writer's next batch — so a lookup of an exchange the gateway is
 * still finishing waits for its row, up to {@link #WAIT}, instead of answering "not found". An id
 * the gateway is not finishing is answered at once.
 */
final class LedgerLookup {
  static final Duration WAIT = Duration.ofSeconds(5);
  private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();

  private final LedgerStorage ledger;
  private final LedgerWriter writer;
  private final @Nullable AuditTrail audit;

  LedgerLookup(LedgerStorage ledger, LedgerWriter writer, @Nullable AuditTrail audit) {
    this.ledger = ledger;
    this.writer = writer;
    this.audit = audit;
  }

  /** The row of {@code requestId}, once written. Blocks (database). */
  Optional<LedgerRow> find(String requestId) {
    Optional<LedgerRow> row = ledger.find(requestId);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (row.isEmpty() && finishing(requestId) && System.nanoTime() < deadline) {
      LockSupport.parkNanos(POLL_NANOS);
      row = ledger.find(requestId);
    }
    return row;
  }

  /** Whether the exchange is under way or its row waits to be written. */
  private boolean finishing(String requestId) {
    AuditTrail trail = audit;
    return writer.holds(requestId) || (trail != null && trail.recent(requestId).isPresent());
  }
}
