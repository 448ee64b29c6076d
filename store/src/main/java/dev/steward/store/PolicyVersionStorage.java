package dev.steward.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The policies adopted, in order: which policy is in force, and since when. Safe for concurrent
 * use, and by several processes sharing one store.
 */
public interface PolicyVersionStorage {

  /** The policy in force: the last one adopted; empty before the first. */
  Optional<PolicyVersion> current();

  /**
   * Adopts {@code policy} unless it is already in force, atomically across every process sharing
   * this store: if the current policy's hash equals {@code policy.hash()}, nothing is stored or
   * queued and the answer is {@code false}. Otherwise {@code policy} becomes current and, in the
   * same transaction, the entry {@code auditEntry} builds from the policy it replaces (empty for
   * the first) is queued in the {@link AuditOutbox} (when it builds one). Two nodes adopting the
   * same new policy at once adopt it once between them.
   *
   * @param auditEntry called once, only when the policy is adopted, inside the transaction: keep it
   *     quick
   * @return whether {@code policy} was adopted
   * @throws IllegalArgumentException if the entry is empty or longer than {@value
   *     AuditOutbox#MAX_ENTRY_BYTES} bytes (nothing is stored)
   */
  boolean adopt(
      PolicyVersion policy, Function<@Nullable PolicyVersion, byte @Nullable []> auditEntry);

  /**
   * An adopted policy. Its hash is copied in and out; two are equal when all their fields are.
   *
   * @param version the policy's version as its authors named it, or {@code unversioned}
   * @param hash the SHA-256 of the policy, {@value #HASH_BYTES} bytes
   * @param adoptedAt when it was adopted, to the microsecond
   * @param via where it was adopted, e.g. {@code serve} or {@code cli}
   */
  record PolicyVersion(String version, byte[] hash, Instant adoptedAt, String via) {
    public static final int HASH_BYTES = 32;
    public static final int MAX_VERSION_LENGTH = 200;
    public static final int MAX_VIA_LENGTH = 64;

    public PolicyVersion {
      Checks.text("version", version, MAX_VERSION_LENGTH);
      Objects.requireNonNull(hash, "hash");
      if (hash.length != HASH_BYTES) {
        throw new IllegalArgumentException(
            "hash: " + hash.length + " bytes (expected: " + HASH_BYTES + ")");
      }
      hash = hash.clone();
      adoptedAt = Checks.micros("adoptedAt", adoptedAt);
      Checks.text("via", via, MAX_VIA_LENGTH);
    }

    /** A copy of the hash. */
    @Override
    public byte[] hash() {
      return hash.clone();
    }

    /** Whether this policy's hash is {@code hash}. */
    public boolean hasHash(byte[] hash) {
      return Arrays.equals(this.hash, hash);
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof PolicyVersion that
          && version.equals(that.version)
          && Arrays.equals(hash, that.hash)
          && adoptedAt.equals(that.adoptedAt)
          && via.equals(that.via);
    }

    @Override
    public int hashCode() {
      return Objects.hash(version, Arrays.hashCode(hash), adoptedAt, via);
    }

    @Override
    public String toString() {
      return "PolicyVersion[version="
          + version
          + ", hash="
          + HexFormat.of().formatHex(hash)
          + ", adoptedAt="
          + adoptedAt
          + ", via="
          + via
          + "]";
    }
  }
}
