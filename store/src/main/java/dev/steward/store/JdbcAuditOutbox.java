package dev.steward.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/** {@link AuditOutbox} in plain JDBC; the same SQL serves H2 and PostgreSQL. */
final class JdbcAuditOutbox implements AuditOutbox {
  private static final String INSERT =
      "INSERT INTO steward_audit_outbox (entry, queued_at) VALUES (?, ?)";

  private final DataSource dataSource;
  private final InstantSource clock;

  JdbcAuditOutbox(DataSource dataSource, InstantSource clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  @Override
  public long enqueue(byte[] entry) {
    byte[] copy = OutboxEntry.checkedCopy(entry);
    return Jdbc.write(
        dataSource,
        "audit outbox enqueue of " + copy.length + " bytes",
        connection -> enqueue(connection, copy, clock.instant()));
  }

  @Override
  public List<OutboxEntry> pending(int limit) {
    if (limit < 1 || limit > MAX_PENDING) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: 1.." + MAX_PENDING + ")");
    }
    return Jdbc.read(
        dataSource,
        "read of pending audit entries",
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(
                  "SELECT id, entry, queued_at FROM steward_audit_outbox ORDER BY id LIMIT ?")) {
            query.setInt(1, limit);
            List<OutboxEntry> entries = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
              while (rows.next()) {
                entries.add(
                    new OutboxEntry(
                        rows.getLong("id"),
                        rows.getBytes("entry"),
                        Jdbc.requiredInstant(rows, "queued_at")));
              }
            }
            return List.copyOf(entries);
          }
        });
  }

  @Override
  public void remove(List<Long> ids) {
    List<Long> batch = List.copyOf(ids);
    if (batch.isEmpty()) {
      return;
    }
    Jdbc.update(
        dataSource,
        "audit outbox removal of " + batch.size() + " entries",
        connection -> {
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM steward_audit_outbox WHERE id = ?")) {
            for (long id : batch) {
              delete.setLong(1, id);
              delete.addBatch();
            }
            delete.executeBatch();
          }
        });
  }

  /**
   * Queues {@code entry} (already checked) on {@code connection}, in the caller's transaction.
   *
   * @return its id
   */
  static long enqueue(Connection connection, byte[] entry, Instant at) throws SQLException {
    Objects.requireNonNull(entry, "entry");
    try (PreparedStatement insert = connection.prepareStatement(INSERT, new String[] {"id"})) {
      insert.setBytes(1, entry);
      Jdbc.setInstant(insert, 2, Checks.micros("at", at));
      insert.executeUpdate();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        if (!keys.next()) {
          throw new SQLException("steward_audit_outbox returned no id");
        }
        return keys.getLong(1);
      }
    }
  }
}
