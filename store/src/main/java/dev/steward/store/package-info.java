/**
 * Steward's persistence: API keys, the usage ledger and the audit outbox, behind the {@link
 * dev.steward.store.Storage} interface, with an embedded H2 implementation (the default: one file
 * in the data directory) and a PostgreSQL one (several nodes sharing a database).
 *
 * <p>Tables (schema version 3, the same in both dialects; migrations in {@code db/<dialect>/}):
 *
 * <ul>
 *   <li>{@code steward_api_key}: one row per key, its hash uniquely indexed;
 *   <li>{@code steward_counter}: the key version, bumped with every key insert and revocation;
 *   <li>{@code steward_ledger}: one row per authenticated exchange, with its place in the
 *       transparency log ({@code audit_request_index}, {@code audit_completion_index}, {@code
 *       audit_salt}; all null for an exchange not logged);
 *   <li>{@code steward_audit_outbox}: log entries queued by changes made outside the process
 *       holding the log, in the change's transaction, until that process appends and removes them;
 *   <li>{@code steward_schema}: the migrations applied.
 * </ul>
 */
@NullMarked
package dev.steward.store;

import org.jspecify.annotations.NullMarked;
