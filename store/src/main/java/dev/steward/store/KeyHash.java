package dev.steward.store;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The SHA-256 hash of an API key: what is stored and looked up instead of the key. Equality is
 * checked in constant time ({@link MessageDigest#isEqual}), so comparing a presented key's hash
 * with a stored one reveals nothing through timing.
 */
public final class KeyHash {
  /** The length of a SHA-256 digest in bytes. */
  public static final int LENGTH = 32;

  private static final HexFormat HEX = HexFormat.of();

  private final byte[] bytes;

  private KeyHash(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Wraps a SHA-256 digest (copied). */
  public static KeyHash of(byte[] sha256) {
    Objects.requireNonNull(sha256, "sha256");
    if (sha256.length != LENGTH) {
      throw new IllegalArgumentException(
          "sha256: " + sha256.length + " bytes (expected: " + LENGTH + ")");
    }
    return new KeyHash(sha256.clone());
  }

  /** Parses 64 hexadecimal digits. */
  public static KeyHash ofHex(String hex) {
    Objects.requireNonNull(hex, "hex");
    if (hex.length() != 2 * LENGTH) {
      throw new IllegalArgumentException(
          "hex: " + hex.length() + " characters (expected: " + 2 * LENGTH + " hex digits)");
    }
    try {
      return new KeyHash(HEX.parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("hex: not hexadecimal (expected: 64 hex digits)", e);
    }
  }

  /** A copy of the 32 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Lower-case hexadecimal, 64 digits. */
  public String hex() {
    return HEX.formatHex(bytes);
  }

  /** Constant-time comparison. */
  public boolean matches(KeyHash other) {
    return MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyHash other && matches(other);
  }

  @Override
  public int hashCode() {
    // A digest's bytes are uniformly distributed; its first four make a good hash code.
    return ByteBuffer.wrap(bytes).getInt();
  }

  /** The first 8 hex digits only: enough to tell hashes apart in a log. */
  @Override
  public String toString() {
    return "sha256:" + hex().substring(0, 8) + "…";
  }
}
