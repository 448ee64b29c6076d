package dev.steward.tlog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * A naive RFC 6962 Merkle tree over all leaves in memory, written straight from the RFC's recursive
 * definitions (section 2.1), with no shortcuts: the oracle the fast code is checked against.
 */
final class ReferenceMerkle {
  private final List<byte[]> leaves;

  ReferenceMerkle(List<byte[]> leaves) {
    this.leaves = List.copyOf(leaves);
  }

  static byte[] entry(long i) {
    return ("entry " + i).getBytes(StandardCharsets.UTF_8);
  }

  static ReferenceMerkle ofSize(int n) {
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      leaves.add(entry(i));
    }
    return new ReferenceMerkle(leaves);
  }

  int size() {
    return leaves.size();
  }

  byte[] leafHash(int i) {
    return sha(new byte[] {0}, leaves.get(i));
  }

  /** MTH(D[from:to]). */
  byte[] mth(int from, int to) {
    int n = to - from;
    if (n == 0) {
      return sha();
    }
    if (n == 1) {
      return leafHash(from);
    }
    int k = 1;
    while (k * 2 < n) {
      k *= 2;
    }
    return sha(new byte[] {1}, mth(from, from + k), mth(from + k, to));
  }

  byte[] root(int size) {
    return mth(0, size);
  }

  /** PATH(m, D[from:to]). */
  List<byte[]> path(int m, int from, int to) {
    int n = to - from;
    List<byte[]> out = new ArrayList<>();
    if (n <= 1) {
      return out;
    }
    int k = 1;
    while (k * 2 < n) {
      k *= 2;
    }
    if (m < k) {
      out.addAll(path(m, from, from + k));
      out.add(mth(from + k, to));
    } else {
      out.addAll(path(m - k, from + k, to));
      out.add(mth(from, from + k));
    }
    return out;
  }

  /** PROOF(m, D[0:n]). */
  List<byte[]> consistency(int m, int n) {
    return subproof(m, 0, n, true);
  }

  private List<byte[]> subproof(int m, int from, int to, boolean b) {
    int n = to - from;
    List<byte[]> out = new ArrayList<>();
    if (m == n) {
      if (!b) {
        out.add(mth(from, to));
      }
      return out;
    }
    int k = 1;
    while (k * 2 < n) {
      k *= 2;
    }
    if (m <= k) {
      out.addAll(subproof(m, from, from + k, b));
      out.add(mth(from + k, to));
    } else {
      out.addAll(subproof(m - k, from + k, to, false));
      out.add(mth(from, from + k));
    }
    return out;
  }

  /** The node reader the production proof builder needs, answered naively. */
  Proofs.NodeReader nodes() {
    return (level, index) -> {
      long from = index << level;
      long to = (index + 1) << level;
      if (to > leaves.size()) {
        throw new IllegalStateException("node " + level + "/" + index + " is not complete");
      }
      return Hash.of(mth((int) from, (int) to));
    };
  }

  private static byte[] sha(byte[]... parts) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (byte[] p : parts) {
        d.update(p);
      }
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
