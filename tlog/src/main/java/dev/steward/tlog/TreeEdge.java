package dev.steward.tlog;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The right edge of a tiled Merkle tree: for each tile level the partial tile at the tree's size,
 * and the partial entry bundle. It is all a writer needs to grow the tree and all a reader needs
 * beyond the full tiles on disk. Immutable; {@link #append} is a pure function returning the next
 * edge and the tiles to write.
 */
final class TreeEdge {
  /** Tile levels needed for any 64-bit size: 256^8 = 2^64. */
  static final int LEVELS = 8;

  private static final int W = TilePath.FULL_WIDTH;

  private final long size;
  private final List<List<Hash>> tiles;
  private final byte[] bundle;
  private final Hash root;

  /** A tile file's path and content. */
  static final class TileWrite {
    private final TilePath path;
    private final byte[] data;

    TileWrite(TilePath path, byte[] data) {
      this.path = path;
      this.data = data;
    }

    TilePath path() {
      return path;
    }

    /** The content, not copied: callers only write it out. */
    byte[] data() {
      return data;
    }
  }

  /**
   * What one batch of appends produces.
   *
   * @param next the edge after the batch
   * @param writes every tile and bundle the batch creates, full and partial
   * @param completed the full tiles and bundles the batch completed, whose partial versions may go
   */
  record Growth(TreeEdge next, List<TileWrite> writes, List<TilePath> completed) {}

  private TreeEdge(long size, List<List<Hash>> tiles, byte[] bundle, MessageDigest digest) {
    this.size = size;
    this.tiles = tiles;
    this.bundle = bundle;
    this.root = fold(digest, tiles);
  }

  static TreeEdge empty() {
    List<List<Hash>> tiles = new ArrayList<>();
    for (int l = 0; l < LEVELS; l++) {
      tiles.add(List.of());
    }
    return new TreeEdge(0, List.copyOf(tiles), new byte[0], Merkle.sha256());
  }

  /**
   * Loads the edge of a tree of {@code size} from its partial tiles and bundle; throws {@link
   * TlogException} (CORRUPT) if one is missing or they disagree with each other.
   */
  static TreeEdge load(
      long size, Function<TilePath, byte @org.jspecify.annotations.Nullable []> read) {
    MessageDigest d = Merkle.sha256();
    List<List<Hash>> tiles = new ArrayList<>();
    for (int l = 0; l < LEVELS; l++) {
      long count = shr(size, 8 * l);
      int width = (int) (count & 0xff);
      if (width == 0) {
        tiles.add(List.of());
        continue;
      }
      TilePath p = TilePath.hashTile(l, count >>> 8, width);
      List<Hash> hashes = decode(p, () -> TileCodec.decodeHashTile(require(read.apply(p), p)));
      if (hashes.size() != width) {
        throw corrupt(p, hashes.size() + " hashes");
      }
      tiles.add(List.copyOf(hashes));
    }
    byte[] bundle = new byte[0];
    int entries = (int) (size & 0xff);
    if (entries > 0) {
      TilePath p = TilePath.entryBundle(size >>> 8, entries);
      bundle = require(read.apply(p), p);
      byte[] encoded = bundle;
      List<byte[]> decoded = decode(p, () -> TileCodec.decodeEntryBundle(encoded));
      if (decoded.size() != entries) {
        throw corrupt(p, decoded.size() + " entries");
      }
      for (int i = 0; i < entries; i++) {
        if (!Merkle.leafHash(d, decoded.get(i)).equals(tiles.get(0).get(i))) {
          throw corrupt(p, "entry " + i + " not matching its leaf hash in the level 0 tile");
        }
      }
    }
    return new TreeEdge(size, List.copyOf(tiles), bundle, d);
  }

  long size() {
    return size;
  }

  Hash root() {
    return root;
  }

  /** The partial entry bundle, encoded. */
  byte[] bundle() {
    return bundle.clone();
  }

  /**
   * The hash of a perfect subtree lying in this edge's partial tiles: level {@code level}, index
   * {@code index}, covering leaves {@code [index << level, (index + 1) << level)}.
   */
  Hash node(MessageDigest d, int level, long index) {
    int l = level >>> 3;
    int r = level & 7;
    long first = index << r;
    List<Hash> tile = tiles.get(l);
    long tileIndex = shr(size, 8 * (l + 1));
    int offset = (int) (first & 0xff);
    if ((first >>> 8) != tileIndex || offset + (1 << r) > tile.size()) {
      throw new IllegalStateException(
          "node " + level + "/" + index + ": not in the right edge of a tree of size " + size);
    }
    return Merkle.treeHash(d, tile.subList(offset, offset + (1 << r)));
  }

  /** Appends entries; pure: this edge is unchanged. */
  Growth append(List<byte[]> entries) {
    MessageDigest d = Merkle.sha256();
    List<ArrayList<Hash>> cur = new ArrayList<>();
    long[] count = new long[LEVELS];
    boolean[] touched = new boolean[LEVELS];
    for (int l = 0; l < LEVELS; l++) {
      cur.add(new ArrayList<>(tiles.get(l)));
      count[l] = shr(size, 8 * l);
    }
    List<TileWrite> writes = new ArrayList<>();
    List<TilePath> completed = new ArrayList<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream(bundle.length + 64 * entries.size());
    out.writeBytes(bundle);
    long bundleIndex = size >>> 8;
    int bundleCount = (int) (size & 0xff);
    for (byte[] e : entries) {
      TileCodec.requireEntrySize(e.length);
      out.write(e.length >>> 8);
      out.write(e.length);
      out.writeBytes(e);
      if (++bundleCount == W) {
        TilePath p = TilePath.entryBundle(bundleIndex, W);
        writes.add(new TileWrite(p, out.toByteArray()));
        completed.add(p);
        out.reset();
        bundleCount = 0;
        bundleIndex++;
      }
      Hash h = Merkle.leafHash(d, e);
      for (int l = 0; ; l++) {
        if (l == LEVELS) {
          throw new TlogException(
              TlogException.Code.OUT_OF_RANGE, "tree size: 2^64 (expected: less)");
        }
        ArrayList<Hash> tile = cur.get(l);
        tile.add(h);
        count[l]++;
        touched[l] = true;
        if (tile.size() < W) {
          break;
        }
        TilePath p = TilePath.hashTile(l, (count[l] >>> 8) - 1, W);
        writes.add(new TileWrite(p, TileCodec.encodeHashTile(tile)));
        completed.add(p);
        h = Merkle.treeHash(d, tile);
        tile.clear();
      }
    }
    if (!entries.isEmpty() && bundleCount > 0) {
      writes.add(new TileWrite(TilePath.entryBundle(bundleIndex, bundleCount), out.toByteArray()));
    }
    List<List<Hash>> next = new ArrayList<>();
    for (int l = 0; l < LEVELS; l++) {
      List<Hash> tile = List.copyOf(cur.get(l));
      if (touched[l] && !tile.isEmpty()) {
        writes.add(
            new TileWrite(
                TilePath.hashTile(l, count[l] >>> 8, tile.size()), TileCodec.encodeHashTile(tile)));
      }
      next.add(tile);
    }
    TreeEdge edge = new TreeEdge(size + entries.size(), List.copyOf(next), out.toByteArray(), d);
    return new Growth(edge, List.copyOf(writes), List.copyOf(completed));
  }

  /**
   * The root from the partial tiles: each level's hashes, followed by the tree hash of everything
   * to their right, hash together as one RFC 6962 tree.
   */
  private static Hash fold(MessageDigest d, List<List<Hash>> tiles) {
    Hash acc = null;
    for (List<Hash> tile : tiles) {
      if (tile.isEmpty()) {
        continue;
      }
      List<Hash> level = new ArrayList<>(tile);
      if (acc != null) {
        level.add(acc);
      }
      acc = Merkle.treeHash(d, level);
    }
    return acc == null ? Merkle.emptyRoot() : acc;
  }

  static long shr(long x, int n) {
    return n >= 64 ? 0 : x >>> n;
  }

  private static <T> T decode(TilePath p, java.util.function.Supplier<T> decoder) {
    try {
      return decoder.get();
    } catch (TlogException e) {
      if (e.code() == TlogException.Code.MALFORMED) {
        throw corrupt(p, String.valueOf(e.getMessage()));
      }
      throw e;
    }
  }

  private static byte[] require(byte @org.jspecify.annotations.Nullable [] data, TilePath p) {
    if (data == null) {
      throw corrupt(p, "missing");
    }
    return data;
  }

  private static TlogException corrupt(TilePath p, String what) {
    return new TlogException(
        TlogException.Code.CORRUPT,
        "tile " + p + ": " + what + " (expected: present and consistent with the checkpoint)");
  }

  @Override
  public String toString() {
    return "TreeEdge[size="
        + size
        + ", root="
        + root
        + ", widths="
        + Arrays.toString(widths())
        + "]";
  }

  private int[] widths() {
    return tiles.stream().mapToInt(List::size).toArray();
  }
}
