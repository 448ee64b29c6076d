package dev.steward.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Makes and checks API keys.
 *
 * <p>A key is {@code stw_} followed by the 43 characters of the unpadded base64url encoding of 32
 * bytes from {@link SecureRandom}: 256 bits of entropy. Only the SHA-256 hash of the whole key is
 * stored. A plain, unsalted, fast hash is the right tool here, unlike for passwords: salts and slow
 * hashes defend low-entropy secrets against dictionary and brute-force guessing, and nobody can
 * guess a 256-bit random value, however fast the hash. An unsalted hash is also deterministic, so a
 * presented key is found with one indexed lookup instead of trying every stored record, and hashing
 * costs microseconds on the hot path of every request.
 */
public final class ApiKeys {
  /** Every Steward key starts with this. */
  public static final String PREFIX = "stw_";

  /** The length of a whole key: {@code stw_} and 43 base64url characters. */
  public static final int LENGTH = 47;

  /** How many characters after {@code stw_} are kept to show a key to people. */
  public static final int DISPLAY_PREFIX_LENGTH = 8;

  private static final int SECRET_BYTES = 32;
  private static final int ID_RANDOM_CHARS = 12;
  private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
  private static final Pattern FORMAT = Pattern.compile("stw_[A-Za-z0-9_-]{43}");
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeys() {}

  /**
   * Makes a new key for {@code principal}. The returned plaintext is the only copy: store the
   * record, hand the plaintext to its owner, and forget it.
   */
  public static NewApiKey create(
      Principal principal, String label, @Nullable String createdBy, Instant createdAt) {
    Objects.requireNonNull(principal, "principal");
    byte[] secret = new byte[SECRET_BYTES];
    RANDOM.nextBytes(secret);
    String plaintext = PREFIX + BASE64URL.encodeToString(secret);
    ApiKeyRecord record =
        new ApiKeyRecord(
            newId(),
            displayPrefix(plaintext),
            hash(plaintext),
            principal,
            label,
            createdAt,
            null,
            createdBy);
    return new NewApiKey(record, plaintext);
  }

  /** SHA-256 of the whole key (UTF-8). Any string can be hashed; see {@link #isWellFormed}. */
  public static KeyHash hash(String key) {
    Objects.requireNonNull(key, "key");
    try {
      return KeyHash.of(
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Whether {@code key} hashes to {@code expected}; compared in constant time. */
  public static boolean matches(String key, KeyHash expected) {
    return hash(key).matches(expected);
  }

  /**
   * Whether {@code candidate} has the shape of a Steward key ({@code stw_} and 43 base64url
   * characters). Check this before looking a presented key up, to refuse garbage cheaply.
   */
  public static boolean isWellFormed(String candidate) {
    return candidate.length() == LENGTH && FORMAT.matcher(candidate).matches();
  }

  /** The first {@value #DISPLAY_PREFIX_LENGTH} characters after {@code stw_}. */
  public static String displayPrefix(String key) {
    if (!isWellFormed(key)) {
      throw new IllegalArgumentException("key: not a Steward key (expected: stw_ + 43 base64url)");
    }
    return key.substring(PREFIX.length(), PREFIX.length() + DISPLAY_PREFIX_LENGTH);
  }

  /** A fresh key id: {@code key_} and 12 random base32 characters (60 bits). */
  static String newId() {
    StringBuilder id = new StringBuilder("key_");
    for (int i = 0; i < ID_RANDOM_CHARS; i++) {
      id.append(BASE32.charAt(RANDOM.nextInt(BASE32.length())));
    }
    return id.toString();
  }
}
