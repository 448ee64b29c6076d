package dev.steward.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Deterministic randomness: SHA-256 digests and a SplitMix64 sequence seeded from them. */
final class Seeds {
  private long state;

  Seeds(long seed) {
    this.state = seed;
  }

  /** The SHA-256 digest of a text's UTF-8 bytes. */
  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The first eight bytes of a digest, as a number. */
  static long seed(byte[] digest) {
    long s = 0;
    for (int i = 0; i < 8; i++) {
      s = (s << 8) | (digest[i] & 0xFF);
    }
    return s;
  }

  static String hex(byte[] bytes, int length) {
    return HexFormat.of().formatHex(bytes, 0, length);
  }

  static String hex(long value) {
    return HexFormat.of().toHexDigits(value);
  }

  /** The next number of the SplitMix64 sequence. */
  long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A number in [-1, 1). */
  double nextSigned() {
    return (nextLong() >>> 11) * 0x1.0p-53 * 2 - 1;
  }
}
