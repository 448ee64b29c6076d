package dev.steward.server;

import dev.steward.core.Futures;
import dev.steward.store.LedgerRow;
import dev.steward.store.LedgerStorage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes ledger rows off the request path, in batches. Rows wait in a bounded queue; a writer
 * thread appends up to {@value #BATCH} at a time. If the store falls behind so far that the queue
 * fills, the row is written on a virtual thread of its own (never on the caller's event loop), so
 * nothing is lost.
 */
final class LedgerWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerWriter.class);
  private static final int BATCH = 512;

  private final LedgerStorage ledger;
  private final BlockingQueue<LedgerRow> queue = new ArrayBlockingQueue<>(16_384);
  private final Thread writer;
  private final AtomicLong failures = new AtomicLong();
  private volatile boolean closing;

  LedgerWriter(LedgerStorage ledger) {
    this.ledger = ledger;
    this.writer = Thread.ofPlatform().daemon().name("steward-ledger-writer").start(this::run);
  }

  void write(LedgerRow row) {
    if (!queue.offer(row)) {
      Futures.blocking().execute(() -> appendWithRetry(List.of(row)));
    }
  }

  /** Rows that could not be written, since start. */
  long failures() {
    return failures.get();
  }

  private void run() {
    List<LedgerRow> batch = new ArrayList<>(BATCH);
    while (!closing || !queue.isEmpty()) {
      try {
        LedgerRow first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
        appendWithRetry(batch);
        batch.clear();
      } catch (InterruptedException e) {
        if (!closing) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void appendWithRetry(List<LedgerRow> rows) {
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
    while (!queue.isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
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
    try {
      writer.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
