/**
 * What Steward commits to its transparency log: versioned audit entries ({@link AuditEntry}), their
 * JSON form ({@link AuditEntryCodec}, specified in {@code docs/spec/audit-entry.md}) and the salted
 * commitments that stand for prompts and responses ({@link Commitment}). Content never enters an
 * entry. No HTTP, no JDBC.
 */
@NullMarked
package dev.steward.audit;

import org.jspecify.annotations.NullMarked;
