package dev.steward.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** Plain JDBC plumbing shared by the storage classes: connections, transactions, timestamps. */
final class Jdbc {
  /** SQL state of a unique-constraint violation, in PostgreSQL and in H2. */
  static final String UNIQUE_VIOLATION = "23505";

  private Jdbc() {}

  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  @FunctionalInterface
  interface Action {
    void run(Connection connection) throws SQLException;
  }

  /** Runs {@code action} in one transaction: committed if it returns, rolled back if it throws. */
  static void update(DataSource dataSource, String what, Action action) {
    Boolean unused =
        write(
            dataSource,
            what,
            connection -> {
              action.run(connection);
              return Boolean.TRUE;
            });
  }

  /** Runs {@code work} on a connection in auto-commit mode. */
  static <T> T read(DataSource dataSource, String what, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
  static <T> T write(DataSource dataSource, String what, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          connection.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  static StorageException failure(String what, SQLException e) {
    String state = sqlState(e);
    String detail =
        UNIQUE_VIOLATION.equals(state)
            ? "already stored (SQLState " + state + ")"
            : "failed (SQLState " + state + ")";
    return new StorageException("storage: " + what + " " + detail, e);
  }

  /** Whether {@code e} reports a unique-constraint violation. */
  static boolean uniqueViolation(StorageException e) {
    return e.getCause() instanceof SQLException cause && UNIQUE_VIOLATION.equals(sqlState(cause));
  }

  /** Bumps the {@code steward_counter} row {@code name}, in the caller's transaction. */
  static void bumpCounter(Connection connection, String name) throws SQLException {
    try (PreparedStatement bump =
        connection.prepareStatement(
            "UPDATE steward_counter SET counter_value = counter_value + 1 WHERE name = ?")) {
      bump.setString(1, name);
      if (bump.executeUpdate() != 1) {
        throw new SQLException("steward_counter has no '" + name + "' row");
      }
    }
  }

  /** Reads the {@code steward_counter} row {@code name}. */
  static long counter(Connection connection, String name) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT counter_value FROM steward_counter WHERE name = ?")) {
      query.setString(1, name);
      try (ResultSet rows = query.executeQuery()) {
        if (!rows.next()) {
          throw new SQLException("steward_counter has no '" + name + "' row");
        }
        return rows.getLong(1);
      }
    }
  }

  /** The SQL state of the first exception in the chain that has one (batches nest theirs). */
  static @Nullable String sqlState(SQLException e) {
    for (SQLException s = e; s != null; s = s.getNextException()) {
      if (s.getSQLState() != null) {
        return s.getSQLState();
      }
      if (s.getCause() instanceof SQLException cause && cause.getSQLState() != null) {
        return cause.getSQLState();
      }
    }
    return null;
  }

  static void setInstant(PreparedStatement statement, int index, @Nullable Instant instant)
      throws SQLException {
    if (instant == null) {
      statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
  }

  static @Nullable Instant instant(ResultSet resultSet, String column) throws SQLException {
    @Nullable OffsetDateTime value = resultSet.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  static Instant requiredInstant(ResultSet resultSet, String column) throws SQLException {
    Instant value = instant(resultSet, column);
    if (value == null) {
      throw new SQLException("column " + column + " is null (expected: a timestamp)");
    }
    return value;
  }

  static void setNullableString(PreparedStatement statement, int index, @Nullable String value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.VARCHAR);
    } else {
      statement.setString(index, value);
    }
  }

  /** A JDBC URL without its query string, which may carry credentials: safe for messages. */
  static String redactUrl(String jdbcUrl) {
    int query = jdbcUrl.indexOf('?');
    return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
  }
}
