package dev.steward.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * {@link ApprovalStorage} in plain JDBC; the same SQL serves H2 and PostgreSQL. An approval's eval
 * runs are rows of {@code steward_approval_run}, in order, each referring to a stored run; they are
 * written with the approval, in its transaction, and never change, so a read of approvals followed
 * by a read of their runs sees every run of every approval it saw.
 */
final class JdbcApprovalStorage implements ApprovalStorage {
  private static final String COLUMNS =
      "id, use_case, provider, model, model_version, granted_at, expires_at, granted_by,"
          + " revoked_at, revoked_by, revoke_reason";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM steward_approval";
  private static final String ACTIVE =
      "granted_at <= ? AND expires_at > ? AND (revoked_at IS NULL OR revoked_at > ?)";
  private static final String COUNTER = "approvals";

  private final DataSource dataSource;
  private final InstantSource clock;

  JdbcApprovalStorage(DataSource dataSource, InstantSource clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  @Override
  public void grant(ApprovalRow row, byte @Nullable [] auditEntry) {
    Objects.requireNonNull(row, "row");
    if (row.revoked()) {
      throw new IllegalArgumentException(
          "row: approval " + row.id() + " is revoked (expected: an unrevoked approval)");
    }
    byte @Nullable [] entry =
        auditEntry == null ? null : AuditOutbox.OutboxEntry.checkedCopy(auditEntry);
    Jdbc.update(
        dataSource,
        "grant of approval " + row.id(),
        connection -> {
          checkEvidence(connection, row.runIds());
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO steward_approval ("
                      + COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, row.id());
            insert.setString(2, row.useCase());
            insert.setString(3, row.provider());
            insert.setString(4, row.model());
            insert.setString(5, row.modelVersion());
            Jdbc.setInstant(insert, 6, row.grantedAt());
            Jdbc.setInstant(insert, 7, row.expiresAt());
            insert.setString(8, row.grantedBy());
            Jdbc.setInstant(insert, 9, null);
            Jdbc.setNullableString(insert, 10, null);
            Jdbc.setNullableString(insert, 11, null);
            insert.executeUpdate();
          }
          if (!row.runIds().isEmpty()) {
            try (PreparedStatement insert =
                connection.prepareStatement(
                    "INSERT INTO steward_approval_run (approval_id, run_order, run_id)"
                        + " VALUES (?, ?, ?)")) {
              for (int i = 0; i < row.runIds().size(); i++) {
                insert.setString(1, row.id());
                insert.setInt(2, i);
                insert.setString(3, row.runIds().get(i));
                insert.addBatch();
              }
              insert.executeBatch();
            }
          }
          Jdbc.bumpCounter(connection, COUNTER);
          if (entry != null) {
            JdbcAuditOutbox.enqueue(connection, entry, clock.instant());
          }
        });
  }

  /** Checks that every run is stored and complete: a finished run's status never changes. */
  private static void checkEvidence(Connection connection, List<String> runIds)
      throws SQLException {
    if (runIds.isEmpty()) {
      return;
    }
    try (PreparedStatement query =
        connection.prepareStatement("SELECT status FROM steward_eval_run WHERE id = ?")) {
      for (String runId : runIds) {
        query.setString(1, runId);
        try (ResultSet rows = query.executeQuery()) {
          @Nullable String status = rows.next() ? rows.getString(1) : null;
          if (!EvalStorage.Status.COMPLETE.name().equals(status)) {
            throw new IllegalArgumentException(
                "runIds: eval run "
                    + runId
                    + " is "
                    + (status == null ? "unknown" : status)
                    + " (expected: a stored, complete run)");
          }
        }
      }
    }
  }

