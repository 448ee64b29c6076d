package dev.steward.store;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A stored API key: never the key itself, only its {@link KeyHash hash} and a display prefix (the
 * first 8 characters after {@code stw_}) so people can tell their keys apart. Timestamps are kept
 * to the microsecond.
 *
 * @param id the key's public id, e.g. {@code key_4k7qz2mf3xja}
 * @param prefix the first 8 characters of the key after {@code stw_}
 * @param hash SHA-256 of the whole key
 * @param principal whom the key speaks for
 * @param label a free-text note, e.g. "production batch jobs" (may be empty)
 * @param createdAt when the key was made
 * @param revokedAt when the key was revoked, or {@code null} while it is active
 * @param createdBy who made it (an operator's name), when known
 */
public record ApiKeyRecord(
    String id,
    String prefix,
    KeyHash hash,
    Principal principal,
    String label,
    Instant createdAt,
    @Nullable Instant revokedAt,
    @Nullable String createdBy) {

  static final int MAX_ID_LENGTH = 32;
  static final int MAX_PREFIX_LENGTH = 16;
  static final int MAX_LABEL_LENGTH = 200;
  static final int MAX_CREATED_BY_LENGTH = 200;

  public ApiKeyRecord {
    Checks.text("id", id, MAX_ID_LENGTH);
    Checks.text("prefix", prefix, MAX_PREFIX_LENGTH);
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(label, "label");
    if (label.length() > MAX_LABEL_LENGTH) {
      throw new IllegalArgumentException(
          "label: " + label.length() + " characters (expected: <= " + MAX_LABEL_LENGTH + ")");
    }
    createdAt = Checks.micros("createdAt", createdAt);
    revokedAt = Checks.optionalMicros("revokedAt", revokedAt);
    Checks.optionalText("createdBy", createdBy, MAX_CREATED_BY_LENGTH);
  }

  /** Whether the key has been revoked (revocation is final). */
  public boolean revoked() {
    return revokedAt != null;
  }

  /** This record revoked at {@code at}. */
  public ApiKeyRecord withRevokedAt(Instant at) {
    return new ApiKeyRecord(id, prefix, hash, principal, label, createdAt, at, createdBy);
  }

  /** How the key is shown to people: {@code stw_} and its prefix, e.g. {@code stw_Ab3dE9xQ…}. */
  public String display() {
    return ApiKeys.PREFIX + prefix + "…";
  }
}
