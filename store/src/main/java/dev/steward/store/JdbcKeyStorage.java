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
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** {@link KeyStorage} in plain JDBC; the same SQL serves H2 and PostgreSQL. */
final class JdbcKeyStorage implements KeyStorage {
  private static final String COLUMNS =
      "id, prefix, key_hash, department, service, use_case, label, created_at, revoked_at,"
          + " created_by";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM steward_api_key";
  private static final String BUMP_VERSION =
      "UPDATE steward_counter SET counter_value = counter_value + 1 WHERE name = 'keys'";

  private final DataSource dataSource;
  private final InstantSource clock;

  JdbcKeyStorage(DataSource dataSource, InstantSource clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  @Override
  public void insert(ApiKeyRecord key, byte @Nullable [] auditEntry) {
    Objects.requireNonNull(key, "key");
    byte @Nullable [] entry =
        auditEntry == null ? null : AuditOutbox.OutboxEntry.checkedCopy(auditEntry);
    Jdbc.update(
        dataSource,
        "insert of key " + key.id(),
        connection -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO steward_api_key ("
                      + COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, key.id());
            insert.setString(2, key.prefix());
            insert.setBytes(3, key.hash().bytes());
            insert.setString(4, key.principal().department());
            insert.setString(5, key.principal().service());
            insert.setString(6, key.principal().useCase());
            insert.setString(7, key.label());
            Jdbc.setInstant(insert, 8, key.createdAt());
            Jdbc.setInstant(insert, 9, key.revokedAt());
            Jdbc.setNullableString(insert, 10, key.createdBy());
            insert.executeUpdate();
          }
          bumpVersion(connection);
          if (entry != null) {
            JdbcAuditOutbox.enqueue(connection, entry, clock.instant());
          }
        });
  }

  @Override
  public Optional<ApiKeyRecord> findByHash(KeyHash hash) {
    Objects.requireNonNull(hash, "hash");
    return Jdbc.read(
        dataSource,
        "lookup of key by hash",
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(SELECT + " WHERE key_hash = ?")) {
            query.setBytes(1, hash.bytes());
            return first(query);
          }
        });
  }

  @Override
  public Optional<ApiKeyRecord> find(String id) {
    Objects.requireNonNull(id, "id");
    return Jdbc.read(
        dataSource,
        "lookup of key " + id,
        connection -> {
          try (PreparedStatement query = connection.prepareStatement(SELECT + " WHERE id = ?")) {
            query.setString(1, id);
            return first(query);
          }
        });
  }

  @Override
  public List<ApiKeyRecord> list() {
    return Jdbc.read(
        dataSource,
        "listing of keys",
        connection -> {
          try (PreparedStatement query =
              connection.prepareStatement(SELECT + " ORDER BY created_at, id")) {
            return all(query);
          }
        });
  }

  @Override
  public List<ApiKeyRecord> list(String department, @Nullable String service) {
    Objects.requireNonNull(department, "department");
    return Jdbc.read(
        dataSource,
        "listing of keys of " + department,
        connection -> {
          String where =
              service == null ? " WHERE department = ?" : " WHERE department = ? AND service = ?";
          try (PreparedStatement query =
              connection.prepareStatement(SELECT + where + " ORDER BY created_at, id")) {
            query.setString(1, department);
            if (service != null) {
              query.setString(2, service);
            }
            return all(query);
          }
        });
  }

  @Override
  public boolean revoke(String id, Instant at, byte @Nullable [] auditEntry) {
    Objects.requireNonNull(id, "id");
    Instant revokedAt = Checks.micros("at", at);
    byte @Nullable [] entry =
        auditEntry == null ? null : AuditOutbox.OutboxEntry.checkedCopy(auditEntry);
    return Jdbc.write(
        dataSource,
        "revocation of key " + id,
        connection -> {
          try (PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE steward_api_key SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
            Jdbc.setInstant(update, 1, revokedAt);
            update.setString(2, id);
            if (update.executeUpdate() == 0) {
              return false;
            }
          }
          bumpVersion(connection);
          if (entry != null) {
            JdbcAuditOutbox.enqueue(connection, entry, clock.instant());
          }
          return true;
        });
  }

  @Override
  public long version() {
    return Jdbc.read(
        dataSource,
        "read of the key version",
        connection -> {
          try (PreparedStatement query =
                  connection.prepareStatement(
                      "SELECT counter_value FROM steward_counter WHERE name = 'keys'");
              ResultSet rows = query.executeQuery()) {
            if (!rows.next()) {
              throw new SQLException("steward_counter has no 'keys' row");
            }
            return rows.getLong(1);
          }
        });
  }

  private static void bumpVersion(Connection connection) throws SQLException {
    try (PreparedStatement bump = connection.prepareStatement(BUMP_VERSION)) {
      if (bump.executeUpdate() != 1) {
        throw new SQLException("steward_counter has no 'keys' row");
      }
    }
  }

  private static Optional<ApiKeyRecord> first(PreparedStatement query) throws SQLException {
    try (ResultSet rows = query.executeQuery()) {
      return rows.next() ? Optional.of(row(rows)) : Optional.empty();
    }
  }

  private static List<ApiKeyRecord> all(PreparedStatement query) throws SQLException {
    List<ApiKeyRecord> keys = new ArrayList<>();
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        keys.add(row(rows));
      }
    }
    return List.copyOf(keys);
  }

  private static ApiKeyRecord row(ResultSet rows) throws SQLException {
    @Nullable String createdBy = rows.getString("created_by");
    return new ApiKeyRecord(
        rows.getString("id"),
        rows.getString("prefix"),
        KeyHash.of(rows.getBytes("key_hash")),
        new Principal(
            rows.getString("department"), rows.getString("service"), rows.getString("use_case")),
        rows.getString("label"),
        Jdbc.requiredInstant(rows, "created_at"),
        Jdbc.instant(rows, "revoked_at"),
        createdBy);
  }
}
