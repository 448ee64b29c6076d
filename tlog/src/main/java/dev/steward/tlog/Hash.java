package dev.steward.tlog;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/** A SHA-256 hash: a Merkle tree node, leaf or root. Immutable; compares by value. */
public final class Hash {
  /** The size of a hash in bytes. */
  public static final int SIZE = 32;

  private final byte[] bytes;

  private Hash(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A copy of {@code bytes} as a hash; throws {@link TlogException} unless it is 32 bytes. */
  public static Hash of(byte[] bytes) {
    if (bytes.length != SIZE) {
      throw TlogException.malformed("hash: " + bytes.length + " bytes (expected: " + SIZE + ")");
    }
    return new Hash(bytes.clone());
  }

  /** The hash at {@code offset} in {@code bytes}. */
  static Hash of(byte[] bytes, int offset) {
    return new Hash(Arrays.copyOfRange(bytes, offset, offset + SIZE));
  }

  /** Takes ownership of a digest's output without copying it. */
  static Hash wrap(byte[] digest) {
    if (digest.length != SIZE) {
      throw new IllegalArgumentException("digest: " + digest.length + " bytes (expected: 32)");
    }
    return new Hash(digest);
  }

  /** Parses standard base64 (RFC 4648, padded) of 32 bytes. */
  public static Hash fromBase64(String base64) {
    return of(Encoding.base64(base64, "hash"));
  }

  /** A copy of the 32 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  void copyTo(byte[] target, int offset) {
    System.arraycopy(bytes, 0, target, offset, SIZE);
  }

  void update(MessageDigest digest) {
    digest.update(bytes);
  }

  public String base64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Hash h && MessageDigest.isEqual(bytes, h.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** The base64 form, as in checkpoints. */
  @Override
  public String toString() {
    return base64();
  }
}
