package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The contract against a real PostgreSQL: by default {@code 127.0.0.1:5432}, database {@code test},
 * user {@code postgres} (override with {@code STEWARD_TEST_POSTGRES_URL}, {@code _USER}, {@code
 * _PASSWORD}). Each test gets its own schema, dropped afterwards. If PostgreSQL is down the tests
 * fail, unless {@code STEWARD_SKIP_POSTGRES=true} (environment or system property).
 */
class PostgresStorageIT extends StorageContract {
  static final String URL =
      setting("STEWARD_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  static final String USER = setting("STEWARD_TEST_POSTGRES_USER", "postgres");
  static final @Nullable String PASSWORD = System.getenv("STEWARD_TEST_POSTGRES_PASSWORD");

  private @Nullable String schema;
  private @Nullable String olderSchema;

  static final boolean SKIP = "true".equalsIgnoreCase(setting("STEWARD_SKIP_POSTGRES", "false"));

  @BeforeAll
  static void requirePostgres() {
    if (SKIP) {
      return; // each test reports itself skipped, in openFresh()
    }
    try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD)) {
      assertThat(connection.isValid(5)).isTrue();
    } catch (SQLException e) {
      fail(
          "PostgreSQL is not reachable at "
              + URL
              + " as "
              + USER
              + " ("
              + e.getMessage()
              + "). Start it (check: psql -h 127.0.0.1 -U postgres -d test -c 'select 1'),"
              + " point STEWARD_TEST_POSTGRES_URL at one, or set STEWARD_SKIP_POSTGRES=true to"
              + " skip these tests.",
          e);
    }
  }

  @Override
  Storage openFresh() {
    assumeFalse(SKIP, "STEWARD_SKIP_POSTGRES=true: PostgreSQL tests skipped");
    schema = "steward_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    sql("CREATE SCHEMA " + schema);
    return reopen();
  }

  @Override
  Storage reopen() {
    return PostgresStorage.open(URL + "?currentSchema=" + schema, USER, PASSWORD);
  }

  @Override
  Storage openAnotherNode() {
    return PostgresStorage.open(
        URL + "?currentSchema=" + Objects.requireNonNull(schema, "schema"), USER, PASSWORD);
  }

  @Override
  DataSource openAtVersion(int version) {
    olderSchema =
        "steward_test_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    sql("CREATE SCHEMA " + olderSchema);
    PGSimpleDataSource older = new PGSimpleDataSource();
    older.setUrl(URL + "?currentSchema=" + olderSchema);
    older.setUser(USER);
    older.setPassword(PASSWORD);
    new Migrator("postgres", PostgresStorage.MIGRATIONS.subList(0, version), () -> T0)
        .migrate(older);
    return older;
  }

  @Override
  Storage openUpgraded() {
    return PostgresStorage.open(
        URL + "?currentSchema=" + Objects.requireNonNull(olderSchema, "olderSchema"),
        USER,
        PASSWORD);
  }

  @AfterEach
  void dropSchema() {
    if (storage != null) {
      storage.close(); // before the schema goes (closing twice is harmless)
    }
    if (schema != null) {
      sql("DROP SCHEMA " + schema + " CASCADE");
    }
    if (olderSchema != null) {
      sql("DROP SCHEMA " + olderSchema + " CASCADE");
    }
  }

  @Test
  void open_createsTablesInTheCurrentSchemaOnly() throws SQLException {
    try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                    + schema
                    + "' ORDER BY table_name")) {
      StringBuilder tables = new StringBuilder();
      while (rows.next()) {
        tables.append(rows.getString(1)).append(' ');
      }
      assertThat(tables.toString().strip())
          .isEqualTo(
              "steward_api_key steward_approval steward_approval_run steward_audit_outbox"
                  + " steward_conversation_label steward_counter steward_eval_run"
                  + " steward_eval_sample steward_kill_switch steward_ledger steward_outcome"
                  + " steward_policy_version steward_review steward_schema");
    }
  }

  @Test
  void findByHash_usesTheHashIndex() throws SQLException {
    try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
        Statement statement = connection.createStatement()) {
      statement.execute("SET search_path TO " + schema);
      statement.execute("SET enable_seqscan = off"); // an empty table would be scanned otherwise
      try (ResultSet plan =
          statement.executeQuery(
              "EXPLAIN SELECT id FROM steward_api_key WHERE key_hash = '\\x00'::bytea")) {
        StringBuilder text = new StringBuilder();
        while (plan.next()) {
          text.append(plan.getString(1)).append('\n');
        }
        assertThat(text.toString()).contains("steward_api_key_hash");
      }
    }
  }

  @Test
  void open_unreachableServer_failsWithClearMessageWithoutPassword() {
    assertThatThrownBy(
            () ->
                PostgresStorage.open(
                    "jdbc:postgresql://127.0.0.1:1/test?password=s3cret", "x", "hunter2"))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith(
            "storage: cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/test as x")
        .hasMessageNotContaining("s3cret")
        .hasMessageNotContaining("hunter2");
  }

  private static void sql(String sql) {
    try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  private static String setting(String name, String fallback) {
    String property = System.getProperty(name);
    if (property != null) {
      return property;
    }
    String env = System.getenv(name);
    return env != null ? env : fallback;
  }
}
