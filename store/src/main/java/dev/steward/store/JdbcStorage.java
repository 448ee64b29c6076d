package dev.steward.store;

import com.zaxxer.hikari.HikariDataSource;

/** What every JDBC-backed {@link Storage} shares: one pool, the key and ledger stores on it. */
abstract class JdbcStorage implements Storage {
  private final HikariDataSource dataSource;
  private final KeyStorage keys;
  private final LedgerStorage ledger;

  JdbcStorage(HikariDataSource dataSource) {
    this.dataSource = dataSource;
    this.keys = new JdbcKeyStorage(dataSource);
    this.ledger = new JdbcLedgerStorage(dataSource);
  }

  @Override
  public final KeyStorage keys() {
    return keys;
  }

  @Override
  public final LedgerStorage ledger() {
    return ledger;
  }

  @Override
  public final void close() {
    dataSource.close();
  }
}
