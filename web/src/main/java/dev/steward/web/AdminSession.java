package dev.steward.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Admin sessions of the web pages, without server-side state: signing in with the admin key sets a
 * cookie holding an expiry and a random nonce, signed (HMAC-SHA-256) with a key derived from the
 * admin key — so every node that knows the admin key accepts it, and changing the admin key ends
 * every session. Each session has a CSRF token, the HMAC of the cookie under a second derived key,
 * which every admin form carries and every admin post must present (the synchronizer-token pattern,
 * kept stateless).
 */
public final class AdminSession {
  public static final String COOKIE = "steward-admin";
  public static final Duration LIFETIME = Duration.ofHours(8);
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] sessionKey;
  private final byte[] csrfKey;

  private AdminSession(byte[] sessionKey, byte[] csrfKey) {
    this.sessionKey = sessionKey;
    this.csrfKey = csrfKey;
  }

  /** Sessions for the holder of {@code adminKey}. */
  public static AdminSession create(String adminKey) {
    Objects.requireNonNull(adminKey, "adminKey");
    byte[] key = adminKey.getBytes(StandardCharsets.UTF_8);
    return new AdminSession(hmac(key, "steward admin session"), hmac(key, "steward admin csrf"));
  }

  /** A new session's cookie value, valid until {@code now + LIFETIME}. */
  public String issue(Instant now) {
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    ByteBuffer payload = ByteBuffer.allocate(8 + nonce.length);
    payload.putLong(now.plus(LIFETIME).getEpochSecond()).put(nonce);
    String body = B64.encodeToString(payload.array());
    return body + "." + B64.encodeToString(hmac(sessionKey, body));
  }

  /**
   * The session {@code cookie} holds, if it is one this server signed and it has not expired.
   * Compared in constant time.
   */
  public Optional<String> verify(@Nullable String cookie, Instant now) {
    if (cookie == null) {
      return Optional.empty();
    }
    int dot = cookie.indexOf('.');
    if (dot <= 0 || dot != cookie.lastIndexOf('.')) {
      return Optional.empty();
    }
    String body = cookie.substring(0, dot);
    byte[] presented;
    byte[] payload;
    try {
      presented = UNB64.decode(cookie.substring(dot + 1));
      payload = UNB64.decode(body);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!MessageDigest.isEqual(presented, hmac(sessionKey, body)) || payload.length != 24) {
      return Optional.empty();
    }
    long expires = ByteBuffer.wrap(payload).getLong();
    return now.getEpochSecond() < expires ? Optional.of(cookie) : Optional.empty();
  }

  /** The CSRF token of the session whose cookie is {@code session}. */
  public String csrf(String session) {
    return B64.encodeToString(hmac(csrfKey, session));
  }

  /** Whether {@code token} is the CSRF token of {@code session} (constant time). */
  public boolean checkCsrf(String session, @Nullable String token) {
    return token != null
        && MessageDigest.isEqual(
            csrf(session).getBytes(StandardCharsets.US_ASCII),
            token.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] hmac(byte[] key, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256: not available", e);
    }
  }
}
