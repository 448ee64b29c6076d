package dev.steward.store;

/**
 * Steward's durable state. Open one with {@link H2Storage#open} (embedded, the default) or {@link
 * PostgresStorage#open}; both apply pending schema migrations when opened. Close it to release its
 * connections.
 */
public interface Storage extends AutoCloseable {

  KeyStorage keys();

  LedgerStorage ledger();

  /** Entries waiting for the transparency log, queued by changes made in any process. */
  AuditOutbox outbox();

  /** Kill switches, engaged and lifted. */
  KillSwitchStorage killSwitches();

  /** Reviews of draft answers. */
  ReviewStorage reviews();

  /** The policies adopted, and which is in force. */
  PolicyVersionStorage policyVersions();

  /** The highest classification each conversation has seen. */
  ConversationLabelStorage conversations();

  /** Safety evaluation runs, their samples and summaries. */
  EvalStorage evals();

  /** Model approvals, granted on the evidence of eval runs, and revoked. */
  ApprovalStorage approvals();

  /** What became of AI answers, as their services report it. */
  OutcomeStorage outcomes();

  @Override
  void close();
}
