package dev.steward.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where API key records live. Implementations are safe for concurrent use, and several processes (a
 * server and the CLI) may share one store.
 *
 * <p>{@link #version()} lets a server cache lookups: it increases with every insert and every
 * revocation, by whichever process, so a cached answer is good while the version is unchanged.
 */
public interface KeyStorage {

  /** Stores a new key. Fails with {@link StorageException} if its id or hash is already stored. */
  default void insert(ApiKeyRecord key) {
    insert(key, null);
  }

  /**
   * Stores a new key and, in the same transaction, queues {@code auditEntry} (when given) in the
   * {@link AuditOutbox}: both are stored or neither. Fails with {@link StorageException} if the
   * key's id or hash is already stored.
   *
   * @throws IllegalArgumentException if {@code auditEntry} is empty or longer than {@value
   *     AuditOutbox#MAX_ENTRY_BYTES} bytes (nothing is stored)
   */
  void insert(ApiKeyRecord key, byte @Nullable [] auditEntry);

  /** The key with this hash, revoked or not (an indexed lookup: it runs on every request). */
  Optional<ApiKeyRecord> findByHash(KeyHash hash);

  /** The key with this id, revoked or not. */
  Optional<ApiKeyRecord> find(String id);

  /** Every key, revoked ones included, oldest first. */
  List<ApiKeyRecord> list();

  /**
   * The keys of a department, or of one of its services when {@code service} is given, oldest
   * first.
   */
  List<ApiKeyRecord> list(String department, @Nullable String service);

  /**
   * Revokes the key with this id at {@code at}. Revocation is final.
   *
   * @return {@code false} if no such key exists or it was already revoked (its revocation time is
   *     then left unchanged)
   */
  default boolean revoke(String id, Instant at) {
    return revoke(id, at, null);
  }

  /**
   * Revokes the key with this id at {@code at} and, in the same transaction, queues {@code
   * auditEntry} (when given) in the {@link AuditOutbox}. Nothing is queued when the key is not
   * revoked (unknown, or already revoked).
   *
   * @return {@code false} if no such key exists or it was already revoked (its revocation time is
   *     then left unchanged)
   * @throws IllegalArgumentException if {@code auditEntry} is empty or longer than {@value
   *     AuditOutbox#MAX_ENTRY_BYTES} bytes (nothing is changed)
   */
  boolean revoke(String id, Instant at, byte @Nullable [] auditEntry);

  /**
   * A number that increases with every successful {@link #insert} and {@link #revoke}, made by any
   * process sharing this store. One primary-key read; cheap enough to check often.
   */
  long version();
}
