package dev.steward.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * {@link PolicyVersionStorage} in plain JDBC; the same SQL serves H2 and PostgreSQL.
 *
 * <p>Adoption is serialised by a lock row: each adoption first takes {@code steward_counter}'s
 * {@code policy} row with {@code SELECT ... FOR UPDATE}, and only then reads the current policy. A
 * second node adopting at the same moment waits for the first to commit, and then (both databases
 * read committed data statement by statement) sees the policy the first adopted and adopts nothing.
 * A unique constraint with a retry would also keep one adoption, but would make the loser's
 * transaction fail, and in PostgreSQL a failed statement spoils the transaction; the lock keeps the
 * common path (a node starting with the policy in force) one lock and one read.
 */
final class JdbcPolicyVersionStorage implements PolicyVersionStorage {
  private static final String SELECT_CURRENT =
      "SELECT version, policy_hash, adopted_at, via FROM steward_policy_version"
          + " ORDER BY seq DESC LIMIT 1";

  private final DataSource dataSource;
  private final InstantSource clock;

  JdbcPolicyVersionStorage(DataSource dataSource, InstantSource clock) {
    this.dataSource = dataSource;
    this.clock = clock;
  }

  @Override
  public Optional<PolicyVersion> current() {
    return Jdbc.read(dataSource, "read of the current policy", JdbcPolicyVersionStorage::current);
  }

  @Override
  public boolean adopt(
      PolicyVersion policy, Function<@Nullable PolicyVersion, byte @Nullable []> auditEntry) {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(auditEntry, "auditEntry");
    return Jdbc.write(
        dataSource,
        "adoption of policy " + policy.version(),
        connection -> {
          lock(connection);
          @Nullable PolicyVersion previous = current(connection).orElse(null);
          if (previous != null && previous.hasHash(policy.hash())) {
            return false;
          }
          byte @Nullable [] built = auditEntry.apply(previous);
          byte @Nullable [] entry =
              built == null ? null : AuditOutbox.OutboxEntry.checkedCopy(built);
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO steward_policy_version (version, policy_hash, adopted_at, via)"
                      + " VALUES (?, ?, ?, ?)")) {
            insert.setString(1, policy.version());
            insert.setBytes(2, policy.hash());
            Jdbc.setInstant(insert, 3, policy.adoptedAt());
            insert.setString(4, policy.via());
            insert.executeUpdate();
          }
          if (entry != null) {
            JdbcAuditOutbox.enqueue(connection, entry, clock.instant());
          }
          return true;
        });
  }

  private static void lock(Connection connection) throws SQLException {
    try (PreparedStatement lock =
            connection.prepareStatement(
                "SELECT counter_value FROM steward_counter WHERE name = 'policy' FOR UPDATE");
        ResultSet rows = lock.executeQuery()) {
      if (!rows.next()) {
        throw new SQLException("steward_counter has no 'policy' row");
      }
    }
  }

  private static Optional<PolicyVersion> current(Connection connection) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(SELECT_CURRENT);
        ResultSet rows = query.executeQuery()) {
      if (!rows.next()) {
        return Optional.empty();
      }
      return Optional.of(
          new PolicyVersion(
              rows.getString("version"),
              rows.getBytes("policy_hash"),
              Jdbc.requiredInstant(rows, "adopted_at"),
              rows.getString("via")));
    }
  }
}
