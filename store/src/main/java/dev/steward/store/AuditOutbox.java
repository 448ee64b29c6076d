package dev.steward.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Entries waiting for the transparency log. A change made outside the process that holds the log
 * (the CLI changing keys while a server runs) is queued here in the same transaction as the change
 * itself (see {@link KeyStorage#insert(ApiKeyRecord, byte[])}), so the change is never stored
 * without its entry; the log's holder appends what is {@link #pending} to the log and then {@link
 * #remove removes} it. An entry may thus reach the log twice if its holder stops between the two:
 * entries should identify their change so a reader can tell a repeat.
 *
 * <p>Safe for concurrent use, and by several processes sharing one store.
 */
public interface AuditOutbox {

  /** The largest entry, in bytes: the transparency log's limit. */
  int MAX_ENTRY_BYTES = 65_535;

  /** The most entries {@link #pending} returns. */
  int MAX_PENDING = 10_000;

  /**
   * Queues one entry (copied) in its own transaction.
   *
   * @return its id; ids increase in the order entries are queued
   * @throws IllegalArgumentException if {@code entry} is empty or longer than {@value
   *     #MAX_ENTRY_BYTES} bytes
   */
  long enqueue(byte[] entry);

  /**
   * The oldest entries still queued, in id order, at most {@code limit}.
   *
   * <p>An id is taken when a transaction queues its entry, not when it commits, so an entry can
   * appear after entries with higher ids have been returned: remove entries by id, never "up to an
   * id".
   */
  List<OutboxEntry> pending(int limit);

  /** Removes the entries with these ids, in one transaction; ids not queued are ignored. */
  void remove(List<Long> ids);

  /**
   * An entry queued in the outbox. Its bytes are copied in and out; two entries are equal when
   * their ids, bytes and times are.
   *
   * @param id its id in the outbox (ids increase in the order entries are queued)
   * @param entry the bytes to append to the transparency log, 1..{@value
   *     AuditOutbox#MAX_ENTRY_BYTES}
   * @param queuedAt when it was queued, to the microsecond
   */
  record OutboxEntry(long id, byte[] entry, Instant queuedAt) {

    public OutboxEntry {
      if (id < 1) {
        throw new IllegalArgumentException("id: " + id + " (expected: >= 1)");
      }
      entry = checkedCopy(entry);
      queuedAt = Checks.micros("queuedAt", queuedAt);
    }

    /** A copy of the entry's bytes. */
    @Override
    public byte[] entry() {
      return entry.clone();
    }

    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof OutboxEntry that
          && id == that.id
          && Arrays.equals(entry, that.entry)
          && queuedAt.equals(that.queuedAt);
    }

    @Override
    public int hashCode() {
      return Objects.hash(id, Arrays.hashCode(entry), queuedAt);
    }

    @Override
    public String toString() {
      return "OutboxEntry[id="
          + id
          + ", entry="
          + entry.length
          + " bytes, queuedAt="
          + queuedAt
          + "]";
    }

    /**
     * A copy of {@code entry}, checked to be 1..{@value AuditOutbox#MAX_ENTRY_BYTES} bytes long.
     */
    static byte[] checkedCopy(byte[] entry) {
      Objects.requireNonNull(entry, "entry");
      if (entry.length < 1 || entry.length > MAX_ENTRY_BYTES) {
        throw new IllegalArgumentException(
            "entry: " + entry.length + " bytes (expected: 1.." + MAX_ENTRY_BYTES + ")");
      }
      return entry.clone();
    }
  }
}
