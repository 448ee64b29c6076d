package dev.steward.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import dev.steward.store.ApiKeyRecord;
import dev.steward.store.LedgerRow;
import dev.steward.store.OutcomeStorage;
import dev.steward.store.OutcomeStorage.Kind;
import dev.steward.store.OutcomeStorage.Outcome;
import dev.steward.store.Principal;
import java.time.InstantSource;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What became of an AI answer, as the service's own UI reports it, for the benefits reports:
 *
 * <ul>
 *   <li>{@code POST /v1/steward/outcomes} with {@code {"request_id", "outcome": "accepted" |
 *       "edited" | "rejected", "minutes_saved"?: 0..1440, "note"?: up to 1000 characters}} stores
 *       the outcome of one exchange and answers it. One outcome per exchange: a second report
 *       replaces the first (the latest wins);
 *   <li>{@code GET /v1/steward/outcomes/{request_id}} answers the outcome stored.
 * </ul>
 *
 * A key may report only on requests of its own service (department and service); requests of other
 * services, like unknown ones, are "not found". Outcomes are not committed to the transparency log,
 * and the note is never logged.
 */
final class OutcomeHandler {
  static final String PATH = "/v1/steward/outcomes";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_NOTE = Outcome.MAX_NOTE_LENGTH;
  private static final double MAX_MINUTES = Outcome.MAX_MINUTES_SAVED;

  private final Authenticator authenticator;
  private final LedgerLookup ledger;
  private final OutcomeStorage outcomes;
  private final InstantSource clock;

  OutcomeHandler(
      Authenticator authenticator,
      LedgerLookup ledger,
      OutcomeStorage outcomes,
      InstantSource clock) {
    this.authenticator = authenticator;
    this.ledger = ledger;
    this.outcomes = outcomes;
    this.clock = clock;
  }

  /** Records an outcome, replacing any earlier one for the request; blocks (database). */
  byte[] record(Function<String, @Nullable String> headers, byte[] requestBody) {
    ApiKeyRecord key = authenticator.record(Authenticator.presentedKey(headers));
    JsonNode body = RequestBodies.object(requestBody);
    String requestId = RequestBodies.text(body, "request_id");
    String wire = RequestBodies.text(body, "outcome");
    Kind kind =
        Kind.of(wire)
            .orElseThrow(
                () ->
                    StewardException.invalid(
                        "outcome",
                        "outcome: '"
                            + HttpFront.clip(wire)
                            + "' (expected: accepted, edited or rejected)"));
    @Nullable Double minutesSaved = minutesSaved(body.get("minutes_saved"));
    @Nullable String note = note(body.get("note"));
    LedgerRow row = ReviewHandler.ownRequest(ledger, key.principal(), requestId);
    Principal p = row.principal();
    Outcome outcome =
        new Outcome(
            row.requestId(),
            p.department(),
            p.service(),
            p.useCase(),
            kind,
            minutesSaved,
            note,
            clock.instant(),
            key.id());
    outcomes.record(outcome);
    return RequestBodies.bytes(describe(outcome));
  }

  /** The outcome stored for a request; blocks (database). */
  byte[] find(Function<String, @Nullable String> headers, String requestId) {
    ApiKeyRecord key = authenticator.record(Authenticator.presentedKey(headers));
    ReviewHandler.ownRequest(ledger, key.principal(), requestId);
    Outcome outcome =
        outcomes
            .find(requestId)
            .orElseThrow(
                () ->
                    new StewardException(
                        ErrorCode.NOT_FOUND,
                        "request " + HttpFront.clip(requestId) + ": no outcome reported"));
    return RequestBodies.bytes(describe(outcome));
  }

  private static @Nullable Double minutesSaved(@Nullable JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    double minutes = v.isNumber() ? v.asDouble() : Double.NaN;
    if (!(minutes >= 0 && minutes <= MAX_MINUTES)) { // also rejects NaN: not a number
      throw StewardException.invalid(
          "minutes_saved",
          "minutes_saved: "
              + HttpFront.clip(v.toString())
              + " (expected: a number of minutes 0.."
              + (int) MAX_MINUTES
              + ", or none)");
    }
    return minutes;
  }

  private static @Nullable String note(@Nullable JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    String note = v.isTextual() ? v.asText() : "";
    if (note.isBlank() || note.codePointCount(0, note.length()) > MAX_NOTE) {
      // The note is private: the message never quotes it.
      throw StewardException.invalid(
          "note", "note: expected a string of 1.." + MAX_NOTE + " characters, or no note");
    }
    return note;
  }

  private static ObjectNode describe(Outcome o) {
    ObjectNode n = JSON.createObjectNode();
    n.put("object", "outcome");
    n.put("request_id", o.requestId());
    n.put("outcome", o.outcome().wire());
    Double minutes = o.minutesSaved();
    if (minutes == null) {
      n.putNull("minutes_saved");
    } else {
      n.put("minutes_saved", minutes.doubleValue());
    }
    if (o.note() != null) {
      n.put("note", o.note());
    }
    n.put("recorded_at", o.recordedAt().toString());
    n.put("recorded_by", o.keyId());
    return n;
  }
}
