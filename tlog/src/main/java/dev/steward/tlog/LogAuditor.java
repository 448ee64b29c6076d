package dev.steward.tlog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Audits a C2SP tlog-tiles log the way an outside verifier does, trusting nothing but the log's
 * verifier key: it fetches the checkpoint and checks its signature, reads every entry bundle the
 * checkpoint covers, recomputes the Merkle tree from the entries, and compares every hash tile and
 * the root with what it computed. Given checkpoints seen before, it also checks that the log only
 * grew: each earlier tree must be a prefix of the audited one, with the same root at its size.
 *
 * <p>Tiles are read one at a time and only the tree's right edge is kept (at most 255 hashes per
 * level), so memory stays small while the work is linear in the log's size. A partial tile the log
 * has deleted is read from its full tile instead, as tlog-tiles allows.
 */
public final class LogAuditor {
  private final TileSource source;
  private final NoteVerifier key;

  /**
   * What an audit established.
   *
   * @param signedNote the checkpoint as the log served it: text, blank line, signatures
   * @param checkpoint the verified checkpoint
   * @param bundles the number of entry bundles read and checked
   * @param tiles the number of hash tiles read and checked
   */
  public record Report(String signedNote, Checkpoint checkpoint, long bundles, long tiles) {}

  private LogAuditor(TileSource source, NoteVerifier key) {
    this.source = source;
    this.key = key;
  }

  /** An auditor of the log at {@code source} whose checkpoints {@code key} signs. */
  public static LogAuditor of(TileSource source, NoteVerifier key) {
    return new LogAuditor(source, key);
  }

  /** Audits the log's current checkpoint and every tile and bundle it covers. */
  public Report audit() {
    return audit(List.of());
  }

  /**
   * Like {@link #audit()}, and also checks that every checkpoint in {@code earlier} (of this log's
   * origin, already verified by the caller) describes a prefix of the audited tree. Throws {@link
   * TlogException}: {@code BAD_SIGNATURE} or {@code NO_TRUSTED_SIGNATURE} for the checkpoint,
   * {@code MALFORMED} or {@code CORRUPT} for a tile or bundle that is unreadable, missing or
   * differs from the entries, {@code CORRUPT} for a root that differs from the checkpoint's, {@code
   * INCONSISTENT} for an earlier checkpoint that is larger or has another root at its size (a
   * rollback or a fork: the two signed checkpoints are the evidence), {@code IO} when the source
   * fails.
   */
  public Report audit(Collection<Checkpoint> earlier) {
    byte[] raw = Tiles.checkpoint(source);
    Checkpoint cp = Checkpoint.verify(raw, key);
    long size = cp.size();
    if (size < 0) {
      throw new TlogException(
          TlogException.Code.OUT_OF_RANGE,
          "checkpoint size: " + Long.toUnsignedString(size) + " (expected: below 2^63)");
    }
    Map<Long, Checkpoint> targets = new TreeMap<>();
    for (Checkpoint e : earlier) {
      if (!e.origin().equals(cp.origin())) {
        throw new IllegalArgumentException(
            "earlier checkpoint origin: " + e.origin() + " (expected: " + cp.origin() + ")");
      }
      if (Long.compareUnsigned(e.size(), size) > 0) {
        throw new TlogException(
            TlogException.Code.INCONSISTENT,
            "checkpoint size: "
                + size
                + " (expected: at least "
                + Long.toUnsignedString(e.size())
                + ", the size of a checkpoint seen before; the log has rolled back or forked,"
                + " or this is a stale copy)");
      }
      targets.put(e.size(), e);
    }
    Pass pass = new Pass(targets.keySet());
    long bundles = (size + TilePath.FULL_WIDTH - 1) >>> 8;
    for (long b = 0; b < bundles; b++) {
      int width = (int) Math.min(TilePath.FULL_WIDTH, size - (b << 8));
      for (byte[] entry : Tiles.bundle(source, b, width)) {
        pass.addLeaf(Merkle.leafHash(pass.digest, entry));
      }
    }
    pass.finish();
    Hash root = pass.root(size);
    if (!root.equals(cp.root())) {
      throw new TlogException(
          TlogException.Code.CORRUPT,
          "checkpoint root: "
              + cp.root()
              + " (expected: "
              + root
              + ", the root of the tree the tiles hold)");
    }
    for (Checkpoint e : targets.values()) {
      Hash at = pass.root(e.size());
      if (!at.equals(e.root())) {
        throw new TlogException(
            TlogException.Code.INCONSISTENT,
            "tree at size "
                + e.size()
                + ": root "
                + at
                + " in the checkpoint of size "
                + size
                + " (expected: "
                + e.root()
                + ", the root of a checkpoint seen before; the log has forked)");
      }
    }
    return new Report(new String(raw, StandardCharsets.UTF_8), cp, bundles, pass.tiles);
  }

