package dev.steward.tlog;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files of a tiled log in one directory, laid out as tlog-tiles serves them ({@code
 * checkpoint}, {@code tile/...}), and the order of writes that makes them crash-safe: tiles and
 * bundles for a new size are written and fsynced (files, then directories) before the checkpoint is
 * replaced by an fsynced temporary file, an atomic rename and a directory fsync. Files beyond the
 * checkpoint are therefore never trusted; {@link #discardBeyond} removes them at recovery. Tile
 * files at or below the checkpoint are never rewritten.
 */
final class TileStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TileStore.class);
  private static final int SYNC_THREADS = 4;
  static final String CHECKPOINT = "checkpoint";
  static final String CHECKPOINT_TEMP = "checkpoint.tmp";

  /**
   * The points between the writes of a commit, and of a journaled batch ({@link Journal}), where
   * tests simulate a crash.
   */
  enum Stage {
    TILES_WRITTEN,
    TILES_SYNCED,
    CHECKPOINT_WRITTEN,
    CHECKPOINT_RENAMED,
    /** A batch's journal records are written, not yet forced. */
    JOURNAL_WRITTEN,
    /** A batch's journal records are forced, not yet acknowledged. */
    JOURNAL_SYNCED,
    /** The journal is full: its writer waits for publication to restart it at offset 0. */
    JOURNAL_FULL
  }

  /** Called at each {@link Stage}; a test implementation throws to simulate a crash there. */
  @FunctionalInterface
  interface Faults {
    Faults NONE = stage -> {};

    void reached(Stage stage) throws IOException;
  }

  private final Path dir;
  private final Faults faults;
  private final Set<Path> knownDirs = ConcurrentHashMap.newKeySet();
  private final ExecutorService syncer;

  TileStore(Path dir, Faults faults) {
    this.dir = dir;
    this.faults = faults;
    this.syncer =
        Executors.newFixedThreadPool(
            SYNC_THREADS,
            r -> Thread.ofPlatform().daemon().name("tlog-sync-" + dir.getFileName()).unstarted(r));
  }

  Path dir() {
    return dir;
  }

  Path file(TilePath p) {
    return dir.resolve(p.toString());
  }

  byte @Nullable [] read(TilePath p) throws IOException {
    return readIfExists(file(p));
  }

  byte @Nullable [] readCheckpoint() throws IOException {
    return readIfExists(dir.resolve(CHECKPOINT));
  }

  /**
   * Commits a batch: writes its tiles and bundles, fsyncs them and every directory that gained an
   * entry on the sync threads while this thread signs the checkpoint ({@code sign}) and writes it
   * to a temporary file, and once all of that is durable renames the checkpoint into place and
   * fsyncs the directory. Returns the signed checkpoint.
   */
  byte[] commit(List<TreeEdge.TileWrite> writes, Supplier<byte[]> sign) throws IOException {
    Set<Path> dirsToSync = new LinkedHashSet<>();
    List<FileChannel> written = new ArrayList<>(writes.size());
    List<Future<?>> syncs = new ArrayList<>();
    try {
      for (TreeEdge.TileWrite w : writes) {
        Path f = file(w.path());
        Path parent = parent(f);
        ensureDirectory(parent, dirsToSync);
        dirsToSync.add(parent);
        FileChannel ch =
            FileChannel.open(
                f,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        written.add(ch);
        writeFully(ch, w.data());
      }
      faults.reached(Stage.TILES_WRITTEN);
      for (FileChannel ch : written) {
        syncs.add(
            syncer.submit(
                () -> {
                  ch.force(true);
                  return null;
                }));
      }
      for (Path d : dirsToSync) {
        syncs.add(
            syncer.submit(
                () -> {
                  syncDirectory(d);
                  return null;
                }));
      }
      byte[] note = sign.get();
      writeTemp(note);
      awaitAll(syncs);
      faults.reached(Stage.TILES_SYNCED);
      faults.reached(Stage.CHECKPOINT_WRITTEN);
      renameCheckpoint();
      return note;
    } finally {
      cancelAll(syncs);
      for (FileChannel ch : written) {
        ch.close();
      }
    }
  }

  /** Replaces the checkpoint atomically and durably. */
  void replaceCheckpoint(byte[] note) throws IOException {
    writeTemp(note);
    faults.reached(Stage.CHECKPOINT_WRITTEN);
    renameCheckpoint();
  }

  private void writeTemp(byte[] note) throws IOException {
    try (FileChannel ch =
        FileChannel.open(
            dir.resolve(CHECKPOINT_TEMP),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      writeFully(ch, note);
      ch.force(true);
    }
  }

  private void renameCheckpoint() throws IOException {
    Files.move(
        dir.resolve(CHECKPOINT_TEMP),
        dir.resolve(CHECKPOINT),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    faults.reached(Stage.CHECKPOINT_RENAMED);
    syncDirectory(dir);
  }

  private static void awaitAll(List<Future<?>> futures) throws IOException {
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IOException io) {
          throw io;
        }
        throw new IOException("fsync failed: " + cause, cause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for fsync");
      }
    }
  }

  private static void cancelAll(List<Future<?>> futures) {
    for (Future<?> f : futures) {
      f.cancel(false);
    }
  }

  /**
   * Removes the partial versions of tiles that are now full; the spec lets a log drop them. Not
   * fsynced: partial tiles that a crash brings back are removed again by {@link #discardBeyond}.
   */
  void deletePartialsLater(List<TilePath> completed) {
    if (completed.isEmpty()) {
      return;
    }
    syncer.execute(
        () -> {
          try {
            for (TilePath full : completed) {
              deleteTree(partialDir(full));
            }
          } catch (IOException e) {
            LOG.debug("{}: partial tiles kept: {}", dir, e.toString());
          }
        });
  }

  /** Stops the sync threads after the work already given to them. */
  @Override
  public void close() {
    syncer.shutdown();
    try {
      if (!syncer.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("{}: sync threads still busy at close", dir);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether the directory holds any tile or bundle at all. */
  boolean hasTiles() throws IOException {
    Path tiles = dir.resolve("tile");
    if (!Files.isDirectory(tiles)) {
      return false;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(tiles)) {
      return s.iterator().hasNext();
    }
  }

  void deleteCheckpointTemp() throws IOException {
    if (Files.deleteIfExists(dir.resolve(CHECKPOINT_TEMP))) {
      syncDirectory(dir);
    }
  }

  /**
   * Deletes every tile and bundle file beyond a tree of {@code size}: what a crashed batch wrote
   * before its checkpoint. A batch writes consecutive tiles from the current partial one upward, so
   * probing tile indexes upward until neither a full nor a partial tile exists finds them all. Also
   * deletes partial tiles left behind by a crash after their full tile was committed. Returns the
   * number of files and directories removed. Deletions are not fsynced: a deletion lost in a later
   * crash only brings back a file beyond the checkpoint, which the next recovery removes.
   */
  int discardBeyond(long size) throws IOException {
    int removed = 0;
    for (int l = -1; l < TreeEdge.LEVELS; l++) {
      boolean entries = l < 0;
      int level = Math.max(l, 0);
      long count = TreeEdge.shr(size, 8 * level);
      long current = count >>> 8;
      int width = (int) (count & 0xff);
      TilePath tile =
          entries
              ? TilePath.entryBundle(current, TilePath.FULL_WIDTH)
              : TilePath.hashTile(level, current, TilePath.FULL_WIDTH);
      if (!Files.isDirectory(dir.resolve(entries ? "tile/entries" : "tile/" + level))) {
        continue;
      }
      removed += deleteFile(file(tile));
      removed += deletePartialsWiderThan(tile, width);
      for (long n = current + 1; ; n++) {
        TilePath next =
            entries
                ? TilePath.entryBundle(n, TilePath.FULL_WIDTH)
                : TilePath.hashTile(level, n, TilePath.FULL_WIDTH);
        int gone = deleteFile(file(next)) + deleteTree(partialDir(next));
        if (gone == 0) {
          break;
        }
        removed += gone;
      }
      for (long n = current - 1; n >= 0; n--) {
        TilePath done =
            entries
                ? TilePath.entryBundle(n, TilePath.FULL_WIDTH)
                : TilePath.hashTile(level, n, TilePath.FULL_WIDTH);
        if (!Files.exists(file(done))) {
          break;
        }
        int gone = deleteTree(partialDir(done));
        if (gone == 0) {
          break;
        }
        removed += gone;
      }
    }
    return removed;
  }

  private int deletePartialsWiderThan(TilePath tile, int width) throws IOException {
    Path p = partialDir(tile);
    if (!Files.isDirectory(p)) {
      return 0;
    }
    int removed = 0;
    try (DirectoryStream<Path> s = Files.newDirectoryStream(p)) {
      for (Path f : s) {
        if (!f.getFileName().toString().matches("[1-9][0-9]{0,2}")
            || Integer.parseInt(f.getFileName().toString()) > width) {
          removed += deleteTree(f);
        }
      }
    }
    return removed;
  }

  private Path partialDir(TilePath full) {
    Path f = file(full);
    return f.resolveSibling(f.getFileName() + ".p");
  }

  private static int deleteFile(Path f) throws IOException {
    return Files.deleteIfExists(f) ? 1 : 0;
  }

  private int deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return 0;
    }
    int removed = 0;
    if (Files.isDirectory(p)) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(p)) {
        for (Path child : s) {
          removed += deleteTree(child);
        }
      }
    }
    Files.delete(p);
    knownDirs.remove(p);
    return removed + 1;
  }

  private void ensureDirectory(Path d, Set<Path> dirsToSync) throws IOException {
    if (knownDirs.contains(d)) {
      return;
    }
    if (!Files.isDirectory(d)) {
      Path parent = parent(d);
      ensureDirectory(parent, dirsToSync);
      Files.createDirectory(d);
      dirsToSync.add(parent);
    }
    knownDirs.add(d);
  }

  /** The parent of a path under the log directory, which always has one. */
  private Path parent(Path p) {
    Path parent = p.getParent();
    if (parent == null || !p.startsWith(dir)) {
      throw new IllegalStateException("path: " + p + " (expected: under " + dir + ")");
    }
    return parent;
  }

  static void syncDirectory(Path d) throws IOException {
    try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  private static void writeFully(FileChannel ch, byte[] data) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(data);
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  private static byte @Nullable [] readIfExists(Path f) throws IOException {
    try {
      return Files.readAllBytes(f);
    } catch (NoSuchFileException e) {
      return null;
    }
  }
}
