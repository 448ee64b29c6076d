package dev.steward.tlog;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks RFC 6962 / RFC 9162 inclusion and consistency proofs. Tree sizes and indexes are unsigned
 * 64-bit values. Every precondition (index below size, sizes in order, the exact proof length, each
 * hash 32 bytes) is checked before any hashing. A proof that fails throws {@link TlogException}
 * with {@link TlogException.Code#INVALID_PROOF}.
 *
 * <p>The algorithm is the one of RFC 9162 section 2.1.3.2 and 2.1.4.2, in the form used by
 * transparency-dev/merkle: the proof splits where the paths to the leaf and to the last leaf
 * diverge; below that point siblings sit on either side, above it only on the left.
 */
public final class ProofVerifier {
  private ProofVerifier() {}

  /**
   * Checks that {@code leafHash} sits at {@code index} in the tree of {@code size} with {@code
   * root}.
   */
  public static void verifyInclusion(
      Hash leafHash, long index, long size, List<Hash> proof, Hash root) {
    verifyInclusion(index, size, leafHash.bytes(), raw(proof), root.bytes());
  }

  /** The root implied by an inclusion proof; throws if the proof has the wrong shape. */
  public static Hash rootFromInclusion(Hash leafHash, long index, long size, List<Hash> proof) {
    return Hash.wrap(rootFromInclusion(index, size, leafHash.bytes(), raw(proof)));
  }

  /**
   * Checks that the tree of {@code size2} with {@code root2} extends the tree of {@code size1} with
   * {@code root1}. Requires {@code 0 < size1 <= size2}: a proof from the empty tree proves nothing.
   */
  public static void verifyConsistency(
      long size1, long size2, List<Hash> proof, Hash root1, Hash root2) {
    verifyConsistency(size1, size2, raw(proof), root1.bytes(), root2.bytes());
  }

  static void verifyInclusion(long index, long size, byte[] leaf, List<byte[]> proof, byte[] root) {
    match(rootFromInclusion(index, size, leaf, proof), root, "inclusion proof");
  }

  static byte[] rootFromInclusion(long index, long size, byte[] leaf, List<byte[]> proof) {
    if (Long.compareUnsigned(index, size) >= 0) {
      throw invalid(
          "index: "
              + Long.toUnsignedString(index)
              + " (expected: below tree size "
              + Long.toUnsignedString(size)
              + ")");
    }
    requireHash(leaf, "leaf hash");
    int inner = bitLength(index ^ (size - 1));
    int border = Long.bitCount(shr(index, inner));
    requireLength(proof, inner + border, "inclusion proof");
    MessageDigest d = Merkle.sha256();
    byte[] h = chainInner(d, leaf, proof.subList(0, inner), index);
    return chainBorderRight(d, h, proof.subList(inner, proof.size()));
  }

  static void verifyConsistency(
      long size1, long size2, List<byte[]> proof, byte[] root1, byte[] root2) {
    if (Long.compareUnsigned(size2, size1) < 0) {
      throw invalid(
          "size2: "
              + Long.toUnsignedString(size2)
              + " (expected: at least size1 "
              + Long.toUnsignedString(size1)
              + ")");
    }
    if (size1 == 0) {
      throw invalid("size1: 0 (expected: above 0; consistency with the empty tree proves nothing)");
    }
    if (size1 == size2) {
      requireLength(proof, 0, "consistency proof between equal sizes");
      match(root1, root2, "consistency proof");
      return;
    }
    if (proof.isEmpty()) {
      throw invalid("consistency proof: empty (expected: hashes for size1 < size2)");
    }
    match(rootFromSubtree(0, size1, size2, proof, root1), root2, "consistency proof");
  }

  /**
   * Checks an inclusion proof of {@code index} in the subtree {@code [start, end)} with root {@code
   * root} (draft-ietf-plants-merkle-tree-certs subtrees; only tested against the vectors, not part
   * of the log's API).
   */
  static void verifySubtreeInclusion(
      long index, long start, long end, byte[] leaf, List<byte[]> proof, byte[] root) {
    requireValidSubtree(start, end);
    if (Long.compareUnsigned(index, start) < 0 || Long.compareUnsigned(index, end) >= 0) {
      throw invalid("index: " + Long.toUnsignedString(index) + " (expected: in the subtree)");
    }
    match(rootFromInclusion(index - start, end - start, leaf, proof), root, "inclusion proof");
  }

  /**
   * Checks that the subtree {@code [start, end)} with hash {@code subRoot} is part of the tree of
   * {@code size} with {@code root}. An empty subtree is part of every tree, with no proof, when its
   * hash is the empty tree's.
   */
  static void verifySubtreeConsistency(
      long start, long end, long size, List<byte[]> proof, byte[] subRoot, byte[] root) {
    requireValidSubtree(start, end);
    if (Long.compareUnsigned(size, end) < 0) {
      throw invalid("size: " + Long.toUnsignedString(size) + " (expected: at least subtree end)");
    }
    if (start == end) {
      requireLength(proof, 0, "consistency proof of an empty subtree");
      match(subRoot, Merkle.emptyRoot().bytes(), "empty subtree hash");
      return;
    }
    if (start == 0 && end == size) {
      requireLength(proof, 0, "consistency proof of the whole tree");
      match(subRoot, root, "consistency proof");
      return;
    }
    if (proof.isEmpty()) {
      throw invalid("consistency proof: empty (expected: hashes for a proper subtree)");
    }
    match(rootFromSubtree(start, end, size, proof, subRoot), root, "consistency proof");
  }

  private static byte[] rootFromSubtree(
      long start, long end, long size, List<byte[]> proof, byte[] subRoot) {
    MessageDigest d = Merkle.sha256();
    if (end == size) {
      int level = bitLength((end - 1) ^ start);
      requireLength(proof, Long.bitCount(shr(start, level)), "consistency proof");
      return chainBorderRight(d, subRoot, proof);
    }
    int forkLevel = bitLength((end - 1) ^ (size - 1));
    int border = Long.bitCount(shr(end - 1, forkLevel));
    int shift = Long.numberOfTrailingZeros(end - start);
    int inner = forkLevel - shift;
    boolean perfect = (end - start) == (1L << shift);
    int first = perfect ? 0 : 1;
    requireLength(proof, first + inner + border, "consistency proof");
    byte[] seed = perfect ? subRoot : proof.get(0);
    List<byte[]> rest = proof.subList(first, proof.size());
    long mask = shr(end - 1, shift);
    if (!perfect) {
      int height = bitLength((end - 1) ^ start);
      int subInner = Math.min(height, forkLevel) - shift;
      int subBorder = Math.max(0, border - Long.bitCount(shr(end - 1, height)));
      byte[] h1 = chainInnerRight(d, seed, rest.subList(0, subInner), mask);
      h1 = chainBorderRight(d, h1, rest.subList(inner, inner + subBorder));
      match(h1, subRoot, "consistency proof (first tree)");
    }
    byte[] h2 = chainInner(d, seed, rest.subList(0, inner), mask);
    return chainBorderRight(d, h2, rest.subList(inner, rest.size()));
  }

  private static byte[] chainInner(MessageDigest d, byte[] seed, List<byte[]> proof, long index) {
    byte[] h = seed;
    for (int i = 0; i < proof.size(); i++) {
      h =
          ((index >>> i) & 1) == 0
              ? Merkle.nodeHash(d, h, proof.get(i))
              : Merkle.nodeHash(d, proof.get(i), h);
    }
    return h;
  }

  /** Like {@link #chainInner} but uses only left siblings: the hash of the older, smaller tree. */
  private static byte[] chainInnerRight(
      MessageDigest d, byte[] seed, List<byte[]> proof, long index) {
    byte[] h = seed;
    for (int i = 0; i < proof.size(); i++) {
      if (((index >>> i) & 1) == 1) {
        h = Merkle.nodeHash(d, proof.get(i), h);
      }
    }
    return h;
  }

  private static byte[] chainBorderRight(MessageDigest d, byte[] seed, List<byte[]> proof) {
    byte[] h = seed;
    for (byte[] p : proof) {
      h = Merkle.nodeHash(d, p, h);
    }
    return h;
  }

  private static void requireValidSubtree(long start, long end) {
    if (Long.compareUnsigned(start, end) > 0) {
      throw invalid("subtree start: after its end (expected: start <= end)");
    }
    if (start == 0 || start == end) {
      return;
    }
    long length = end - start;
    if (Long.compareUnsigned(length, 1L << 63) > 0) {
      throw invalid("subtree: longer than 2^63 with a non-zero start (expected: start 0)");
    }
    long ceil = length <= 1 ? 1 : 1L << bitLength(length - 1);
    if ((start & (ceil - 1)) != 0) {
      throw invalid(
          "subtree start: "
              + Long.toUnsignedString(start)
              + " (expected: a multiple of "
              + Long.toUnsignedString(ceil)
              + ")");
    }
  }

  private static void requireLength(List<byte[]> proof, int expected, String what) {
    if (proof.size() != expected) {
      throw invalid(what + ": " + proof.size() + " hashes (expected: " + expected + ")");
    }
    for (byte[] h : proof) {
      requireHash(h, what + " hash");
    }
  }

  private static void requireHash(byte[] hash, String what) {
    if (hash.length != Hash.SIZE) {
      throw invalid(what + ": " + hash.length + " bytes (expected: " + Hash.SIZE + ")");
    }
  }

  private static void match(byte[] computed, byte[] expected, String what) {
    if (!MessageDigest.isEqual(computed, expected)) {
      throw invalid(what + ": root mismatch (expected: the given root)");
    }
  }

  private static List<byte[]> raw(List<Hash> proof) {
    List<byte[]> out = new ArrayList<>(proof.size());
    for (Hash h : proof) {
      out.add(h.bytes());
    }
    return out;
  }

  /** The number of bits needed to hold {@code x}: Go's {@code bits.Len64}. */
  private static int bitLength(long x) {
    return 64 - Long.numberOfLeadingZeros(x);
  }

  /** Unsigned shift right that yields 0 for shifts of 64 or more, as Go does. */
  private static long shr(long x, int n) {
    return n >= 64 ? 0 : x >>> n;
  }

  private static TlogException invalid(String message) {
    return new TlogException(TlogException.Code.INVALID_PROOF, message);
  }
}
