package dev.steward.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** {@link OutcomeStorage} in plain JDBC; the same SQL serves H2 and PostgreSQL. */
final class JdbcOutcomeStorage implements OutcomeStorage {
  private static final String COLUMNS =
      "request_id, department, service, use_case, outcome, minutes_saved, note, recorded_at,"
          + " key_id";

  private final DataSource dataSource;

  JdbcOutcomeStorage(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void record(Outcome outcome) {
    Objects.requireNonNull(outcome, "outcome");
    String what = "record of the outcome of " + outcome.requestId();
    try {
      Jdbc.update(dataSource, what, connection -> upsert(connection, outcome));
    } catch (StorageException e) {
      if (!Jdbc.uniqueViolation(e)) {
        throw e;
      }
      // Another report inserted the first row between our update and insert: ours is the later
      // one, and now updates that row.
      Jdbc.update(dataSource, what, connection -> upsert(connection, outcome));
    }
  }

  /** Updates the request's row, else inserts it. */
  private static void upsert(Connection connection, Outcome o) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE steward_outcome SET department = ?, service = ?, use_case = ?, outcome = ?,"
                + " minutes_saved = ?, note = ?, recorded_at = ?, key_id = ?"
                + " WHERE request_id = ?")) {
      int i = bind(update, 1, o);
      update.setString(i, o.requestId());
      if (update.executeUpdate() > 0) {
        return;
      }
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO steward_outcome (department, service, use_case, outcome, minutes_saved,"
                + " note, recorded_at, key_id, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      int i = bind(insert, 1, o);
      insert.setString(i, o.requestId());
      insert.executeUpdate();
    }
  }

  /** Binds every column but the request id from {@code first}; returns the next index. */
  private static int bind(PreparedStatement statement, int first, Outcome o) throws SQLException {
    int i = first;
    statement.setString(i++, o.department());
    statement.setString(i++, o.service());
    statement.setString(i++, o.useCase());
    statement.setString(i++, o.outcome().wire());
    Double minutes = o.minutesSaved();
    if (minutes == null) {
      statement.setNull(i++, Types.DOUBLE);
    } else {
      statement.setDouble(i++, minutes);
    }
    Jdbc.setNullableString(statement, i++, o.note());
    Jdbc.setInstant(statement, i++, o.recordedAt());
    statement.setString(i++, o.keyId());
    return i;
  }

  @Override
  public Optional<Outcome> find(String requestId) {
    Objects.requireNonNull(requestId, "requestId");
    return Jdbc.read(
        dataSource,
        "read of the outcome of " + requestId,
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT " + COLUMNS + " FROM steward_outcome WHERE request_id = ?")) {
            query.setString(1, requestId);
            try (ResultSet rows = query.executeQuery()) {
              return rows.next() ? Optional.of(outcome(rows)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public List<Outcome> since(Instant fromInstant, Instant toInstant) {
    Instant from = Checks.micros("from", fromInstant);
    Instant to = Checks.micros("to", toInstant);
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("from: " + from + " (expected: <= to " + to + ")");
    }
    return Jdbc.read(
        dataSource,
        "read of the outcomes from " + from + " to " + to,
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM steward_outcome WHERE recorded_at >= ? AND recorded_at < ?"
                      + " ORDER BY recorded_at, request_id")) {
            Jdbc.setInstant(query, 1, from);
            Jdbc.setInstant(query, 2, to);
            List<Outcome> found = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
              while (rows.next()) {
                found.add(outcome(rows));
              }
            }
            return List.copyOf(found);
          }
        });
  }

  private static Outcome outcome(ResultSet rows) throws SQLException {
    String wire = rows.getString("outcome");
    Kind kind =
        Kind.of(wire)
            .orElseThrow(
                () ->
                    new SQLException(
                        "outcome: " + wire + " (expected: accepted, edited or rejected)"));
    double minutes = rows.getDouble("minutes_saved");
    @Nullable Double minutesSaved = rows.wasNull() ? null : minutes;
    @Nullable String note = rows.getString("note");
    return new Outcome(
        rows.getString("request_id"),
        rows.getString("department"),
        rows.getString("service"),
        rows.getString("use_case"),
        kind,
        minutesSaved,
        note,
        Jdbc.requiredInstant(rows, "recorded_at"),
        rows.getString("key_id"));
  }
}
