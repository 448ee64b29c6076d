package dev.steward.tlog;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds RFC 6962 tree heads, inclusion proofs and consistency proofs from stored hashes of perfect
 * subtrees, following the recursive definitions of RFC 6962 section 2.1.1 and 2.1.2. Sizes are
 * below 2^63 here: a log never grows that far.
 */
final class Proofs {
  /**
   * Reads the hash of the perfect subtree covering leaves {@code [index << level, (index + 1) <<
   * level)}.
   */
  @FunctionalInterface
  interface NodeReader {
    Hash node(int level, long index);
  }

  private Proofs() {}

  static Hash root(long size, NodeReader nodes) {
    requireSize(size, "tree size");
    return size == 0 ? Merkle.emptyRoot() : rangeHash(Merkle.sha256(), 0, size, nodes);
  }

  /** PATH(index, D[0:size]) of RFC 6962, leaf-side first. */
  static List<Hash> inclusion(long index, long size, NodeReader nodes) {
    requireSize(size, "tree size");
    if (index < 0 || index >= size) {
      throw new TlogException(
          TlogException.Code.OUT_OF_RANGE,
          "index: " + index + " (expected: 0.." + (size - 1) + " for tree size " + size + ")");
    }
    MessageDigest d = Merkle.sha256();
    List<Hash> out = new ArrayList<>();
    path(d, index, 0, size, nodes, out);
    return List.copyOf(out);
  }

  /** PROOF(size1, D[0:size2]) of RFC 6962; empty when the sizes are equal. */
  static List<Hash> consistency(long size1, long size2, NodeReader nodes) {
    requireSize(size2, "size2");
    if (size1 <= 0 || size1 > size2) {
      throw new TlogException(
          TlogException.Code.OUT_OF_RANGE,
          "size1: " + size1 + " (expected: 1.." + size2 + "; the empty tree has no proof)");
    }
    List<Hash> out = new ArrayList<>();
    if (size1 < size2) {
      subproof(Merkle.sha256(), size1, 0, size2, true, nodes, out);
    }
    return List.copyOf(out);
  }

  private static void path(
      MessageDigest d, long index, long lo, long hi, NodeReader nodes, List<Hash> out) {
    if (hi - lo == 1) {
      return;
    }
    long k = Long.highestOneBit(hi - lo - 1);
    if (index < lo + k) {
      path(d, index, lo, lo + k, nodes, out);
      out.add(rangeHash(d, lo + k, hi, nodes));
    } else {
      path(d, index, lo + k, hi, nodes, out);
      out.add(rangeHash(d, lo, lo + k, nodes));
    }
  }

  private static void subproof(
      MessageDigest d, long m, long lo, long hi, boolean whole, NodeReader nodes, List<Hash> out) {
    if (lo + m == hi) {
      if (!whole) {
        out.add(rangeHash(d, lo, hi, nodes));
      }
      return;
    }
    long k = Long.highestOneBit(hi - lo - 1);
    if (m <= k) {
      subproof(d, m, lo, lo + k, whole, nodes, out);
      out.add(rangeHash(d, lo + k, hi, nodes));
    } else {
      subproof(d, m - k, lo + k, hi, false, nodes, out);
      out.add(rangeHash(d, lo, lo + k, nodes));
    }
  }

  /**
   * MTH(D[start:end]) for a range whose start is aligned to the power of two at or above its
   * length, as every range in the RFC 6962 recursion is: its perfect subtrees in descending size,
   * folded from the right.
   */
  static Hash rangeHash(MessageDigest d, long start, long end, NodeReader nodes) {
    List<Hash> parts = new ArrayList<>();
    long at = start;
    while (at < end) {
      int level = 63 - Long.numberOfLeadingZeros(end - at);
      if (at != 0) {
        level = Math.min(level, Long.numberOfTrailingZeros(at));
      }
      parts.add(nodes.node(level, at >>> level));
      at += 1L << level;
    }
    Hash h = parts.get(parts.size() - 1);
    for (int i = parts.size() - 2; i >= 0; i--) {
      h = Merkle.nodeHash(d, parts.get(i), h);
    }
    return h;
  }

  private static void requireSize(long size, String what) {
    if (size < 0) {
      throw new TlogException(
          TlogException.Code.OUT_OF_RANGE,
          what + ": " + Long.toUnsignedString(size) + " (expected: below 2^63)");
    }
  }
}
