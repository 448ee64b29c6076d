/**
 * Inspect (inspect_ai, UK AI Security Institute) evaluation logs: the part of the {@code EvalLog}
 * version 2 document that Steward writes and reads ({@link EvalLog} and the records it holds), the
 * JSON writer and the reader of {@code .json} logs and {@code .eval} archives ({@link
 * InspectLogs}), and the summary an importer keeps as evidence ({@link ImportedEvidence}).
 * Specified in {@code docs/spec/inspect-export.md}.
 *
 * <p>Free-form JSON (metadata, parameters, score values, message content) is held as Jackson {@link
 * com.fasterxml.jackson.databind.JsonNode}s, copied on the way in and on the way out, so the
 * records stay immutable. The module depends on no other Steward module: a caller maps its own run
 * types onto these records.
 */
@NullMarked
package dev.steward.inspect;

import org.jspecify.annotations.NullMarked;
