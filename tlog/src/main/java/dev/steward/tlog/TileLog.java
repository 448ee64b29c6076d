package dev.steward.tlog;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable, append-only C2SP tlog-tiles transparency log in one directory: the files under it
 * ({@code checkpoint}, {@code tile/<L>/<N>[.p/<W>]}, {@code tile/entries/<N>[.p/<W>]}) are exactly
 * what a tlog-tiles client fetches, so serving the log is serving its paths.
 *
 * <p><b>Durability.</b> {@link #append} returns a future that completes with the entry's index once
 * the entry is durable. What that takes depends on {@link Options#durability}:
 *
 * <ul>
 *   <li>{@link Durability#CHECKPOINT} (the default): the entry is published. Its tiles and bundle,
 *       and the directories that hold them, are fsynced, and then the signed checkpoint covering it
 *       has replaced the old one atomically (an fsynced temporary file, an atomic rename, a
 *       directory fsync).
 *   <li>{@link Durability#JOURNAL}: the entry is in the log's journal file, forced to disk ({@code
 *       fdatasync}); its index is final. A publisher thread then commits everything journaled as
 *       above, in the background; {@link #published} says when an entry is covered by the published
 *       checkpoint. An acknowledged entry that a crash keeps from being published is published from
 *       the journal at the next open.
 * </ul>
 *
 * Appends are made durable in groups by one writer thread: whatever is waiting when it starts, up
 * to {@link Options#maxBatchEntries}, optionally waiting {@link Options#maxBatchWait} for more,
 * shares one round of fsyncs (and, without a journal, one signature).
 *
 * <p><b>One writer.</b> Opening takes an exclusive lock on {@code .lock} in the directory; a second
 * open, in this process or another, fails with {@link TlogException.Code#LOCKED}.
 *
 * <p><b>Recovery.</b> The checkpoint is written last, so on open it is the truth for what is
 * published: tiles and bundles beyond it (a commit cut short by a crash) are deleted, and the
 * partial tiles at its size must hash to its root or opening fails with {@link
 * TlogException.Code#CORRUPT}. Then the journal's entries beyond the checkpoint, if there is a
 * journal, are published before {@code open} returns. No acknowledged append is lost.
 *
 * <p>Reads ({@link #checkpoint}, {@link #size}, {@link #read}, {@link #entry}, proofs) see the
 * latest published checkpoint and never block on the writer. If a write fails, the log refuses
 * further appends ({@link TlogException.Code#IO}) until it is closed and reopened, which recovers
 * it.
 */
public final class TileLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TileLog.class);
  private static final String LOCK_FILE = ".lock";

  /**
   * Directories open in this JVM. File locks belong to the process, and closing any channel on the
   * lock file may drop them, so a second open in the same JVM is refused here, before it touches
   * the lock file.
   */
  private static final Set<Path> OPEN_DIRS = ConcurrentHashMap.newKeySet();

  /** When an append is acknowledged: see the class documentation. */
  public enum Durability {
    /** Once the entry's tiles and the signed checkpoint covering it are on disk. */
    CHECKPOINT,
    /**
     * Once the entry is forced to the log's journal; it is published asynchronously (see {@link
     * TileLog#published}).
     */
    JOURNAL
  }

  /**
   * How appends are grouped and when they are acknowledged.
   *
   * @param maxBatchEntries the most entries one commit (or journal write) holds, 1..65536
   * @param maxBatchWait how long a commit waits for more entries once it has one; zero commits
   *     whatever is waiting at once, which still groups appends that arrive during a commit
   * @param maxPendingEntries the most appends waiting for a commit; beyond that {@link #append}
   *     fails with {@link TlogException.Code#OVERLOADED}
   * @param durability when an append is acknowledged
   * @param publishInterval in {@link Durability#JOURNAL} mode, the least time between the starts of
   *     two publications (tiles and a signed checkpoint), 0..10s: fewer, larger publications whose
   *     fsyncs compete less with the journal's, at the cost of publishing up to that much later.
   *     Zero publishes as soon as the previous publication ends
   */
  public record Options(
      int maxBatchEntries,
      Duration maxBatchWait,
      int maxPendingEntries,
      Durability durability,
      Duration publishInterval) {
    public Options {
      if (publishInterval.isNegative() || publishInterval.compareTo(Duration.ofSeconds(10)) > 0) {
        throw new IllegalArgumentException(
            "publishInterval: " + publishInterval + " (expected: 0..10s)");
      }
      if (maxBatchEntries < 1 || maxBatchEntries > 65536) {
        throw new IllegalArgumentException(
            "maxBatchEntries: " + maxBatchEntries + " (expected: 1..65536)");
      }
      if (maxBatchWait.isNegative() || maxBatchWait.compareTo(Duration.ofSeconds(1)) > 0) {
        throw new IllegalArgumentException("maxBatchWait: " + maxBatchWait + " (expected: 0..1s)");
      }
      if (maxPendingEntries < 1) {
        throw new IllegalArgumentException(
            "maxPendingEntries: " + maxPendingEntries + " (expected: at least 1)");
      }
      Objects.requireNonNull(durability, "durability");
    }

    /** Options acknowledging at {@link Durability#CHECKPOINT}. */
    public Options(int maxBatchEntries, Duration maxBatchWait, int maxPendingEntries) {
      this(maxBatchEntries, maxBatchWait, maxPendingEntries, Durability.CHECKPOINT);
    }

    /** Options publishing as soon as possible. */
    public Options(
        int maxBatchEntries, Duration maxBatchWait, int maxPendingEntries, Durability durability) {
      this(maxBatchEntries, maxBatchWait, maxPendingEntries, durability, Duration.ZERO);
    }

    /**
     * 1,024 entries per commit, no added wait, 65,536 pending appends, {@link
     * Durability#CHECKPOINT}.
     */
    public static Options defaults() {
      return new Options(1024, Duration.ZERO, 65536, Durability.CHECKPOINT);
    }

    public Options withMaxBatchEntries(int n) {
      return new Options(n, maxBatchWait, maxPendingEntries, durability, publishInterval);
    }

    public Options withMaxBatchWait(Duration wait) {
      return new Options(maxBatchEntries, wait, maxPendingEntries, durability, publishInterval);
    }

    public Options withMaxPendingEntries(int n) {
      return new Options(maxBatchEntries, maxBatchWait, n, durability, publishInterval);
    }

    public Options withDurability(Durability d) {
      return new Options(maxBatchEntries, maxBatchWait, maxPendingEntries, d, publishInterval);
    }

    public Options withPublishInterval(Duration interval) {
      return new Options(maxBatchEntries, maxBatchWait, maxPendingEntries, durability, interval);
    }
  }

  private final TileStore store;
  private final NoteSigner signer;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final @Nullable Journal journal;
  private final Sequencer sequencer;

  private TileLog(
      TileStore store,
      NoteSigner signer,
      FileChannel lockChannel,
      FileLock lock,
      @Nullable Journal journal,
      Sequencer sequencer) {
    this.store = store;
    this.signer = signer;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.journal = journal;
    this.sequencer = sequencer;
  }

  /** Opens (creating it if needed) the log in {@code dir} with default {@link Options}. */
  public static TileLog open(Path dir, NoteSigner signer) {
    return open(dir, signer, Options.defaults());
  }

  /**
   * Opens the log in {@code dir}, creating the directory and an empty log (a signed checkpoint of
   * size 0) if there is none, and recovering from any crash: entries a journal holds beyond the
   * checkpoint are published before this returns, whatever {@code options.durability()} is. A log
   * opened with {@link Durability#CHECKPOINT} then deletes the journal. The log's origin is the
   * signer's key name. If the checkpoint on disk is not signed by {@code signer} (a new key), it is
   * re-signed.
   */
  public static TileLog open(Path dir, NoteSigner signer, Options options) {
    return open(dir, signer, options, TileStore.Faults.NONE);
  }

  static TileLog open(Path dir, NoteSigner signer, Options options, TileStore.Faults faults) {
    return open(dir, signer, options, faults, Journal.REGION_BYTES);
  }

  static TileLog open(
      Path directory,
      NoteSigner signer,
      Options options,
      TileStore.Faults faults,
      long journalRegionBytes) {
    Path dir;
    try {
      Files.createDirectories(directory);
      dir = directory.toRealPath();
    } catch (IOException e) {
      throw new TlogException(TlogException.Code.IO, "log directory: " + directory + ": " + e, e);
    }
    if (!OPEN_DIRS.add(dir)) {
      throw locked(dir);
    }
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw locked(dir);
      }
      TileStore store = new TileStore(dir, faults);
      LogState recovered;
      Journal journal = null;
      try {
        recovered = Recovery.recover(store, signer);
        recovered = Recovery.replayJournal(store, signer, recovered);
        if (options.durability() == Durability.JOURNAL) {
          journal = Journal.open(dir, journalRegionBytes, faults);
        } else {
          Journal.delete(dir);
        }
      } catch (IOException | RuntimeException e) {
        store.close();
        throw e;
      }
      Sequencer sequencer = new Sequencer(store, signer, options, recovered, journal);
      sequencer.start();
      LOG.info(
          "opened transparency log {} at size {} ({} durability)",
          dir,
          recovered.size(),
          options.durability());
      return new TileLog(store, signer, channel, lock, journal, sequencer);
    } catch (IOException e) {
      closeQuietly(channel);
      OPEN_DIRS.remove(dir);
      throw new TlogException(TlogException.Code.IO, "log directory: " + dir + ": " + e, e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      OPEN_DIRS.remove(dir);
      throw e;
    }
  }

  private static TlogException locked(Path dir) {
    return new TlogException(
        TlogException.Code.LOCKED,
        "log directory: " + dir + " is open by another writer (expected: one writer)");
  }

  /**
   * Appends one entry. The future completes with the entry's index once it is durable (published,
   * or journaled in {@link Durability#JOURNAL} mode), or fails with a {@link TlogException}: {@code
   * ENTRY_TOO_LARGE} beyond {@value TileCodec#MAX_ENTRY_BYTES} bytes, {@code OVERLOADED} when too
   * many appends are waiting, {@code CLOSED}, or {@code IO}. Futures complete on the log's
   * acknowledgement thread; dependent stages should not block.
   */
  public CompletableFuture<Long> append(byte[] entry) {
    return sequencer.append(entry);
  }

  /**
   * A future of the published checkpoint once it covers at least {@code size} entries: completed at
   * once if it already does, else when a publication reaches it (on the acknowledgement thread).
   * Its inclusion proofs and tiles are then readable: {@code published(index + 1)} before building
   * a receipt for an acknowledged entry. In {@link Durability#CHECKPOINT} mode every acknowledged
   * entry is already published. Fails with a {@link TlogException}: {@code OUT_OF_RANGE} if {@code
   * size} is negative or beyond {@link #acceptedSize()}, {@code IO} if publication failed, {@code
   * CLOSED} if the log closed first.
   */
  public CompletableFuture<Checkpoint> published(long size) {
    return sequencer.published(size);
  }

  /**
   * The number of entries acknowledged: journaled in {@link Durability#JOURNAL} mode, where it may
   * run ahead of {@link #size()}; equal to {@link #size()} otherwise.
   */
  public long acceptedSize() {
    return sequencer.accepted();
  }

  /** The latest published checkpoint, as the signed note served at {@code <prefix>/checkpoint}. */
  public byte[] checkpoint() {
    return sequencer.state().note().clone();
  }

  /** The latest published checkpoint's content: origin, size and root. */
  public Checkpoint treeHead() {
    return sequencer.state().checkpoint();
  }

  /** The number of entries published: the latest checkpoint's size. */
  public long size() {
    return sequencer.state().size();
  }

  /** The verifier key of this log, for {@code <prefix>/verifier-key} or client configuration. */
  public NoteVerifier verifier() {
    return signer.verifier();
  }

  /**
   * The bytes of a tile or entry bundle by its tlog-tiles path relative to the log prefix (e.g.
   * {@code tile/0/x001/234.p/5}). Empty when the path is not a tile path, lies beyond the latest
   * checkpoint, or names a partial tile that was deleted because its full tile exists. Full tiles
   * never change once returned.
   */
  public Optional<byte[]> read(String path) {
    TilePath p;
    try {
      p = TilePath.parse(path);
    } catch (TlogException e) {
      return Optional.empty();
    }
    return read(p);
  }

  /** Like {@link #read(String)} for a parsed path. */
  public Optional<byte[]> read(TilePath p) {
    if (!covered(p, size())) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(store.read(p));
    } catch (IOException e) {
      throw new TlogException(TlogException.Code.IO, "tile " + p + ": " + e, e);
    }
  }

  /** The entry at {@code index}; throws {@link TlogException} (OUT_OF_RANGE) if not published. */
  public byte[] entry(long index) {
    LogState s = sequencer.state();
    long size = s.edge().size();
    if (index < 0 || index >= size) {
      throw new TlogException(
          TlogException.Code.OUT_OF_RANGE,
          "index: " + index + " (expected: 0.." + (size - 1) + ", the published entries)");
    }
    long bundle = index >>> 8;
    byte[] data =
        bundle < (size >>> 8)
            ? readCommitted(TilePath.entryBundle(bundle, TilePath.FULL_WIDTH))
            : s.edge().bundle();
    return TileCodec.decodeEntryBundle(data).get((int) (index & 0xff));
  }

  /**
   * The RFC 6962 inclusion proof of the entry at {@code index} in the tree of {@code size} entries
   * ({@code index < size <=} {@link #size()}), leaf side first.
   */
  public List<Hash> inclusionProof(long index, long size) {
    LogState s = sequencer.state();
    requireCommitted(size, s);
    return Proofs.inclusion(index, size, nodes(s));
  }

  /**
   * The RFC 6962 consistency proof from the tree of {@code size1} to the tree of {@code size2}
   * entries ({@code 0 < size1 <= size2 <=} {@link #size()}); empty when the sizes are equal.
   */
  public List<Hash> consistencyProof(long size1, long size2) {
    LogState s = sequencer.state();
    requireCommitted(size2, s);
    return Proofs.consistency(size1, size2, nodes(s));
  }

  /**
   * The root hash of the tree of the first {@code size} entries ({@code size <=} {@link #size()}).
   */
  public Hash rootHash(long size) {
    LogState s = sequencer.state();
    requireCommitted(size, s);
    return Proofs.root(size, nodes(s));
  }

  /**
   * Stops accepting appends, makes durable and publishes those already accepted, stops the writer
   * and releases the directory. Idempotent.
   */
  @Override
  public void close() {
    if (!sequencer.close()) {
      return;
    }
    if (journal != null) {
      try {
        journal.close();
      } catch (IOException e) {
        LOG.warn("transparency log {}: closing journal: {}", store.dir(), e.toString());
      }
    }
    store.close();
    try {
      lock.release();
    } catch (IOException e) {
      LOG.warn("transparency log {}: releasing lock: {}", store.dir(), e.toString());
    }
    closeQuietly(lockChannel);
    OPEN_DIRS.remove(store.dir());
  }

  private Proofs.NodeReader nodes(LogState s) {
    MessageDigest d = Merkle.sha256();
    long size = s.edge().size();
    return (level, index) -> {
      int l = level >>> 3;
      long first = index << (level & 7);
      long tile = first >>> 8;
      if (tile < TreeEdge.shr(size, 8 * (l + 1))) {
        List<Hash> hashes =
            TileCodec.decodeHashTile(
                readCommitted(TilePath.hashTile(l, tile, TilePath.FULL_WIDTH)));
        int offset = (int) (first & 0xff);
        return Merkle.treeHash(d, hashes.subList(offset, offset + (1 << (level & 7))));
      }
      return s.edge().node(d, level, index);
    };
  }

  private byte[] readCommitted(TilePath p) {
    try {
      byte[] data = store.read(p);
      if (data == null) {
        throw new TlogException(
            TlogException.Code.CORRUPT, "tile " + p + ": missing (expected: a committed tile)");
      }
      return data;
    } catch (IOException e) {
      throw new TlogException(TlogException.Code.IO, "tile " + p + ": " + e, e);
    }
  }

  private static void requireCommitted(long size, LogState s) {
    if (size < 0 || size > s.edge().size()) {
      throw new TlogException(
          TlogException.Code.OUT_OF_RANGE,
          "tree size: " + size + " (expected: 0.." + s.edge().size() + ", the published size)");
    }
  }

  /** Whether a tile or bundle is part of the tree of {@code size}. */
  static boolean covered(TilePath p, long size) {
    long count = TreeEdge.shr(size, 8 * p.level());
    long fullTiles = count >>> 8;
    if (!p.partial()) {
      return p.index() < fullTiles;
    }
    return p.index() < fullTiles || (p.index() == fullTiles && p.width() <= (count & 0xff));
  }

  private static void closeQuietly(@Nullable FileChannel c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        LOG.debug("closing {}: {}", c, e.toString());
      }
    }
  }

  @Override
  public String toString() {
    return "TileLog[" + store.dir() + ", size=" + size() + "]";
  }
}
