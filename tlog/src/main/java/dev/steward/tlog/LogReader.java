package dev.steward.tlog;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a tlog-tiles log from a {@link TileSource} as of one checkpoint: its entries, and the RFC
 * 6962 inclusion and consistency proofs a client computes from tiles. Nothing read is trusted: a
 * proof built from tampered tiles fails when checked with {@link ProofVerifier} against a signed
 * checkpoint, and {@link LogAuditor} checks every tile. Safe for use by several threads.
 */
public final class LogReader {
  private static final int CACHED_TILES = 64;

  private final TileSource source;
  private final Checkpoint checkpoint;
  private final Map<TilePath, List<Hash>> tiles = new ConcurrentHashMap<>();

  private LogReader(TileSource source, Checkpoint checkpoint) {
    this.source = source;
    this.checkpoint = checkpoint;
  }

  /**
   * A reader of the tree that {@code checkpoint} describes (the checkpoint says which tiles exist,
   * and how wide the partial ones are). Throws {@link TlogException} (OUT_OF_RANGE) for a size of
   * 2^63 or more.
   */
  public static LogReader of(TileSource source, Checkpoint checkpoint) {
    if (checkpoint.size() < 0) {
      throw new TlogException(
          TlogException.Code.OUT_OF_RANGE,
          "checkpoint size: "
              + Long.toUnsignedString(checkpoint.size())
              + " (expected: below 2^63)");
    }
    return new LogReader(source, checkpoint);
  }

  /**
   * Reads the source's current checkpoint, checks its signature with {@code key}, and returns a
   * reader of the tree it describes.
   */
  public static LogReader latest(TileSource source, NoteVerifier key) {
    return of(source, Checkpoint.verify(Tiles.checkpoint(source), key));
  }

  public Checkpoint checkpoint() {
    return checkpoint;
  }

  /** The entry at {@code index}; throws {@link TlogException} (OUT_OF_RANGE) beyond the tree. */
  public byte[] entry(long index) {
    long size = checkpoint.size();
    if (index < 0 || index >= size) {
      throw new TlogException(
          TlogException.Code.OUT_OF_RANGE,
          "index: "
              + index
              + (size == 0
                  ? " (expected: none, the log is empty)"
                  : " (expected: 0.." + (size - 1) + ", the entries of the checkpoint)"));
    }
    long bundle = index >>> 8;
    int width = (int) Math.min(TilePath.FULL_WIDTH, size - (bundle << 8));
    return Tiles.bundle(source, bundle, width).get((int) (index & 0xff)).clone();
  }

  /** The inclusion proof of {@code index} in the tree of {@code size} entries, leaf side first. */
  public List<Hash> inclusionProof(long index, long size) {
    requireSize(size);
    return Proofs.inclusion(index, size, this::node);
  }

  /** The consistency proof from the tree of {@code size1} to that of {@code size2} entries. */
  public List<Hash> consistencyProof(long size1, long size2) {
    requireSize(size2);
    return Proofs.consistency(size1, size2, this::node);
  }

  /** The root hash of the tree of the first {@code size} entries, computed from tiles. */
  public Hash rootHash(long size) {
    requireSize(size);
    return Proofs.root(size, this::node);
  }

  private Hash node(int level, long index) {
    int tileLevel = level >>> 3;
    long first = index << (level & 7);
    long tile = first >>> 8;
    int offset = (int) (first & 0xff);
    int count = 1 << (level & 7);
    long hashes = TreeEdge.shr(checkpoint.size(), 8 * tileLevel);
    int width = tile < (hashes >>> 8) ? TilePath.FULL_WIDTH : (int) (hashes & 0xff);
    if (offset + count > width) {
      throw new IllegalStateException(
          "node " + level + "/" + index + ": beyond the checkpoint (expected: inside)");
    }
    List<Hash> t = tile(TilePath.hashTile(tileLevel, tile, width));
    return Merkle.treeHash(Merkle.sha256(), t.subList(offset, offset + count));
  }

  private List<Hash> tile(TilePath p) {
    List<Hash> cached = tiles.get(p);
    if (cached != null) {
      return cached;
    }
    List<Hash> fetched = List.copyOf(Tiles.hashTile(source, p.level(), p.index(), p.width()));
    if (tiles.size() >= CACHED_TILES) {
      tiles.clear();
    }
    tiles.put(p, fetched);
    return fetched;
  }

  private void requireSize(long size) {
    if (size < 0 || size > checkpoint.size()) {
      throw new TlogException(
          TlogException.Code.OUT_OF_RANGE,
          "tree size: "
              + Long.toUnsignedString(size)
              + " (expected: 0.."
              + checkpoint.size()
              + ", the checkpoint's size)");
    }
  }

  @Override
  public String toString() {
    return "LogReader[" + source + ", size=" + checkpoint.size() + "]";
  }
}
