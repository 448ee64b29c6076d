package dev.steward.audit;

import dev.steward.tlog.Hash;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One record in Steward's transparency log. Version {@value #VERSION} of the format; the JSON form
 * is {@link AuditEntryCodec}'s, specified in {@code docs/spec/audit-entry.md}. Times are kept to
 * the microsecond, so an entry reads back equal to what was written.
 *
 * <p>Entries name who asked (department, service, use case, key id), what was decided and why (a
 * reason code), what answered (route, model, version), and how much (tokens) — never what was said:
 * prompts and responses appear only as salted SHA-256 {@link Commitment}s.
 */
public sealed interface AuditEntry
    permits AuditEntry.ExchangeRequest, AuditEntry.ExchangeCompletion, AuditEntry.KeyChange {

  /** The entry format version this code writes and reads. */
  int VERSION = 1;

  /** The longest name (department, model alias, route id, …) an entry holds. */
  int MAX_NAME_LENGTH = 200;

  /** The kind's wire name, e.g. {@code exchange-request}. */
  String kind();

  /** When the recorded event happened. */
  Instant time();

  /** Whether a request may go on. */
  enum Decision {
    /** The request may reach a model. */
    ALLOW("allow"),
    /** The request was refused before reaching any model. */
    REFUSE("refuse");

    private final String wire;

    Decision(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  /**
   * Who made a request: the principal of the API key that authenticated it.
   *
   * @param keyId the API key's public id (never the key)
   */
  record Caller(String department, String service, String useCase, String keyId) {
    public Caller {
      name("department", department);
      name("service", service);
      name("use_case", useCase);
      name("key_id", keyId);
    }
  }

  /**
   * A request, committed before any upstream call is made for it (decision {@code allow}), or
   * recorded when it was refused before reaching a model (decision {@code refuse}).
   *
   * @param requestId Steward's request id, as returned in {@code X-Steward-Request-Id}
   * @param api the inbound wire: {@code openai} or {@code anthropic}
   * @param endpoint {@code chat} or {@code embeddings}
   * @param model the model alias the caller asked for ({@code -} when the request named none)
   * @param classification the request's security classification, when one applies
   * @param reason {@code ok} when allowed, else the refusal's reason code ({@code
   *     docs/spec/reasons.md})
   * @param stream whether the caller asked for a stream
   * @param promptCommitment {@code SHA-256(salt ‖ request body)}, the body exactly as received
   */
  record ExchangeRequest(
      Instant time,
      String requestId,
      Caller caller,
      String api,
      String endpoint,
      String model,
      @Nullable String classification,
      Decision decision,
      String reason,
      boolean stream,
      Hash promptCommitment)
      implements AuditEntry {
    public static final String KIND = "exchange-request";

    public ExchangeRequest {
      time = micros(time);
      name("request_id", requestId);
      Objects.requireNonNull(caller, "caller");
      code("api", api);
      code("endpoint", endpoint);
      name("model", model);
      if (classification != null) {
        name("classification", classification);
      }
      Objects.requireNonNull(decision, "decision");
      code("reason", reason);
      if ((decision == Decision.ALLOW) != reason.equals(OK)) {
        throw new IllegalArgumentException(
            "reason: "
                + reason
                + " (expected: 'ok' exactly when the decision is allow, got "
                + decision.wire()
                + ")");
      }
      Objects.requireNonNull(promptCommitment, "promptCommitment");
    }

    @Override
    public String kind() {
      return KIND;
    }
  }

  /**
   * The route that answered an exchange.
   *
   * @param id the route id, {@code provider/model}
   * @param provider the provider's configured id
   * @param model the model id sent to the provider
   * @param version the model version the provider reported answering with, when it reported one
   */
  record Route(String id, String provider, String model, @Nullable String version) {
    public Route {
      name("route.id", id);
      name("route.provider", provider);
      name("route.model", model);
      if (version != null) {
        name("route.version", version);
      }
    }
  }

  /** Token counts as the provider reported them; all zero when none were reported. */
  record Tokens(long input, long output, long cachedInput) {
    public static final Tokens ZERO = new Tokens(0, 0, 0);

    public Tokens {
      if (input < 0 || output < 0 || cachedInput < 0) {
        throw new IllegalArgumentException(
            "tokens: "
                + input
                + "/"
                + output
                + "/"
                + cachedInput
                + " (expected: input, output and cached input all at least 0)");
      }
    }
  }

  /**
   * How an allowed exchange ended: recorded once its answer has been sent in full, has failed, or
   * its stream ended or broke.
   *
   * @param requestIndex the log index of the exchange's {@link ExchangeRequest}
   * @param outcome {@code ok}, or the reason code that ended it (e.g. {@code client.disconnected})
   * @param status the HTTP status returned to the caller
   * @param route the route that answered, if a route was reached
   * @param attempts upstream calls made
   * @param responseCommitment {@code SHA-256(salt ‖ response body)}, the body exactly as sent (for
   *     streams, every byte of the event stream that was written)
   */
  record ExchangeCompletion(
      Instant time,
      String requestId,
      long requestIndex,
      String outcome,
      int status,
      @Nullable Route route,
      Tokens tokens,
      int attempts,
      Hash responseCommitment)
      implements AuditEntry {
    public static final String KIND = "exchange-completion";

    public ExchangeCompletion {
      time = micros(time);
      name("request_id", requestId);
      if (requestIndex < 0) {
        throw new IllegalArgumentException(
            "request_index: " + requestIndex + " (expected: a log index, at least 0)");
      }
      code("outcome", outcome);
      if (status < 100 || status > 599) {
        throw new IllegalArgumentException("status: " + status + " (expected: 100..599)");
      }
      Objects.requireNonNull(tokens, "tokens");
      if (attempts < 0) {
        throw new IllegalArgumentException("attempts: " + attempts + " (expected: at least 0)");
      }
      Objects.requireNonNull(responseCommitment, "responseCommitment");
    }

    @Override
    public String kind() {
      return KIND;
    }
  }

  /** A change to an API key. */
  enum KeyAction {
    CREATED("created"),
    REVOKED("revoked");

    private final String wire;

    KeyAction(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  /**
   * An API key was created or revoked.
   *
   * @param caller the key's principal and id
   * @param via where the change was made: {@code cli} or {@code admin-api}
   */
  record KeyChange(Instant time, KeyAction action, Caller caller, String via)
      implements AuditEntry {
    public static final String KIND = "key-change";

    public KeyChange {
      time = micros(time);
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(caller, "caller");
      code("via", via);
    }

    @Override
    public String kind() {
      return KIND;
    }
  }

  /** The reason and outcome of an exchange that succeeded. */
  String OK = "ok";

  /** Printable ASCII without spaces or quotes: ids, aliases, model names. */
  Pattern NAME = Pattern.compile("[\\x21\\x23-\\x7e]+");

  /** Lower-case codes: {@code upstream.timeout}, {@code openai}, {@code admin-api}. */
  Pattern CODE = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");

  private static Instant micros(Instant time) {
    return Objects.requireNonNull(time, "time").truncatedTo(ChronoUnit.MICROS);
  }

  private static void name(String field, String value) {
    Objects.requireNonNull(value, field);
    if (value.length() > MAX_NAME_LENGTH || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field
              + ": '"
              + (value.length() > 40 ? value.substring(0, 40) + "…" : value)
              + "' (expected: 1.."
              + MAX_NAME_LENGTH
              + " printable ASCII characters without spaces or quotes)");
    }
  }

  private static void code(String field, String value) {
    Objects.requireNonNull(value, field);
    if (!CODE.matcher(value).matches()) {
      throw new IllegalArgumentException(
          field
              + ": '"
              + (value.length() > 40 ? value.substring(0, 40) + "…" : value)
              + "' (expected: a lower-case code such as upstream.timeout)");
    }
  }
}