  @Override
  public String toString() {
    return "LogAuditor[" + source + ", " + key.name() + "]";
  }

  /**
   * One pass over the leaves: the hashes of each level's current tile, checked against the log's
   * tile as soon as it is full (and at the end for partial tiles), and the roots at the sizes of
   * interest.
   */
  private final class Pass {
    final MessageDigest digest = Merkle.sha256();
    final List<List<Hash>> levels = new ArrayList<>();
    final List<Long> fullTiles = new ArrayList<>();
    final Map<Long, Hash> roots = new TreeMap<>();
    final Collection<Long> targets;
    long leaves;
    long tiles;

    Pass(Collection<Long> targets) {
      this.targets = targets;
      if (targets.contains(0L)) {
        roots.put(0L, Merkle.emptyRoot());
      }
    }

    void addLeaf(Hash leaf) {
      add(0, leaf);
      leaves++;
      if (targets.contains(leaves)) {
        roots.put(leaves, edgeRoot());
      }
    }

    private void add(int level, Hash h) {
      if (levels.size() == level) {
        levels.add(new ArrayList<>(TilePath.FULL_WIDTH));
        fullTiles.add(0L);
      }
      List<Hash> tile = levels.get(level);
      tile.add(h);
      if (tile.size() == TilePath.FULL_WIDTH) {
        long index = fullTiles.get(level);
        check(level, index, tile);
        fullTiles.set(level, index + 1);
        Hash up = Merkle.treeHash(digest, tile);
        tile.clear();
        add(level + 1, up);
      }
    }

    Hash root(long size) {
      Hash h = roots.get(size);
      if (h == null) {
        throw new IllegalStateException("root at size " + size + ": not computed");
      }
      return h;
    }

    void finish() {
      for (int level = 0; level < levels.size(); level++) {
        List<Hash> tile = levels.get(level);
        if (!tile.isEmpty()) {
          check(level, fullTiles.get(level), tile);
        }
      }
      roots.put(leaves, edgeRoot());
    }

    private void check(int level, long index, List<Hash> computed) {
      List<Hash> served = Tiles.hashTile(source, level, index, computed.size());
      tiles++;
      for (int i = 0; i < computed.size(); i++) {
        if (!served.get(i).equals(computed.get(i))) {
          long first = ((index << 8) + i) << (8 * level);
          long last = first + (1L << (8 * level)) - 1;
          throw new TlogException(
              TlogException.Code.CORRUPT,
              TilePath.hashTile(level, index, computed.size())
                  + ": hash "
                  + i
                  + " is "
                  + served.get(i)
                  + " (expected: "
                  + computed.get(i)
                  + ", the hash of "
                  + (first == last ? "entry " + first : "entries " + first + ".." + last)
                  + ")");
        }
      }
    }

    /**
     * The root of the leaves so far: the perfect subtrees of the right edge, largest first, folded
     * from the right (RFC 6962's split at the largest power of two below the size).
     */
    private Hash edgeRoot() {
      List<Hash> parts = new ArrayList<>();
      for (int level = levels.size() - 1; level >= 0; level--) {
        List<Hash> tile = levels.get(level);
        int at = 0;
        for (int bit = 7; bit >= 0; bit--) {
          if ((tile.size() & (1 << bit)) != 0) {
            parts.add(Merkle.treeHash(digest, tile.subList(at, at + (1 << bit))));
            at += 1 << bit;
          }
        }
      }
      if (parts.isEmpty()) {
        return Merkle.emptyRoot();
      }
      Hash h = parts.get(parts.size() - 1);
      for (int i = parts.size() - 2; i >= 0; i--) {
        h = Merkle.nodeHash(digest, parts.get(i), h);
      }
      return h;
    }
  }
}
