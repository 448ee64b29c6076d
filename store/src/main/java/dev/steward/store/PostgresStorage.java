package dev.steward.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The shared store for several Steward nodes: a PostgreSQL database, reached through a HikariCP
 * pool. Tables go into the connection's current schema (choose one with {@code ?currentSchema=name}
 * in the URL).
 */
public final class PostgresStorage extends JdbcStorage {
  static final List<String> MIGRATIONS =
      List.of(
          "V1__init.sql",
          "V2__ledger_append_order.sql",
          "V3__audit.sql",
          "V4__kill_switches_reviews_policies.sql",
          "V5__ledger_key_id.sql",
          "V6__evals_approvals.sql",
          "V7__outcomes.sql",
          "V8__ledger_pool_time_redactions.sql");

  private final String url;

  private PostgresStorage(String url, HikariDataSource dataSource) {
    super(dataSource);
    this.url = url;
  }

  /**
   * Connects to {@code jdbcUrl} (e.g. {@code jdbc:postgresql://db:5432/steward}) and brings the
   * schema up to date.
   *
   * @throws StorageException if the database cannot be reached or migrated
   */
  public static PostgresStorage open(String jdbcUrl, String user, @Nullable String password) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "jdbcUrl: " + Jdbc.redactUrl(jdbcUrl) + " (expected: jdbc:postgresql://host:port/db)");
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName("steward-postgres");
    config.setDriverClassName("org.postgresql.Driver");
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    if (password != null) {
      config.setPassword(password);
    }
    config.setMaximumPoolSize(10);
    config.setMinimumIdle(2);
    config.setConnectionTimeout(10_000);
    String url = Jdbc.redactUrl(jdbcUrl);
    HikariDataSource dataSource = Pools.start(config, "PostgreSQL at " + url + " as " + user);
    Pools.migrate(dataSource, new Migrator("postgres", MIGRATIONS, InstantSource.system()));
    return new PostgresStorage(url, dataSource);
  }

  @Override
  public String toString() {
    return "PostgresStorage[" + url + "]";
  }
}
