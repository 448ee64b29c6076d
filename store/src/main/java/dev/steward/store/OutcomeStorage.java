package dev.steward.store;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where services record what became of an AI answer: accepted as it was, edited, or rejected, and
 * perhaps the minutes it saved. One outcome per exchange: a later report replaces the earlier one
 * (the latest wins). Outcomes are the service's feedback for benefits reports; they are not
 * committed to the transparency log. Safe for concurrent use, and by several processes sharing one
 * store.
 */
public interface OutcomeStorage {

  /** Stores {@code outcome}, replacing any outcome already stored for its request. */
  void record(Outcome outcome);

  /** The outcome stored for an exchange, if any. */
  Optional<Outcome> find(String requestId);

  /**
   * The outcomes recorded in {@code [from, to)}, oldest first (ties by request id).
   *
   * @throws IllegalArgumentException if {@code from} is after {@code to}
   */
  List<Outcome> since(Instant from, Instant to);

  /** What became of an answer. */
  enum Kind {
    /** Used as it was. */
    ACCEPTED,
    /** Used after a person changed it. */
    EDITED,
    /** Not used. */
    REJECTED;

    /**
     * The name on the wire and in the store: {@code accepted}, {@code edited}, {@code rejected}.
     */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named {@code wire}, if it names one (exactly, in lower case). */
    public static Optional<Kind> of(String wire) {
      Objects.requireNonNull(wire, "wire");
      for (Kind k : values()) {
        if (k.wire().equals(wire)) {
          return Optional.of(k);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * The outcome of an exchange's answer, as its service reported it. The time is kept to the
   * microsecond.
   *
   * @param requestId the exchange's request id
   * @param department the exchange's department (from the ledger)
   * @param service the exchange's service (from the ledger)
   * @param useCase the exchange's use case (from the ledger)
   * @param outcome what became of the answer
   * @param minutesSaved the minutes of work the answer saved, {@code 0..}{@value
   *     #MAX_MINUTES_SAVED}, when the service estimated it
   * @param note the service's note, at most {@value #MAX_NOTE_LENGTH} characters (code points);
   *     private: kept in the store only, never logged above DEBUG
   * @param recordedAt when it was reported
   * @param keyId the id of the API key that reported it
   */
  record Outcome(
      String requestId,
      String department,
      String service,
      String useCase,
      Kind outcome,
      @Nullable Double minutesSaved,
      @Nullable String note,
      Instant recordedAt,
      String keyId) {

    public static final int MAX_REQUEST_ID_LENGTH = 100;
    public static final double MAX_MINUTES_SAVED = 1440;
    public static final int MAX_NOTE_LENGTH = 1000;

    public Outcome {
      Checks.text("requestId", requestId, MAX_REQUEST_ID_LENGTH);
      Checks.text("department", department, Principal.MAX_ID_LENGTH);
      Checks.text("service", service, Principal.MAX_ID_LENGTH);
      Checks.text("useCase", useCase, Principal.MAX_ID_LENGTH);
      Objects.requireNonNull(outcome, "outcome");
      if (minutesSaved != null
          && !(minutesSaved >= 0 && minutesSaved <= MAX_MINUTES_SAVED)) { // also rejects NaN
        throw new IllegalArgumentException(
            "minutesSaved: " + minutesSaved + " (expected: 0.." + (int) MAX_MINUTES_SAVED + ")");
      }
      if (minutesSaved != null) {
        minutesSaved = minutesSaved + 0.0; // -0.0 reads back as 0.0
      }
      if (note != null) {
        Checks.note("note", note, MAX_NOTE_LENGTH);
      }
      recordedAt = Checks.micros("recordedAt", recordedAt);
      Checks.text("keyId", keyId, ApiKeyRecord.MAX_ID_LENGTH);
    }
  }
}
