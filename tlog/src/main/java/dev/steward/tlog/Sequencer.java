package dev.steward.tlog;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
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
 * the batch limit, optionally waiting for more) and makes it durable. Without a {@link Journal}
 * ({@link TileLog.Durability#CHECKPOINT}) the writer commits the batch through the {@link
 * TileStore} and publishes the new {@link LogState}. With one ({@link TileLog.Durability#JOURNAL})
 * the writer appends the batch to the journal, acknowledges it, and hands it to a publisher thread,
 * which commits everything journaled since its last commit at once. A separate thread completes the
 * appends' and {@link #published} futures, so slow callers delay acknowledgements but never
 * commits.
 *
 * <p>After a failed commit, journal write or publication, every waiting and later append fails
 * until the log is reopened. A failed journal write leaves the publisher running, so what was
 * acknowledged is still published; a failed publication stops both.
 */
final class Sequencer {
  private static final Logger LOG = LoggerFactory.getLogger(Sequencer.class);

  /**
   * The most entries one publication takes (64 full tiles of entries); once this many wait, they
   * are published without waiting out the publish interval.
   */
  static final int MAX_PUBLICATION = 16_384;

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
  private final @Nullable Journal journal;
  private final BlockingQueue<Pending> queue;
  private final Thread writer;
  private final @Nullable Thread publisher;
  private final ExecutorService acks;
  private volatile LogState current;

  /** Guards {@link #closed} and {@link #failure}: whether appends are refused. */
  private final ReadWriteLock gate = new ReentrantReadWriteLock();

  private boolean closed;
  private @Nullable TlogException failure;

  /**
   * The monitor of publication: guards the fields below and the replacement of {@link #current},
   * and is notified whenever one of them changes.
   */
  private final Object publication = new Object();

  /** Entries journaled and acknowledged, not yet handed to a commit, in index order. */
  private final List<byte[]> unpublished = new ArrayList<>();

  /** Futures of {@link #published} by the size they wait for. */
  private final NavigableMap<Long, List<CompletableFuture<Checkpoint>>> waiters = new TreeMap<>();

  /** The entries acknowledged: the journaled size, or the committed size without a journal. */
  private volatile long accepted;

  private boolean stopPublishing;
  private boolean publicationEnded;
  private @Nullable TlogException publicationFailure;

  Sequencer(
      TileStore store,
      NoteSigner signer,
      TileLog.Options options,
      LogState recovered,
      @Nullable Journal journal) {
    this.store = store;
    this.signer = signer;
    this.options = options;
    this.journal = journal;
    this.current = recovered;
    this.accepted = recovered.size();
    this.queue = new ArrayBlockingQueue<>(options.maxPendingEntries());
    String name = "tlog-" + store.dir().getFileName();
    this.acks =
        Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().daemon().name(name + "-ack").unstarted(r));
    this.writer = Thread.ofPlatform().daemon().name(name + "-writer").unstarted(this::run);
    this.publisher =
        journal == null
            ? null
            : Thread.ofPlatform().daemon().name(name + "-publisher").unstarted(this::publishLoop);
  }

  void start() {
    writer.start();
    if (publisher != null) {
      publisher.start();
    }
  }

  /** What readers see: the latest published state. */
  LogState state() {
    return current;
  }

  long accepted() {
    return accepted;
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

  /** A future of the published checkpoint once it covers {@code size} entries. */
  CompletableFuture<Checkpoint> published(long size) {
    synchronized (publication) {
      LogState s = current;
      if (size >= 0 && size <= s.size()) {
        return CompletableFuture.completedFuture(s.checkpoint());
      }
      if (size < 0 || size > accepted) {
        return CompletableFuture.failedFuture(
            new TlogException(
                TlogException.Code.OUT_OF_RANGE,
                "tree size: " + size + " (expected: 0.." + accepted + ", the entries accepted)"));
      }
      if (publicationFailure != null) {
        return CompletableFuture.failedFuture(
            new TlogException(
                TlogException.Code.IO,
                "log: publication failed (expected: reopen to recover): "
                    + publicationFailure.getMessage(),
                publicationFailure));
      }
      if (publicationEnded) {
        return CompletableFuture.failedFuture(
            new TlogException(TlogException.Code.CLOSED, "log: closed (expected: open)"));
      }
      CompletableFuture<Checkpoint> f = new CompletableFuture<>();
      waiters.computeIfAbsent(size, k -> new ArrayList<>()).add(f);
      return f;
    }
  }

  /**
   * Stops accepting appends, makes durable and publishes those already accepted, and stops the
   * threads. Returns false if the sequencer was already closed.
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
      if (publisher != null) {
        synchronized (publication) {
          stopPublishing = true;
          publication.notifyAll();
        }
        publisher.join();
      }
    } catch (InterruptedException e) {
      interrupted = true;
    }
    List<CompletableFuture<Checkpoint>> left = new ArrayList<>();
    synchronized (publication) {
      publicationEnded = true;
      waiters.values().forEach(left::addAll);
      waiters.clear();
    }
    if (!left.isEmpty()) {
      TlogException closedError =
          new TlogException(TlogException.Code.CLOSED, "log: closed before publishing");
      acks.execute(() -> left.forEach(f -> f.completeExceptionally(closedError)));
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
      if (!batch.isEmpty() && !(journal == null ? commit(batch) : journal(journal, batch))) {
        return;
      }
    }
  }

  /** Commits one batch; on failure fails it and everything waiting, and returns false. */
  private boolean commit(List<Pending> batch) {
    LogState s = current;
    try {
      TreeEdge.Growth g = s.edge().append(entries(batch));
      Checkpoint cp = Checkpoint.of(signer.name(), g.next().size(), g.next().root());
      byte[] note = store.commit(g.writes(), () -> cp.sign(signer));
      publish(new LogState(g.next(), note, cp));
      acknowledge(batch, s.size());
      store.deletePartialsLater(g.completed());
      return true;
    } catch (IOException | RuntimeException | Error e) {
      TlogException error = error(e, "commit failed");
      refuse(batch, error);
      stopPublication(error);
      return false;
    }
  }

  /**
   * Appends one batch to the journal and acknowledges it, in as many writes as it takes to fit in a
   * journal region; on failure fails what is left of it and everything waiting, and returns false.
   */
  private boolean journal(Journal j, List<Pending> batch) {
    List<byte[]> entries = entries(batch);
    for (int from = 0; from < batch.size(); ) {
      int to = JournalCodec.fitting(entries, from, j.regionBytes());
      long first = accepted;
      try {
        write(j, entries.subList(from, to));
      } catch (IOException | RuntimeException | Error e) {
        refuse(batch.subList(from, batch.size()), error(e, "journal write failed"));
        return false;
      }
      acknowledge(batch.subList(from, to), first);
      from = to;
    }
    return true;
  }

  /**
   * Writes entries to the journal and hands them to the publisher. Starts the journal again at its
   * beginning when everything in it is published; moves to its other region when the current one is
   * full, first waiting for the entries there to be published if they are not yet.
   */
  private void write(Journal j, List<byte[]> entries) throws IOException {
    TlogException stopped;
    synchronized (publication) {
      stopped = publicationFailure;
    }
    if (stopped != null) {
      throw stopped;
    }
    long first = accepted;
    if (current.size() == first) {
      j.reset();
    } else if (!j.fits(JournalCodec.encodedBytes(entries))) {
      long needed = j.otherRegionEnd();
      if (current.size() < needed) {
        j.full();
        awaitPublished(needed);
      }
      j.switchRegion();
    }
    j.append(first, entries);
    synchronized (publication) {
      unpublished.addAll(entries);
      accepted = first + entries.size();
      publication.notifyAll();
    }
  }

  private void awaitPublished(long size) throws IOException {
    synchronized (publication) {
      while (current.size() < size) {
        if (publicationFailure != null) {
          throw publicationFailure;
        }
        try {
          publication.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while waiting for publication");
        }
      }
    }
  }

  /** The publisher thread: commits whatever was journaled since its last commit, until closed. */
  private void publishLoop() {
    long interval = options.publishInterval().toNanos();
    long lastStart = System.nanoTime() - interval;
    while (true) {
      List<byte[]> entries;
      synchronized (publication) {
        try {
          while (unpublished.isEmpty() && !stopPublishing) {
            publication.wait();
          }
          // Paced: wait out the interval since the last publication began, unless closing or a
          // whole publication's worth is already waiting.
          long left;
          while (!stopPublishing
              && unpublished.size() < MAX_PUBLICATION
              && (left = lastStart + interval - System.nanoTime()) > 0) {
            publication.wait(Math.max(1, left / 1_000_000), (int) (left % 1_000_000));
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          failPublication(new InterruptedIOException("publisher interrupted"));
          return;
        }
        if (unpublished.isEmpty()) {
          return;
        }
        // At most MAX_PUBLICATION entries at a time, so that one publication never holds (and
        // copies, and tiles) more than that in memory, however long the interval or the backlog.
        List<byte[]> next = unpublished.subList(0, Math.min(unpublished.size(), MAX_PUBLICATION));
        entries = new ArrayList<>(next);
        next.clear();
      }
      lastStart = System.nanoTime();
      LogState s = current;
      try {
        TreeEdge.Growth g = s.edge().append(entries);
        Checkpoint cp = Checkpoint.of(signer.name(), g.next().size(), g.next().root());
        byte[] note = store.commit(g.writes(), () -> cp.sign(signer));
        publish(new LogState(g.next(), note, cp));
        store.deletePartialsLater(g.completed());
      } catch (IOException | RuntimeException | Error e) {
        failPublication(e);
        return;
      }
    }
  }

  private void failPublication(Throwable cause) {
    TlogException error = error(cause, "publication failed");
    refuse(List.of(), error);
    stopPublication(error);
  }

  /** Replaces the published state and completes the {@link #published} futures it satisfies. */
  private void publish(LogState next) {
    List<CompletableFuture<Checkpoint>> ready = new ArrayList<>();
    synchronized (publication) {
      current = next;
      if (journal == null) {
        accepted = next.size();
      }
      NavigableMap<Long, List<CompletableFuture<Checkpoint>>> due =
          waiters.headMap(next.size(), true);
      due.values().forEach(ready::addAll);
      due.clear();
      publication.notifyAll();
    }
    if (!ready.isEmpty()) {
      Checkpoint cp = next.checkpoint();
      acks.execute(() -> ready.forEach(f -> f.complete(cp)));
    }
  }

  /** Records that nothing more will be published, failing the {@link #published} futures. */
  private void stopPublication(TlogException error) {
    List<CompletableFuture<Checkpoint>> failed = new ArrayList<>();
    synchronized (publication) {
      if (publicationFailure == null) {
        publicationFailure = error;
      }
      waiters.values().forEach(failed::addAll);
      waiters.clear();
      publication.notifyAll();
    }
    if (!failed.isEmpty()) {
      acks.execute(() -> failed.forEach(f -> f.completeExceptionally(error)));
    }
  }

  private void acknowledge(List<Pending> batch, long first) {
    List<Pending> done = List.copyOf(batch);
    acks.execute(
        () -> {
          for (int i = 0; i < done.size(); i++) {
            done.get(i).done().complete(first + i);
          }
        });
  }

  private static List<byte[]> entries(List<Pending> batch) {
    List<byte[]> entries = new ArrayList<>(batch.size());
    for (Pending p : batch) {
      entries.add(p.entry());
    }
    return entries;
  }

  private TlogException error(Throwable cause, String what) {
    return cause instanceof TlogException t
        ? t
        : new TlogException(
            TlogException.Code.IO, "log " + store.dir() + ": " + what + ": " + cause, cause);
  }

  /** Fails {@code batch} and every waiting append, and refuses appends until reopened. */
  private void refuse(List<Pending> batch, TlogException error) {
    LOG.error(
        "transparency log {}: {}, refusing appends until reopened",
        store.dir(),
        error.getMessage(),
        error);
    List<Pending> waiting = new ArrayList<>(batch);
    gate.writeLock().lock();
    try {
      if (failure == null) {
        failure = error;
      }
      queue.drainTo(waiting);
      if (waiting.remove(Pending.STOP)) {
        // Closing (and the publisher failed): the writer still needs its marker to stop.
        queue.add(Pending.STOP);
      }
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
