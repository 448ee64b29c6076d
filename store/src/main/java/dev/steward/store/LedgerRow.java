package dev.steward.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One authenticated exchange, as the ledger records it. Timestamps are kept to the microsecond and
 * the cost to {@value Checks#MONEY_SCALE} decimal places, so a row reads back equal to what was
 * appended.
 *
 * @param requestId Steward's request id (unique)
 * @param at when the request arrived
 * @param principal whose key made the request
 * @param api the inbound wire: {@code openai} or {@code anthropic}
 * @param endpoint {@code chat} or {@code embeddings}
 * @param modelAlias the model the caller asked for
 * @param routeId the route that answered, if any was tried
 * @param upstreamModel the provider's model id that answered, if any
 * @param outcome {@code ok}, or the error's reason code (e.g. {@code upstream.timeout})
 * @param httpStatus the status returned to the caller
 * @param inputTokens prompt tokens billed
 * @param outputTokens completion tokens billed
 * @param cachedInputTokens input tokens served from the provider's prompt cache
 * @param costGbp what the exchange cost, in pounds sterling
 * @param latencyMicros from arrival to the last byte sent
 * @param firstTokenMicros from arrival to the first streamed token, for streams that produced one
 * @param stream whether the caller asked for a stream
 * @param attempts upstream calls made (0 when refused before any call)
 * @param audit where the exchange is in the transparency log, or {@code null} for an exchange not
 *     logged
 * @param keyId the public id of the API key that made the request, or {@code null} for rows written
 *     before the ledger kept it
 * @param poolMicros the exchange's share of its self-hosted capacity pool's busy time, in
 *     microseconds (while {@code k} exchanges run in the pool, each is charged {@code 1/k} of the
 *     wall time); {@code null} when the exchange ran on no pool, or before the ledger kept it
 * @param redactions what the guards did to the exchange, by action and reason, never the content:
 *     {@code action:REASON=count} entries joined by {@code ,} in order, e.g. {@code
 *     mask:EMAIL_ADDRESS=2,strip:INJECTION=1}; the answer's entries are prefixed {@code output.}
 *     ({@code output.redact:UK_NINO=1}); empty when they did nothing (docs/spec/benefits.md)
 */
public record LedgerRow(
    String requestId,
    Instant at,
    Principal principal,
    String api,
    String endpoint,
    String modelAlias,
    @Nullable String routeId,
    @Nullable String upstreamModel,
    String outcome,
    int httpStatus,
    long inputTokens,
    long outputTokens,
    long cachedInputTokens,
    BigDecimal costGbp,
    long latencyMicros,
    @Nullable Long firstTokenMicros,
    boolean stream,
    int attempts,
    @Nullable Audit audit,
    @Nullable String keyId,
    @Nullable Long poolMicros,
    String redactions) {

  /** The outcome of an exchange that succeeded. */
  public static final String OK = "ok";

  static final Set<String> APIS = Set.of("openai", "anthropic");
  static final Set<String> ENDPOINTS = Set.of("chat", "embeddings");
  static final int MAX_REQUEST_ID_LENGTH = 100;
  static final int MAX_NAME_LENGTH = 200;
  static final int MAX_OUTCOME_LENGTH = 64;

  /** The longest {@link #redactions} text. */
  public static final int MAX_REDACTIONS_LENGTH = 2000;

  private static final String REDACTION = "[a-z]+(?:\\.[a-z]+)?:[A-Z][A-Z0-9_]*=[1-9][0-9]{0,9}";
  private static final Pattern REDACTIONS = Pattern.compile(REDACTION + "(?:," + REDACTION + ")*");

  public LedgerRow {
    Checks.text("requestId", requestId, MAX_REQUEST_ID_LENGTH);
    at = Checks.micros("at", at);
    Objects.requireNonNull(principal, "principal");
    oneOf("api", api, "openai|anthropic", APIS);
    oneOf("endpoint", endpoint, "chat|embeddings", ENDPOINTS);
    Checks.text("modelAlias", modelAlias, MAX_NAME_LENGTH);
    Checks.optionalText("routeId", routeId, MAX_NAME_LENGTH);
    Checks.optionalText("upstreamModel", upstreamModel, MAX_NAME_LENGTH);
    Checks.text("outcome", outcome, MAX_OUTCOME_LENGTH);
    if (httpStatus < 100 || httpStatus > 599) {
      throw new IllegalArgumentException("httpStatus: " + httpStatus + " (expected: 100..599)");
    }
    Checks.nonNegative("inputTokens", inputTokens);
    Checks.nonNegative("outputTokens", outputTokens);
    Checks.nonNegative("cachedInputTokens", cachedInputTokens);
    costGbp = Checks.money("costGbp", costGbp);
    Checks.nonNegative("latencyMicros", latencyMicros);
    if (firstTokenMicros != null) {
      Checks.nonNegative("firstTokenMicros", firstTokenMicros);
    }
    Checks.nonNegative("attempts", attempts);
    Checks.optionalText("keyId", keyId, ApiKeyRecord.MAX_ID_LENGTH);
    if (poolMicros != null) {
      Checks.nonNegative("poolMicros", poolMicros);
    }
    Objects.requireNonNull(redactions, "redactions");
    if (redactions.length() > MAX_REDACTIONS_LENGTH
        || !(redactions.isEmpty() || REDACTIONS.matcher(redactions).matches())) {
      throw new IllegalArgumentException(
          "redactions: \""
              + (redactions.length() > 80 ? redactions.substring(0, 80) + "…" : redactions)
              + "\" (expected: up to "
              + MAX_REDACTIONS_LENGTH
              + " characters of action:REASON=count entries joined by ',')");
    }
  }

  /** A row without pool time or redactions (as rows written before the ledger kept them). */
  public LedgerRow(
      String requestId,
      Instant at,
      Principal principal,
      String api,
      String endpoint,
      String modelAlias,
      @Nullable String routeId,
      @Nullable String upstreamModel,
      String outcome,
      int httpStatus,
      long inputTokens,
      long outputTokens,
      long cachedInputTokens,
      BigDecimal costGbp,
      long latencyMicros,
      @Nullable Long firstTokenMicros,
      boolean stream,
      int attempts,
      @Nullable Audit audit,
      @Nullable String keyId) {
    this(
        requestId,
        at,
        principal,
        api,
        endpoint,
        modelAlias,
        routeId,
        upstreamModel,
        outcome,
        httpStatus,
        inputTokens,
        outputTokens,
        cachedInputTokens,
        costGbp,
        latencyMicros,
        firstTokenMicros,
        stream,
        attempts,
        audit,
        keyId,
        null,
        "");
  }

  /** This row with {@code audit} as its audit reference ({@code null} for none). */
  public LedgerRow withAudit(@Nullable Audit audit) {
    return new LedgerRow(
        requestId,
        at,
        principal,
        api,
        endpoint,
        modelAlias,
        routeId,
        upstreamModel,
        outcome,
        httpStatus,
        inputTokens,
        outputTokens,
        cachedInputTokens,
        costGbp,
        latencyMicros,
        firstTokenMicros,
        stream,
        attempts,
        audit,
        keyId,
        poolMicros,
        redactions);
  }

  /** This row with its pool time and redactions. */
  public LedgerRow withPoolAndRedactions(@Nullable Long poolMicros, String redactions) {
    return new LedgerRow(
        requestId,
        at,
        principal,
        api,
        endpoint,
        modelAlias,
        routeId,
        upstreamModel,
        outcome,
        httpStatus,
        inputTokens,
        outputTokens,
        cachedInputTokens,
        costGbp,
        latencyMicros,
        firstTokenMicros,
        stream,
        attempts,
        audit,
        keyId,
        poolMicros,
        redactions);
  }

  /**
   * Where an exchange is in the transparency log, and the salt of its commitments: what someone
   * holding the row needs to find its log entries and check them against the exchange.
   *
   * @param requestIndex the log index of the exchange's request entry
   * @param completionIndex the log index of its completion entry, or {@code null} when none was
   *     logged (an exchange refused before reaching a model)
   * @param salt the salt of the entries' commitments: 32 random bytes in canonical padded base64
   *     (44 characters)
   */
  public record Audit(long requestIndex, @Nullable Long completionIndex, String salt) {
    /** The salt's length in bytes. */
    public static final int SALT_BYTES = 32;

    /** The salt's length in base64 characters. */
    public static final int SALT_LENGTH = 44;

    public Audit {
      Checks.nonNegative("requestIndex", requestIndex);
      if (completionIndex != null) {
        Checks.nonNegative("completionIndex", completionIndex);
      }
      Objects.requireNonNull(salt, "salt");
      if (!isCanonicalSalt(salt)) {
        // The salt guards the commitments: say what is wrong with it without printing it.
        throw new IllegalArgumentException(
            "salt: "
                + salt.length()
                + " characters, not a salt (expected: canonical base64 of "
                + SALT_BYTES
                + " bytes, "
                + SALT_LENGTH
                + " characters)");
      }
    }

    private static boolean isCanonicalSalt(String salt) {
      if (salt.length() != SALT_LENGTH) {
        return false;
      }
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(salt);
      } catch (IllegalArgumentException e) {
        return false;
      }
      // The decoder ignores the two bits the last character carries beyond the 32 bytes; only
      // the spelling that re-encodes identically is canonical.
      return bytes.length == SALT_BYTES && Base64.getEncoder().encodeToString(bytes).equals(salt);
    }
  }

  private static void oneOf(String name, String value, String expected, Set<String> allowed) {
    Objects.requireNonNull(value, name);
    if (!allowed.contains(value)) {
      throw new IllegalArgumentException(name + ": \"" + value + "\" (expected: " + expected + ")");
    }
  }
}
