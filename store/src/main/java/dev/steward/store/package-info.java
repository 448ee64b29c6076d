/**
 * Steward's persistence: API keys, the usage ledger, the audit outbox, kill switches, reviews,
 * policy versions, conversation levels, eval runs, model approvals and answer outcomes, behind the
 * {@link dev.steward.store.Storage} interface, with an embedded H2 implementation (the default: one
 * file in the data directory) and a PostgreSQL one (several nodes sharing a database). Every change
 * that the transparency log must record queues its entry in the outbox in the change's own
 * transaction.
 *
 * <p>Tables (schema version 7, the same in both dialects; migrations in {@code db/<dialect>/}):
 *
 * <ul>
 *   <li>{@code steward_api_key}: one row per key, its hash uniquely indexed;
 *   <li>{@code steward_counter}: the key version ({@code keys}), bumped with every key insert and
 *       revocation; the kill-switch version ({@code kill-switches}), bumped with every engagement
 *       and lifting; the approval version ({@code approvals}), bumped with every grant and
 *       revocation; the {@code policy} row, locked to serialise policy adoptions;
 *   <li>{@code steward_ledger}: one row per authenticated exchange, with its place in the
 *       transparency log ({@code audit_request_index}, {@code audit_completion_index}, {@code
 *       audit_salt}; all null for an exchange not logged);
 *   <li>{@code steward_audit_outbox}: log entries queued by changes made outside the process
 *       holding the log, in the change's transaction, until that process appends and removes them;
 *   <li>{@code steward_kill_switch}: one row per switch, engaged or lifted; at most one engaged per
 *       scope and target (a partial unique index in PostgreSQL, a unique generated column in H2);
 *   <li>{@code steward_review}: one row per review of a draft answer;
 *   <li>{@code steward_policy_version}: the policies adopted, in order; the last is in force;
 *   <li>{@code steward_conversation_label}: the highest level each conversation has seen, and when
 *       it was last raised;
 *   <li>{@code steward_eval_run}: one row per eval run, running or finished, with its counts and
 *       summary;
 *   <li>{@code steward_eval_sample}: the result of each sample of a run, per epoch;
 *   <li>{@code steward_approval}: one row per model approval, granted and perhaps revoked;
 *   <li>{@code steward_approval_run}: the eval runs each approval rests on, in order;
 *   <li>{@code steward_outcome}: what became of each exchange's answer, as its service last
 *       reported it (not in the transparency log);
 *   <li>{@code steward_schema}: the migrations applied.
 * </ul>
 */
@NullMarked
package dev.steward.store;

import org.jspecify.annotations.NullMarked;