  @Override
  public boolean revoke(
      String id, Instant at, String by, String reason, byte @Nullable [] auditEntry) {
    Objects.requireNonNull(id, "id");
    Instant revokedAt = Checks.micros("at", at);
    Checks.text("by", by, ApprovalRow.MAX_NAME_LENGTH);
    Checks.note("reason", reason, ApprovalRow.MAX_REASON_LENGTH);
    byte @Nullable [] entry =
        auditEntry == null ? null : AuditOutbox.OutboxEntry.checkedCopy(auditEntry);
    return Jdbc.write(
        dataSource,
        "revocation of approval " + id,
        connection -> {
          Optional<ApprovalRow> current;
          try (PreparedStatement query =
              connection.prepareStatement(SELECT + " WHERE id = ? FOR UPDATE")) {
            query.setString(1, id);
            current = first(connection, query);
          }
          if (current.isEmpty() || current.get().revoked()) {
            return false;
          }
          // Checks the revocation as the row will read back (not before the grant).
          ApprovalRow revoked = current.get().withRevocation(revokedAt, by, reason);
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE steward_approval SET revoked_at = ?, revoked_by = ?, revoke_reason = ?"
                      + " WHERE id = ? AND revoked_at IS NULL")) {
            Jdbc.setInstant(update, 1, revoked.revokedAt());
            update.setString(2, by);
            update.setString(3, reason);
            update.setString(4, id);
            if (update.executeUpdate() == 0) {
              return false;
            }
          }
          Jdbc.bumpCounter(connection, COUNTER);
          if (entry != null) {
            JdbcAuditOutbox.enqueue(connection, entry, clock.instant());
          }
          return true;
        });
  }

  @Override
  public List<ApprovalRow> all() {
    return Jdbc.read(
        dataSource,
        "read of the approvals",
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(SELECT + " ORDER BY granted_at, seq")) {
            return list(connection, query);
          }
        });
  }

  @Override
  public List<ApprovalRow> active(Instant now) {
    Instant at = Objects.requireNonNull(now, "now");
    return Jdbc.read(
        dataSource,
        "read of the active approvals",
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  SELECT + " WHERE " + ACTIVE + " ORDER BY granted_at, seq")) {
            Jdbc.setInstant(query, 1, at);
            Jdbc.setInstant(query, 2, at);
            Jdbc.setInstant(query, 3, at);
            return list(connection, query);
          }
        });
  }

  @Override
  public Optional<ApprovalRow> find(String id) {
    Objects.requireNonNull(id, "id");
    return Jdbc.read(
        dataSource,
        "lookup of approval " + id,
        connection -> {
          try (PreparedStatement query = connection.prepareStatement(SELECT + " WHERE id = ?")) {
            query.setString(1, id);
            return first(connection, query);
          }
        });
  }

  @Override
  public long version() {
    return Jdbc.read(
        dataSource,
        "read of the approval version",
        connection -> Jdbc.counter(connection, COUNTER));
  }

  private static Optional<ApprovalRow> first(Connection connection, PreparedStatement query)
      throws SQLException {
    List<ApprovalRow> rows = list(connection, query);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  /** The approvals {@code query} selects, in its order, each with its runs. */
  private static List<ApprovalRow> list(Connection connection, PreparedStatement query)
      throws SQLException {
    List<Columns> approvals = new ArrayList<>();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        approvals.add(Columns.read(rows));
      }
    }
    if (approvals.isEmpty()) {
      return List.of();
    }
    Map<String, List<String>> runs = runs(connection, approvals);
    List<ApprovalRow> result = new ArrayList<>(approvals.size());
    for (Columns a : approvals) {
      result.add(a.toRow(runs.getOrDefault(a.id(), List.of())));
    }
    return List.copyOf(result);
  }

  /** The runs of these approvals, by approval id, each list in order. */
  private static Map<String, List<String>> runs(Connection connection, List<Columns> approvals)
      throws SQLException {
    Map<String, List<String>> runs = new HashMap<>();
    if (approvals.size() == 1) {
      try (PreparedStatement query =
          connection.prepareStatement(
              "SELECT approval_id, run_id FROM steward_approval_run WHERE approval_id = ?"
                  + " ORDER BY run_order")) {
        query.setString(1, approvals.get(0).id());
        collect(query, runs);
      }
    } else {
      // Approvals are few (tens to hundreds): one read of every approval's runs beats one per row.
      try (PreparedStatement query =
          connection.prepareStatement(
              "SELECT approval_id, run_id FROM steward_approval_run"
                  + " ORDER BY approval_id, run_order")) {
        collect(query, runs);
      }
    }
    return runs;
  }

  private static void collect(PreparedStatement query, Map<String, List<String>> runs)
      throws SQLException {
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        runs.computeIfAbsent(rows.getString(1), k -> new ArrayList<>()).add(rows.getString(2));
      }
    }
  }

  /** An approval's own columns, before its runs are read. */
  private record Columns(
      String id,
      String useCase,
      String provider,
      String model,
      String modelVersion,
      Instant grantedAt,
      Instant expiresAt,
      String grantedBy,
      @Nullable Instant revokedAt,
      @Nullable String revokedBy,
      @Nullable String revokeReason) {

    static Columns read(ResultSet rows) throws SQLException {
      @Nullable String revokedBy = rows.getString("revoked_by");
      @Nullable String revokeReason = rows.getString("revoke_reason");
      return new Columns(
          rows.getString("id"),
          rows.getString("use_case"),
          rows.getString("provider"),
          rows.getString("model"),
          rows.getString("model_version"),
          Jdbc.requiredInstant(rows, "granted_at"),
          Jdbc.requiredInstant(rows, "expires_at"),
          rows.getString("granted_by"),
          Jdbc.instant(rows, "revoked_at"),
          revokedBy,
          revokeReason);
    }

    ApprovalRow toRow(List<String> runIds) {
      return new ApprovalRow(
          id,
          useCase,
          provider,
          model,
          modelVersion,
          grantedAt,
          expiresAt,
          grantedBy,
          runIds,
          revokedAt,
          revokedBy,
          revokeReason);
    }
  }
}
