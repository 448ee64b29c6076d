package dev.steward.server;

import dev.steward.core.Futures;
import dev.steward.store.LedgerRow;
import dev.steward.store.LedgerStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes ledger rows off the request path, in batches. Rows wait in a bounded lock-free queue; a
 * writer thread wakes every {@link #INTERVAL} and appends up to {@value #BATCH} at a time. Nothing
 * on the request path ever blocks or wakes a thread: an event loop only adds to the queue (waking
 * the writer per row cost two futex calls per request, measured). If the store falls behind so far
 * that the queue fills, the row is written on a virtual thread of its own, so nothing is lost. Once
 * rows have been appended (or given up on), {@code written} is told their request ids; until then
 * {@link #holds} finds them, wherever they wait.
 */
final class LedgerWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerWriter.class);
  private static final int BATCH = 512;
  private static final int CAPACITY = 65_536;
  private static final Duration INTERVAL = Duration.ofMillis(20);

  private final LedgerStorage ledger;
  private final Consumer<List<String>> written;
  private final ConcurrentLinkedQueue<LedgerRow> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final int capacity;

  /** Request ids of rows being written on their own because the queue was full. */
  private final Set<String> overflowing = ConcurrentHashMap.newKeySet();

  private final Thread writer;
  private final AtomicLong failures = new AtomicLong();
  private volatile boolean closing;

  /** The batch being written, for {@link #holds}; empty between batches. */
  private volatile List<LedgerRow> writing = List.of();

  LedgerWriter(LedgerStorage ledger) {
    this(ledger, ids -> {});
  }

  LedgerWriter(LedgerStorage ledger, Consumer<List<String>> written) {
    this(ledger, written, CAPACITY);
  }

  /** A writer whose queue holds at most {@code capacity} rows (tests make it small). */
  LedgerWriter(LedgerStorage ledger, Consumer<List<String>> written, int capacity) {
    this.capacity = capacity;
    this.ledger = ledger;
    this.written = written;
    this.writer = Thread.ofPlatform().daemon().name("steward-ledger-writer").start(this::run);
  }

  void write(LedgerRow row) {
    if (queued.incrementAndGet() > capacity) {
      queued.decrementAndGet();
      overflowing.add(row.requestId());
      Futures.blocking()
          .execute(
              () -> {
                try {
                  appendWithRetry(List.of(row));
                } finally {
                  overflowing.remove(row.requestId());
                }
              });
      return;
    }
    queue.add(row);
  }

  /**
   * Whether the row of {@code requestId} waits to be written: queued, in the batch being written,
   * or being written on its own after the queue was full. Reads the queue: for lookups that missed,
   * not for the request path.
   */
  boolean holds(String requestId) {
    if (overflowing.contains(requestId)) {
      return true;
    }
    for (LedgerRow r : writing) {
      if (r.requestId().equals(requestId)) {
        return true;
      }
    }
    for (LedgerRow r : queue) {
      if (r.requestId().equals(requestId)) {
        return true;
      }
    }
    return false;
  }

  /** Rows that could not be written, since start. */
  long failures() {
    return failures.get();
  }

  private void run() {
    List<LedgerRow> batch = new ArrayList<>(BATCH);
    while (true) {
      // The batch is read from the queue's head, published as being written, and only then taken
      // off the queue (this thread is its only consumer): a row is always in one of the two.
      for (LedgerRow row : queue) {
        if (batch.size() == BATCH) {
          break;
        }
        batch.add(row);
      }
      if (!batch.isEmpty()) {
        writing = List.copyOf(batch);
        for (int i = 0; i < batch.size(); i++) {
          queue.poll();
        }
        queued.addAndGet(-batch.size());
        appendWithRetry(batch);
        writing = List.of();
        batch.clear();
        continue;
      }
      if (closing) {
        return;
      }
      LockSupport.parkNanos(INTERVAL.toNanos());
    }
  }

  private void appendWithRetry(List<LedgerRow> rows) {
    try {
      appendWithRetries(rows);
    } finally {
      List<String> ids = new ArrayList<>(rows.size());
      for (LedgerRow r : rows) {
        ids.add(r.requestId());
      }
      written.accept(ids);
    }
  }

  private void appendWithRetries(List<LedgerRow> rows) {
    for (int attempt = 1; ; attempt++) {
      try {
        ledger.append(rows);
        return;
      } catch (RuntimeException e) {
        if (attempt == 3) {
          failures.addAndGet(rows.size());
          LOG.error("ledger: {} rows could not be written: {}", rows.size(), e.toString());
          return;
        }
        try {
          Thread.sleep(50L * attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Writes what is queued, waiting at most {@code wait}. */
  void flush(Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (queued.get() > 0 && System.nanoTime() < deadline) {
      LockSupport.unpark(writer);
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    closing = true;
    LockSupport.unpark(writer);
    try {
      writer.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
