package dev.steward.tlog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: appends wait in a bounded queue; one writer thread takes whatever is waiting (up to
 * the batch limit, optionally waiting for more), commits it through the {@link TileStore} and
 * publishes the new {@link LogState}; a separate thread completes the appends' futures, so slow
 * callers delay acknowledgements but never commits. After a failed commit every waiting and later
 * append fails until the log is reopened.
 */
final class Sequencer {
  private static final Logger LOG = LoggerFactory.getLogger(Sequencer.class);

  /** An append waiting for its commit, or the marker that tells the writer to stop. */
  private static final class Pending {
    static final Pending STOP = new Pending(new byte[0], true);

    private final byte[] entry;
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    private final boolean stop;

    Pending(byte[] entry, boolean stop) {
      this.entry = entry;
      this.stop = stop;
    }

    byte[] entry() {
      return entry;
    }

    CompletableFuture<Long> done() {
      return done;
    }

    boolean stop() {
      return stop;
    }
  }

  private final TileStore store;
  private final NoteSigner signer;
  private final TileLog.Options options;
  private final BlockingQueue<Pending> queue;
  private final ReadWriteLock gate = new ReentrantReadWriteLock();
  private final Thread writer;
  private final ExecutorService acks;
  private volatile LogState current;
  private boolean closed;
  private @Nullable TlogException failure;

  Sequencer(TileStore store, NoteSigner signer, TileLog.Options options, LogState recovered) {
    this.store = store;
    this.signer = signer;
    this.options = options;
    this.current = recovered;
    this.queue = new ArrayBlockingQueue<>(options.maxPendingEntries());
    String name = "tlog-" + store.dir().getFileName();
    this.acks =
        Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().daemon().name(name + "-ack").unstarted(r));
    this.writer = Thread.ofPlatform().daemon().name(name + "-writer").unstarted(this::run);
  }

  void start() {
    writer.start();
  }

  LogState state() {
    return current;
  }

  CompletableFuture<Long> append(byte[] entry) {
    if (entry.length > TileCodec.MAX_ENTRY_BYTES) {
      return CompletableFuture.failedFuture(TileCodec.entryTooLarge(entry.length));
    }
    Pending p = new Pending(entry.clone(), false);
    gate.readLock().lock();
    try {
      TlogException refused = refusal();
      if (refused != null) {
        return CompletableFuture.failedFuture(refused);
      }
      if (!queue.offer(p)) {
        return CompletableFuture.failedFuture(
            new TlogException(
                TlogException.Code.OVERLOADED,
                "pending appends: "
                    + options.maxPendingEntries()
                    + " (expected: fewer; the log is writing as fast as it can)"));
      }
    } finally {
      gate.readLock().unlock();
    }
    return p.done();
  }

  private @Nullable TlogException refusal() {
    if (failure != null) {
      return new TlogException(
          TlogException.Code.IO,
          "log: failed (expected: reopen to recover): " + failure.getMessage(),
          failure);
    }
    if (closed) {
      return new TlogException(TlogException.Code.CLOSED, "log: closed (expected: open)");
    }
    return null;
  }

  /**
   * Stops accepting appends, commits those already accepted and stops the threads. Returns false if
   * the sequencer was already closed.
   */
  boolean close() {
    boolean first;
    gate.writeLock().lock();
    try {
      first = !closed;
      closed = true;
    } finally {
      gate.writeLock().unlock();
    }
    if (!first) {
      return false;
    }
    boolean interrupted = false;
    try {
      if (writer.isAlive()) {
        queue.put(Pending.STOP);
      }
      writer.join();
    } catch (InterruptedException e) {
      interrupted = true;
    }
    acks.shutdown();
    try {
      if (!acks.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("transparency log {}: acknowledgements still running at close", store.dir());
      }
    } catch (InterruptedException e) {
      interrupted = true;
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return true;
  }

  private void run() {
    List<Pending> batch = new ArrayList<>();
    long waitNanos = options.maxBatchWait().toNanos();
    boolean stop = false;
    while (!stop) {
      batch.clear();
      try {
        batch.add(queue.take());
        queue.drainTo(batch, options.maxBatchEntries() - 1);
        if (waitNanos > 0 && batch.size() < options.maxBatchEntries()) {
          long deadline = System.nanoTime() + waitNanos;
          while (batch.size() < options.maxBatchEntries() && !batch.get(batch.size() - 1).stop()) {
            Pending next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (next == null) {
              break;
            }
            batch.add(next);
            queue.drainTo(batch, options.maxBatchEntries() - batch.size());
          }
        }
      } catch (InterruptedException e) {
        stop = true;
      }
      for (int i = 0; i < batch.size(); i++) {
        if (batch.get(i).stop()) {
          stop = true;
          batch.subList(i, batch.size()).clear();
        }
      }
      if (!batch.isEmpty() && !commit(batch)) {
        return;
      }
    }
  }

  /** Commits one batch; on failure fails it and everything waiting, and returns false. */
  private boolean commit(List<Pending> batch) {
    LogState s = current;
    List<byte[]> entries = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      entries.add(p.entry());
    }
    try {
      TreeEdge.Growth g = s.edge().append(entries);
      Checkpoint cp = Checkpoint.of(signer.name(), g.next().size(), g.next().root());
      byte[] note = store.commit(g.writes(), () -> cp.sign(signer));
      current = new LogState(g.next(), note, cp);
      long first = s.edge().size();
      List<Pending> done = List.copyOf(batch);
      acks.execute(
          () -> {
            for (int i = 0; i < done.size(); i++) {
              done.get(i).done().complete(first + i);
            }
          });
      store.deletePartialsLater(g.completed());
      return true;
    } catch (IOException | RuntimeException e) {
      fail(batch, e);
      return false;
    }
  }

  private void fail(List<Pending> batch, Exception cause) {
    TlogException error =
        cause instanceof TlogException t
            ? t
            : new TlogException(
                TlogException.Code.IO, "log " + store.dir() + ": commit failed: " + cause, cause);
    LOG.error(
        "transparency log {}: commit failed, refusing appends until reopened", store.dir(), cause);
    List<Pending> waiting = new ArrayList<>(batch);
    gate.writeLock().lock();
    try {
      failure = error;
      queue.drainTo(waiting);
    } finally {
      gate.writeLock().unlock();
    }
    acks.execute(
        () -> {
          for (Pending p : waiting) {
            p.done().completeExceptionally(error);
          }
        });
  }
}
