package dev.steward.store;

import com.zaxxer.hikari.HikariDataSource;
import java.time.InstantSource;

/** What every JDBC-backed {@link Storage} shares: one pool, and every store on it. */
abstract class JdbcStorage implements Storage {
  private final HikariDataSource dataSource;
  private final KeyStorage keys;
  private final LedgerStorage ledger;
  private final AuditOutbox outbox;
  private final KillSwitchStorage killSwitches;
  private final ReviewStorage reviews;
  private final PolicyVersionStorage policyVersions;
  private final ConversationLabelStorage conversations;
  private final EvalStorage evals;
  private final ApprovalStorage approvals;
  private final OutcomeStorage outcomes;

  JdbcStorage(HikariDataSource dataSource) {
    // The clock stamps only the outbox's queuing times; every other time comes from the caller.
    InstantSource clock = InstantSource.system();
    this.dataSource = dataSource;
    this.keys = new JdbcKeyStorage(dataSource, clock);
    this.ledger = new JdbcLedgerStorage(dataSource);
    this.outbox = new JdbcAuditOutbox(dataSource, clock);
    this.killSwitches = new JdbcKillSwitchStorage(dataSource, clock);
    this.reviews = new JdbcReviewStorage(dataSource, clock);
    this.policyVersions = new JdbcPolicyVersionStorage(dataSource, clock);
    this.conversations = new JdbcConversationLabelStorage(dataSource);
    this.evals = new JdbcEvalStorage(dataSource, clock);
    this.approvals = new JdbcApprovalStorage(dataSource, clock);
    this.outcomes = new JdbcOutcomeStorage(dataSource);
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
  public final KillSwitchStorage killSwitches() {
    return killSwitches;
  }

  @Override
  public final ReviewStorage reviews() {
    return reviews;
  }

  @Override
  public final PolicyVersionStorage policyVersions() {
    return policyVersions;
  }

  @Override
  public final ConversationLabelStorage conversations() {
    return conversations;
  }

  @Override
  public final EvalStorage evals() {
    return evals;
  }

  @Override
  public final ApprovalStorage approvals() {
    return approvals;
  }

  @Override
  public final OutcomeStorage outcomes() {
    return outcomes;
  }

  @Override
  public final void close() {
    dataSource.close();
  }
}
