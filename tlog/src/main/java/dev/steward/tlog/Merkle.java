package dev.steward.tlog;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * RFC 6962 / RFC 9162 Merkle tree hashing with SHA-256: leaf hashes {@code SHA-256(0x00 || data)},
 * interior node hashes {@code SHA-256(0x01 || left || right)}, and the tree head of an empty tree
 * {@code SHA-256("")}. Proof building lives in {@code Proofs}, proof checking in {@link
 * ProofVerifier}.
 */
public final class Merkle {
  private static final MessageDigest PROTOTYPE = newDigest();
  private static final Hash EMPTY_ROOT = Hash.wrap(sha256().digest());

  private Merkle() {}

  /** The root hash of the tree with no leaves: SHA-256 of the empty string. */
  public static Hash emptyRoot() {
    return EMPTY_ROOT;
  }

  /** The leaf hash of one log entry. */
  public static Hash leafHash(byte[] entry) {
    return leafHash(sha256(), entry);
  }

  /** The hash of an interior node from its two children. */
  public static Hash nodeHash(Hash left, Hash right) {
    return nodeHash(sha256(), left, right);
  }

  static Hash leafHash(MessageDigest digest, byte[] entry) {
    digest.update((byte) 0);
    digest.update(entry);
    return Hash.wrap(digest.digest());
  }

  static Hash nodeHash(MessageDigest digest, Hash left, Hash right) {
    digest.update((byte) 1);
    left.update(digest);
    right.update(digest);
    return Hash.wrap(digest.digest());
  }

  static byte[] nodeHash(MessageDigest digest, byte[] left, byte[] right) {
    digest.update((byte) 1);
    digest.update(left);
    digest.update(right);
    return digest.digest();
  }

  /**
   * The RFC 6962 Merkle Tree Hash of a sequence of subtree hashes taken as leaves: how a tile's
   * hashes combine into the hash one level up, and how the right edge of a tree folds into its
   * root. A single hash is its own tree hash; an empty list has none.
   */
  static Hash treeHash(MessageDigest digest, List<Hash> hashes) {
    if (hashes.isEmpty()) {
      throw new IllegalArgumentException("hashes: empty (expected: at least one)");
    }
    return treeHash(digest, hashes, 0, hashes.size());
  }

  private static Hash treeHash(MessageDigest digest, List<Hash> hashes, int from, int to) {
    int n = to - from;
    if (n == 1) {
      return hashes.get(from);
    }
    int k = Integer.highestOneBit(n - 1);
    return nodeHash(
        digest, treeHash(digest, hashes, from, from + k), treeHash(digest, hashes, from + k, to));
  }

  /** A fresh SHA-256 digest; cheaper than a provider lookup on hot paths. */
  static MessageDigest sha256() {
    try {
      return (MessageDigest) PROTOTYPE.clone();
    } catch (CloneNotSupportedException e) {
      return newDigest();
    }
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256: missing (expected: in every JDK)", e);
    }
  }
}
