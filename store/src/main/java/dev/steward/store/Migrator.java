package dev.steward.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database's schema up to date: applies the versioned scripts {@code
 * db/<dialect>/V<n>__<name>.sql} not yet applied, in order, each in its own transaction, and
 * records each in the {@code steward_schema} table with the SHA-256 of its statements.
 *
 * <p>Refuses to start when an applied script has since been edited, or when the database holds a
 * version newer than this code knows. Scripts are split into statements at semicolons that end a
 * line; lines starting with {@code --} are comments. (Keep semicolons out of string literals.)
 *
 * <p>In PostgreSQL a session advisory lock makes concurrent starts wait for each other, and DDL is
 * transactional. In H2, DDL commits implicitly, so the scripts use {@code IF NOT EXISTS} and a
 * script that another process recorded first is accepted.
 */
final class Migrator {
  private static final Logger LOG = LoggerFactory.getLogger(Migrator.class);
  private static final Pattern SCRIPT_NAME =
      Pattern.compile("V([1-9][0-9]*)__([A-Za-z0-9_]+)\\.sql");

  /** "steward" in ASCII: the PostgreSQL advisory lock key that serialises migrations. */
  static final long POSTGRES_LOCK_KEY = 0x73746577617264L;

  record Script(int version, String name, String sql, String checksum) {}

  private final String dialect;
  private final List<Script> scripts;
  private final InstantSource clock;

  Migrator(String dialect, List<String> scriptNames, InstantSource clock) {
    this.dialect = dialect;
    this.scripts = load(dialect, scriptNames);
    this.clock = clock;
  }

  /** The version the schema has after {@link #migrate}. */
  int latestVersion() {
    return scripts.size();
  }

  /**
   * Applies what is missing.
   *
   * @return the number of scripts applied
   */
  int migrate(DataSource dataSource) {
    return Jdbc.read(
        dataSource,
        "schema migration (" + dialect + ")",
        connection -> {
          boolean postgres = dialect.equals("postgres");
          if (postgres) {
            advisoryLock(connection, "pg_advisory_lock");
          }
          try {
            return migrate(connection);
          } finally {
            if (postgres) {
              advisoryLock(connection, "pg_advisory_unlock");
            }
          }
        });
  }

  private int migrate(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS steward_schema ("
              + " version INT PRIMARY KEY,"
              + " script VARCHAR(200) NOT NULL,"
              + " checksum VARCHAR(64) NOT NULL,"
              + " applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
    }
    Map<Integer, String> applied = applied(connection);
    for (Map.Entry<Integer, String> entry : applied.entrySet()) {
      int version = entry.getKey();
      if (version > scripts.size()) {
        throw new StorageException(
            "storage: the database's schema is at version "
                + version
                + ", newer than this Steward knows ("
                + scripts.size()
                + "); upgrade Steward",
            null);
      }
      Script script = scripts.get(version - 1);
      if (!script.checksum().equals(entry.getValue())) {
        throw new StorageException(
            "storage: migration "
                + script.name()
                + " was changed after it was applied (checksum "
                + entry.getValue()
                + ", expected: "
                + script.checksum()
                + ")",
            null);
      }
    }
    int count = 0;
    for (Script script : scripts) {
      if (!applied.containsKey(script.version()) && apply(connection, script)) {
        count++;
      }
    }
    return count;
  }

  private boolean apply(Connection connection, Script script) throws SQLException {
    connection.setAutoCommit(false);
    try {
      try (Statement statement = connection.createStatement()) {
        for (String sql : statements(script.sql())) {
          statement.execute(sql);
        }
      }
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO steward_schema (version, script, checksum, applied_at)"
                  + " VALUES (?, ?, ?, ?)")) {
        insert.setInt(1, script.version());
        insert.setString(2, script.name());
        insert.setString(3, script.checksum());
        Jdbc.setInstant(insert, 4, clock.instant());
        insert.executeUpdate();
      }
      connection.commit();
      LOG.info("applied schema migration {} ({})", script.name(), dialect);
      return true;
    } catch (SQLException e) {
      connection.rollback();
      // Another process may have applied the same script meanwhile (H2 only: PostgreSQL is
      // serialised by the advisory lock). Accept that, if it recorded the same text.
      if (Jdbc.UNIQUE_VIOLATION.equals(Jdbc.sqlState(e))
          && script.checksum().equals(applied(connection).get(script.version()))) {
        return false;
      }
      throw new StorageException(
          "storage: migration " + script.name() + " failed (SQLState " + Jdbc.sqlState(e) + ")", e);
    } finally {
      connection.setAutoCommit(true);
    }
  }

  private static Map<Integer, String> applied(Connection connection) throws SQLException {
    Map<Integer, String> applied = new TreeMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT version, checksum FROM steward_schema")) {
      while (rows.next()) {
        applied.put(rows.getInt(1), rows.getString(2));
      }
    }
    return applied;
  }

  private static void advisoryLock(Connection connection, String function) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("SELECT " + function + "(?)")) {
      lock.setLong(1, POSTGRES_LOCK_KEY);
      lock.execute();
    }
  }

  /** The statements of a script: split at semicolons ending a line, comment lines dropped. */
  static List<String> statements(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.lines().toList()) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      if (trimmed.endsWith(";")) {
        current.append(trimmed, 0, trimmed.length() - 1);
        statements.add(current.toString().strip());
        current.setLength(0);
      } else {
        current.append(trimmed).append('\n');
      }
    }
    if (!current.toString().isBlank()) {
      statements.add(current.toString().strip());
    }
    return statements;
  }

  private static List<Script> load(String dialect, List<String> names) {
    List<Script> scripts = new ArrayList<>();
    for (String name : names) {
      Matcher matcher = SCRIPT_NAME.matcher(name);
      if (!matcher.matches()) {
        throw new IllegalArgumentException("migration: " + name + " (expected: V<n>__<name>.sql)");
      }
      int version = Integer.parseInt(matcher.group(1));
      if (version != scripts.size() + 1) {
        throw new IllegalArgumentException(
            "migration: " + name + " (expected: version " + (scripts.size() + 1) + ")");
      }
      String sql = read("db/" + dialect + "/" + name);
      // The checksum covers the statements only: comments, blank lines, indentation and line
      // endings (a checkout on Windows) may change without tripping it.
      scripts.add(new Script(version, name, sql, sha256(String.join(";\n", statements(sql)))));
    }
    return List.copyOf(scripts);
  }

  private static String read(String resource) {
    try (@Nullable InputStream in = Migrator.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "migration " + resource + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("migration " + resource + " cannot be read: " + e, e);
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
