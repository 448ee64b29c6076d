package dev.steward.store;

import com.zaxxer.hikari.HikariDataSource;
import java.time.InstantSource;

/**
 * What every JDBC-backed {@link Storage} shares: one pool, the key, ledger and outbox stores on it.
 */
abstract class JdbcStorage implements Storage {
  private final HikariDataSource dataSource;
  private final KeyStorage keys;
  private final LedgerStorage ledger;
  private final AuditOutbox outbox;

  JdbcStorage(HikariDataSource dataSource) {
    // The clock stamps only the outbox's queuing times; every other time comes from the caller.
    InstantSource clock = InstantSource.system();
    this.dataSource = dataSource;
    this.keys = new JdbcKeyStorage(dataSource, clock);
    this.ledger = new JdbcLedgerStorage(dataSource);
    this.outbox = new JdbcAuditOutbox(dataSource, clock);
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
  public final AuditOutbox outbox() {
    return outbox;
  }

  @Override
  public final void close() {
    dataSource.close();
  }
}
