package dev.steward.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.SQLException;

/** Starts connection pools, turning a failure to connect into a {@link StorageException}. */
final class Pools {
  private Pools() {}

  /**
   * Starts a pool that has made its first connection.
   *
   * @param what names the database in messages, e.g. "PostgreSQL at jdbc:postgresql://db/x as
   *     steward" (never a password)
   */
  static HikariDataSource start(HikariConfig config, String what) {
    config.setInitializationFailTimeout(1); // try once, fail at once
    try {
      return new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      String state =
          cause instanceof SQLException sql ? " (SQLState " + Jdbc.sqlState(sql) + ")" : "";
      throw new StorageException(
          "storage: cannot connect to " + what + state + ": " + rootMessage(cause), e);
    }
  }

  /** Brings the schema up to date, closing the pool if that fails. */
  static void migrate(HikariDataSource dataSource, Migrator migrator) {
    try {
      migrator.migrate(dataSource);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
