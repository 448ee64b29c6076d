package dev.steward.tlog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Audits a log directory the way an outside verifier would, with the naive reference tree: the
 * checkpoint's signature, every bundle and every tile against the entries, the root against the
 * checkpoint, and no tile file beyond the checkpoint.
 */
final class LogAudit {
  private LogAudit() {}

  /** Returns the log's entries; throws {@link AssertionError} on any inconsistency. */
  static List<byte[]> verify(Path dir, NoteVerifier key) {
    return verify(dir, key, false);
  }

  /**
   * Like {@link #verify(Path, NoteVerifier)}; with {@code allowBeyond}, files beyond the checkpoint
   * (a crashed batch not yet recovered) are tolerated.
   */
  static List<byte[]> verify(Path dir, NoteVerifier key, boolean allowBeyond) {
    try {
      Checkpoint cp = Checkpoint.verify(Files.readAllBytes(dir.resolve("checkpoint")), key);
      int n = Math.toIntExact(cp.size());
      List<byte[]> entries = new ArrayList<>();
      for (long b = 0; b * 256 < n; b++) {
        int width = (int) Math.min(256, n - b * 256);
        entries.addAll(TileCodec.decodeEntryBundle(read(dir, TilePath.entryBundle(b, width))));
      }
      check(entries.size() == n, "bundles hold " + entries.size() + " entries, checkpoint " + n);
      ReferenceMerkle ref = new ReferenceMerkle(entries);
      check(MessageDigest.isEqual(ref.root(n), cp.root().bytes()), "root differs from checkpoint");
      for (int level = 0; (n >> (8 * level)) > 0; level++) {
        int count = n >> (8 * level);
        for (int t = 0; t * 256 < count; t++) {
          int width = Math.min(256, count - t * 256);
          List<Hash> tile = TileCodec.decodeHashTile(read(dir, TilePath.hashTile(level, t, width)));
          check(tile.size() == width, "tile " + level + "/" + t + " width " + tile.size());
          for (int i = 0; i < width; i++) {
            int index = t * 256 + i;
            byte[] want = ref.mth(index << (8 * level), (index + 1) << (8 * level));
            check(
                MessageDigest.isEqual(want, tile.get(i).bytes()),
                "tile " + level + "/" + t + " hash " + i + " differs");
          }
        }
      }
      if (allowBeyond || !Files.isDirectory(dir.resolve("tile"))) {
        return entries;
      }
      try (Stream<Path> files = Files.walk(dir.resolve("tile"))) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          String rel = dir.relativize(f).toString();
          TilePath p = TilePath.parse(rel);
          check(TileLog.covered(p, n), "file beyond the checkpoint of size " + n + ": " + rel);
        }
      }
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] read(Path dir, TilePath p) throws IOException {
    Path f = dir.resolve(p.toString());
    check(Files.exists(f), "missing " + p);
    return Files.readAllBytes(f);
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new AssertionError("log audit: " + message);
    }
  }
}
