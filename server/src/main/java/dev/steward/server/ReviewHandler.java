package dev.steward.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.audit.AuditEntry;
import dev.steward.audit.AuditEntryCodec;
import dev.steward.config.StewardConfig;
import dev.steward.config.UseCaseConfig;
import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import dev.steward.store.ApiKeyRecord;
import dev.steward.store.LedgerRow;
import dev.steward.store.Principal;
import dev.steward.store.ReviewStorage;
import dev.steward.store.ReviewStorage.ReviewRecord;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Human review of draft answers. A use case with {@code human-review: required} gets every answer
 * marked as a draft ({@code X-Steward-Review}); a person in the service reviews it and the
 * service's own UI records the outcome here:
 *
 * <ul>
 *   <li>{@code POST /v1/steward/reviews} with {@code {"request_id", "reviewer", "outcome":
 *       "approved" | "amended" | "rejected", "note"?}} records the review and commits a {@code
 *       review} entry to the transparency log (reviewer id, outcome and time; never the note);
 *   <li>{@code GET /v1/steward/reviews/{request_id}} lists a request's reviews, oldest first.
 * </ul>
 *
 * A key may review only requests of its own service; requests of other services are "not found".
 */
final class ReviewHandler {
  static final String PATH = "/v1/steward/reviews";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_NOTE = ReviewRecord.MAX_NOTE_LENGTH;

  private final Authenticator authenticator;
  private final StewardConfig config;
  private final LedgerLookup ledger;
  private final ReviewStorage reviews;
  private final InstantSource clock;
  private final boolean audited;
  private final Runnable changed;

  /**
   * @param audited whether reviews are committed to the transparency log
   * @param changed called after a review is recorded, to move its entry into the log
   */
  ReviewHandler(
      Authenticator authenticator,
      StewardConfig config,
      LedgerLookup ledger,
      ReviewStorage reviews,
      InstantSource clock,
      boolean audited,
      Runnable changed) {
    this.authenticator = authenticator;
    this.config = config;
    this.ledger = ledger;
    this.reviews = reviews;
    this.clock = clock;
    this.audited = audited;
    this.changed = changed;
  }

  /** Records a review; blocks (database). */
  byte[] record(Function<String, @Nullable String> headers, byte[] requestBody) {
    ApiKeyRecord key = authenticator.record(Authenticator.presentedKey(headers));
    JsonNode body = RequestBodies.object(requestBody);
    String requestId = RequestBodies.text(body, "request_id");
    String reviewer = RequestBodies.text(body, "reviewer");
    if (reviewer.length() > AuditEntry.MAX_NAME_LENGTH || !AuditEntry.isName(reviewer)) {
      throw StewardException.invalid(
          "reviewer",
          "reviewer: expected the reviewer's id in your service (1.."
              + AuditEntry.MAX_NAME_LENGTH
              + " printable ASCII characters without spaces; an id, not a name: it is published in"
              + " the transparency log)");
    }
    String outcome = RequestBodies.text(body, "outcome");
    if (!AuditEntry.Review.OUTCOMES.contains(outcome)) {
      throw StewardException.invalid(
          "outcome",
          "outcome: '" + HttpFront.clip(outcome) + "' (expected: approved, amended or rejected)");
    }
    JsonNode noteNode = body.get("note");
    String note = noteNode == null || noteNode.isNull() ? null : noteNode.asText();
    if (note != null && (note.isBlank() || note.length() > MAX_NOTE)) {
      throw StewardException.invalid(
          "note", "note: expected 1.." + MAX_NOTE + " characters, or no note");
    }
    LedgerRow row = ownRequest(ledger, key.principal(), requestId);
    UseCaseConfig useCase =
        config
            .useCase(
                row.principal().department(), row.principal().service(), row.principal().useCase())
            .orElse(null);
    if (useCase == null || !useCase.humanReview()) {
      throw new StewardException(
          ErrorCode.CONFLICT,
          "request "
              + requestId
              + ": its use case does not require human review (human-review: required)");
    }
    Instant now = clock.instant();
    ReviewRecord review = new ReviewRecord(requestId, reviewer, outcome, note, key.id(), now);
    byte[] entry =
        audited
            ? AuditEntryCodec.encode(
                new AuditEntry.Review(
                    now,
                    requestId,
                    row.audit() == null ? -1 : row.audit().requestIndex(),
                    AuditTrail.caller(key.principal(), key.id()),
                    reviewer,
                    outcome))
            : null;
    reviews.record(review, entry);
    changed.run();
    ObjectNode out = describe(review);
    out.put("reviews", reviews.forRequest(requestId).size());
    return RequestBodies.bytes(out);
  }

  /** A request's reviews, oldest first; blocks (database). */
  byte[] list(Function<String, @Nullable String> headers, String requestId) {
    ApiKeyRecord key = authenticator.record(Authenticator.presentedKey(headers));
    ownRequest(ledger, key.principal(), requestId);
    List<ReviewRecord> found = reviews.forRequest(requestId);
    ArrayNode data = JSON.createArrayNode();
    found.forEach(r -> data.add(describe(r)));
    ObjectNode out = JSON.createObjectNode();
    out.put("object", "list");
    out.put("request_id", requestId);
    out.set("data", data);
    return RequestBodies.bytes(out);
  }

  /**
   * The request's ledger row, if it was made by a key of the caller's service; else 404, the same
   * for a request of another service as for none, so no service learns another's request ids.
   */
  static LedgerRow ownRequest(LedgerLookup ledger, Principal caller, String requestId) {
    LedgerRow row = ledger.find(requestId).orElse(null);
    if (row == null
        || !row.principal().department().equals(caller.department())
        || !row.principal().service().equals(caller.service())) {
      throw new StewardException(
          ErrorCode.NOT_FOUND,
          "request " + HttpFront.clip(requestId) + ": not found among your service's requests");
    }
    return row;
  }

  private static ObjectNode describe(ReviewRecord r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("object", "review");
    n.put("request_id", r.requestId());
    n.put("reviewer", r.reviewer());
    n.put("outcome", r.outcome());
    if (r.note() != null) {
      n.put("note", r.note());
    }
    n.put("key_id", r.keyId());
    n.put("reviewed_at", r.reviewedAt().toString());
    return n;
  }
}
