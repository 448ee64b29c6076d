package dev.steward.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** {@link ReviewStorage} in plain JDBC; the same SQL serves H2 and PostgreSQL. */
final class JdbcReviewStorage implements ReviewStorage {
  private static final String COLUMNS = "request_id, reviewer, outcome, note, key_id, reviewed_at";

  private final DataSource dataSource;
  private final InstantSource clock;

  JdbcReviewStorage(DataSource dataSource, InstantSource clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  @Override
  public void record(ReviewRecord review, byte @Nullable [] auditEntry) {
    Objects.requireNonNull(review, "review");
    byte @Nullable [] entry =
        auditEntry == null ? null : AuditOutbox.OutboxEntry.checkedCopy(auditEntry);
    Jdbc.update(
        dataSource,
        "record of a review of " + review.requestId(),
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO steward_review (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, review.requestId());
            insert.setString(2, review.reviewer());
            insert.setString(3, review.outcome());
            Jdbc.setNullableString(insert, 4, review.note());
            insert.setString(5, review.keyId());
            Jdbc.setInstant(insert, 6, review.reviewedAt());
            insert.executeUpdate();
          }
          if (entry != null) {
            JdbcAuditOutbox.enqueue(connection, entry, clock.instant());
          }
        });
  }

  @Override
  public List<ReviewRecord> forRequest(String requestId) {
    Objects.requireNonNull(requestId, "requestId");
    return Jdbc.read(
        dataSource,
        "read of the reviews of " + requestId,
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM steward_review WHERE request_id = ? ORDER BY reviewed_at, seq")) {
            query.setString(1, requestId);
            List<ReviewRecord> reviews = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
              while (rows.next()) {
                @Nullable String note = rows.getString("note");
                reviews.add(
                    new ReviewRecord(
                        rows.getString("request_id"),
                        rows.getString("reviewer"),
                        rows.getString("outcome"),
                        note,
                        rows.getString("key_id"),
                        Jdbc.requiredInstant(rows, "reviewed_at")));
              }
            }
            return List.copyOf(reviews);
          }
        });
  }
}
