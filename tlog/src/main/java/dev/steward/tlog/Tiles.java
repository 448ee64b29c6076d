package dev.steward.tlog;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Fetching what a checkpoint needs from a {@link TileSource}: the checkpoint, hash tiles and entry
 * bundles, falling back from a partial tile that is gone to its full tile (tlog-tiles lets logs
 * delete partial tiles once the full tile exists).
 */
final class Tiles {
  /** A full entry bundle of the largest entries with their length prefixes. */
  static final int MAX_RESOURCE_BYTES = TilePath.FULL_WIDTH * (2 + TileCodec.MAX_ENTRY_BYTES);

  private Tiles() {}

  static byte[] checkpoint(TileSource source) {
    return read(source, TileSource.CHECKPOINT)
        .orElseThrow(
            () ->
                new TlogException(
                    TlogException.Code.CORRUPT,
                    "checkpoint: missing at "
                        + source
                        + " (expected: a signed checkpoint; is this a tlog-tiles log?)"));
  }

  /** The {@code width} hashes of hash tile {@code index} at {@code level}. */
  static List<Hash> hashTile(TileSource source, int level, long index, int width) {
    TilePath p = TilePath.hashTile(level, index, width);
    Fetched f = fetch(source, p);
    List<Hash> hashes = decode(f.path(), () -> TileCodec.decodeHashTile(f.data()));
    return trim(hashes, f.path(), width, "hashes");
  }

  /** The {@code width} entries of entry bundle {@code index}. */
  static List<byte[]> bundle(TileSource source, long index, int width) {
    TilePath p = TilePath.entryBundle(index, width);
    Fetched f = fetch(source, p);
    List<byte[]> entries = decode(f.path(), () -> TileCodec.decodeEntryBundle(f.data()));
    return trim(entries, f.path(), width, "entries");
  }

  static void requireResourcePath(String path) {
    if (!path.equals(TileSource.CHECKPOINT)) {
      try {
        TilePath.parse(path);
      } catch (TlogException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
  }

  /** Reads at most {@link #MAX_RESOURCE_BYTES}; more is an error, never silently cut. */
  static byte[] readLimited(InputStream in, String what) throws IOException {
    byte[] data = in.readNBytes(MAX_RESOURCE_BYTES + 1);
    if (data.length > MAX_RESOURCE_BYTES) {
      throw new IOException(
          what + ": more than " + MAX_RESOURCE_BYTES + " bytes (expected: a tile or checkpoint)");
    }
    return data;
  }

  @SuppressWarnings("ArrayRecordComponent") // a private carrier, never compared or kept
  private record Fetched(TilePath path, byte[] data) {}

  private static Fetched fetch(TileSource source, TilePath p) {
    Optional<byte[]> data = read(source, p.toString());
    if (data.isPresent()) {
      return new Fetched(p, data.get());
    }
    if (p.partial()) {
      TilePath full = new TilePath(p.entries(), p.level(), p.index(), TilePath.FULL_WIDTH);
      Optional<byte[]> fullData = read(source, full.toString());
      if (fullData.isPresent()) {
        return new Fetched(full, fullData.get());
      }
    }
    throw new TlogException(
        TlogException.Code.CORRUPT,
        p + ": missing at " + source + " (expected: present, the checkpoint covers it)");
  }

  private static <T> List<T> trim(List<T> items, TilePath fetched, int width, String what) {
    if (items.size() != fetched.width()) {
      throw new TlogException(
          TlogException.Code.CORRUPT,
          fetched + ": " + items.size() + " " + what + " (expected: " + fetched.width() + ")");
    }
    return items.subList(0, width);
  }

  private static <T> T decode(TilePath p, java.util.function.Supplier<T> decoder) {
    try {
      return decoder.get();
    } catch (TlogException e) {
      throw new TlogException(e.code(), p + ": " + e.getMessage(), e);
    }
  }

  private static Optional<byte[]> read(TileSource source, String path) {
    try {
      return source.read(path);
    } catch (IOException e) {
      throw new TlogException(
          TlogException.Code.IO, path + ": reading from " + source + " failed: " + e, e);
    }
  }
}
