package dev.steward.store;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where reviews of draft answers live: each time a person approves, amends or rejects an answer. An
 * exchange may be reviewed several times; every review is kept. Safe for concurrent use, and by
 * several processes sharing one store.
 */
public interface ReviewStorage {

  /**
   * Stores a review and, in the same transaction, queues {@code auditEntry} (when given) in the
   * {@link AuditOutbox}.
   *
   * @throws IllegalArgumentException if {@code auditEntry} is empty or longer than {@value
   *     AuditOutbox#MAX_ENTRY_BYTES} bytes (nothing is stored)
   */
  void record(ReviewRecord review, byte @Nullable [] auditEntry);

  /** The reviews of one exchange, oldest first (ties in the order they were stored). */
  List<ReviewRecord> forRequest(String requestId);

  /**
   * A review of an exchange's draft answer. The time is kept to the microsecond.
   *
   * @param requestId the reviewed exchange's request id
   * @param reviewer the reviewer's id (not a person's name)
   * @param outcome {@code approved}, {@code amended} or {@code rejected}
   * @param note the reviewer's note, when they left one; kept in the store only, never logged
   * @param keyId the id of the API key that recorded the review
   * @param reviewedAt when it was recorded
   */
  record ReviewRecord(
      String requestId,
      String reviewer,
      String outcome,
      @Nullable String note,
      String keyId,
      Instant reviewedAt) {

    public static final int MAX_REQUEST_ID_LENGTH = 100;
    public static final int MAX_REVIEWER_LENGTH = 200;
    public static final int MAX_OUTCOME_LENGTH = 64;
    public static final int MAX_NOTE_LENGTH = 2000;

    public ReviewRecord {
      Checks.text("requestId", requestId, MAX_REQUEST_ID_LENGTH);
      Checks.text("reviewer", reviewer, MAX_REVIEWER_LENGTH);
      Checks.text("outcome", outcome, MAX_OUTCOME_LENGTH);
      Checks.optionalText("note", note, MAX_NOTE_LENGTH);
      Checks.text("keyId", keyId, ApiKeyRecord.MAX_ID_LENGTH);
      reviewedAt = Checks.micros("reviewedAt", reviewedAt);
    }
  }
}
