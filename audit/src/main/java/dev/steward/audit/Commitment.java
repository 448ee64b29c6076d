package dev.steward.audit;

import dev.steward.tlog.Hash;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * A salted SHA-256 commitment to content that must not enter the public log: {@code SHA-256(salt ‖
 * content)} with a fresh 32-byte random salt per exchange. The log holds the commitment; whoever
 * holds the content and the salt (the caller, or an auditor with retained content) can show that
 * this content is what was committed, while nobody holding only the log can test guesses of it.
 *
 * <p>A commitment is built incrementally, so a streamed response is committed to as it is written.
 * Not thread-safe; one per piece of content.
 */
public final class Commitment {
  /** The salt's length in bytes. */
  public static final int SALT_BYTES = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final MessageDigest digest;

  private Commitment(byte[] salt) {
    if (salt.length != SALT_BYTES) {
      throw new IllegalArgumentException(
          "salt: " + salt.length + " bytes (expected: " + SALT_BYTES + ")");
    }
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
    digest.update(salt);
  }

  /** A fresh random salt. */
  public static byte[] newSalt() {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return salt;
  }

  /** Starts a commitment under {@code salt}. */
  public static Commitment start(byte[] salt) {
    return new Commitment(salt);
  }

  /** The commitment to {@code content} under {@code salt}. */
  public static Hash of(byte[] salt, byte[] content) {
    return start(salt).update(content, 0, content.length).finish();
  }

  /** Adds content. */
  public Commitment update(byte[] content, int offset, int length) {
    digest.update(content, offset, length);
    return this;
  }

  /** Adds content. */
  public Commitment update(java.nio.ByteBuffer content) {
    digest.update(content);
    return this;
  }

  /** The commitment to everything added. The commitment cannot be used afterwards. */
  public Hash finish() {
    return Hash.of(digest.digest());
  }

  /** Whether {@code content} under {@code salt} is what {@code commitment} commits to. */
  public static boolean matches(Hash commitment, byte[] salt, byte[] content) {
    return MessageDigest.isEqual(of(salt, content).bytes(), commitment.bytes());
  }

  /** The salt as carried in headers and ledger rows: standard padded base64 (44 characters). */
  public static String encodeSalt(byte[] salt) {
    if (salt.length != SALT_BYTES) {
      throw new IllegalArgumentException(
          "salt: " + salt.length + " bytes (expected: " + SALT_BYTES + ")");
    }
    return Base64.getEncoder().encodeToString(salt);
  }

  /** Reads a salt written by {@link #encodeSalt}. */
  public static byte[] decodeSalt(String base64) {
    byte[] salt;
    try {
      salt = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("salt: not base64 (expected: 44 base64 characters)", e);
    }
    if (salt.length != SALT_BYTES || !encodeSalt(salt).equals(base64)) {
      Arrays.fill(salt, (byte) 0);
      throw new IllegalArgumentException(
          "salt: not 32 bytes in canonical base64 (expected: 44 base64 characters)");
    }
    return salt;
  }
}
