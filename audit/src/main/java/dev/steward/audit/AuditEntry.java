package dev.steward.audit;

import dev.steward.tlog.Hash;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
    permits AuditEntry.ExchangeRequest,
        AuditEntry.ExchangeCompletion,
        AuditEntry.KeyChange,
        AuditEntry.PolicyChange,
        AuditEntry.KillSwitchChange,
        AuditEntry.Review,
        AuditEntry.EvalResult,
        AuditEntry.ApprovalChange {

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
   * @param guards what the request's guards found and did, when guards ran on it
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
      Hash promptCommitment,
      @Nullable Guards guards)
      implements AuditEntry {
    public static final String KIND = "exchange-request";

    /** A request on which no guard ran. */
    public ExchangeRequest(
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
        Hash promptCommitment) {
      this(
          time,
          requestId,
          caller,
          api,
          endpoint,
          model,
          classification,
          decision,
          reason,
          stream,
          promptCommitment,
          null);
    }

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
   * What a request's guards found and did: counts and actions only, never the text found.
   *
   * @param personalData one finding per personal-data type and action, sorted by type then action
   *     (the constructor sorts them); empty when the personal-data guard found nothing
   * @param injection the prompt-injection guard's verdict, when it ran
   */
  record Guards(List<GuardFinding> personalData, @Nullable InjectionResult injection) {
    /** The most findings one request's guards record. */
    public static final int MAX_FINDINGS = 64;

    private static final Comparator<GuardFinding> ORDER =
        Comparator.comparing(GuardFinding::type).thenComparing(GuardFinding::action);

    public Guards {
      Objects.requireNonNull(personalData, "personalData");
      if (personalData.size() > MAX_FINDINGS) {
        throw new IllegalArgumentException(
            "personal_data: "
                + personalData.size()
                + " findings (expected: at most "
                + MAX_FINDINGS
                + ")");
      }
      List<GuardFinding> sorted = new ArrayList<>(List.copyOf(personalData));
      sorted.sort(ORDER);
      for (int i = 1; i < sorted.size(); i++) {
        if (ORDER.compare(sorted.get(i - 1), sorted.get(i)) == 0) {
          throw new IllegalArgumentException(
              "personal_data: "
                  + sorted.get(i).type()
                  + "/"
                  + sorted.get(i).action()
                  + " twice (expected: one finding per type and action)");
        }
      }
      personalData = List.copyOf(sorted);
    }

    /** Whether {@code findings} are in the order {@link Guards} keeps them. */
    static boolean inOrder(List<GuardFinding> findings) {
      for (int i = 1; i < findings.size(); i++) {
        if (ORDER.compare(findings.get(i - 1), findings.get(i)) > 0) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * Personal data of one type that a guard found in a request, and what it did with it.
   *
   * @param type the personal-data type, e.g. {@code UK_NINO}
   * @param action {@code allow}, {@code mask}, {@code redact}, {@code block} or {@code
   *     pseudonymise}
   * @param count how many were found, at least 1
   */
  record GuardFinding(String type, String action, int count) {
    /** The actions a personal-data guard takes. */
    public static final Set<String> ACTIONS =
        Set.of("allow", "mask", "redact", "block", "pseudonymise");

    public GuardFinding {
      name("personal_data.type", type);
      oneOf("personal_data.action", action, ACTIONS);
      if (count < 1) {
        throw new IllegalArgumentException(
            "personal_data.count: " + count + " (expected: at least 1)");
      }
    }
  }

  /**
   * The prompt-injection guard's verdict on a request.
   *
   * @param score the guard's score, 0..1, kept to three decimals (the constructor rounds it half to
   *     even)
   * @param flagged whether the score reached the guard's threshold
   * @param action what the guard did: {@code flag}, {@code block}, {@code strip} or {@code none}
   */
  record InjectionResult(double score, boolean flagged, String action) {
    /** The actions a prompt-injection guard takes. */
    public static final Set<String> ACTIONS = Set.of("flag", "block", "strip", "none");

    public InjectionResult {
      if (!(score >= 0 && score <= 1)) {
        throw new IllegalArgumentException(
            "injection.score: " + score + " (expected: a number in 0..1)");
      }
      score =
          java.math.BigDecimal.valueOf(score)
              .setScale(3, java.math.RoundingMode.HALF_EVEN)
              .doubleValue();
      oneOf("injection.action", action, ACTIONS);
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

  /**
   * A policy was adopted: the first one, or one whose contents differ from the policy in force.
   *
   * @param version the policy's version as its authors named it, e.g. {@code 2026-11-27.1}, or
   *     {@code unversioned}
   * @param policyHash the SHA-256 of the adopted policy
   * @param previousHash the SHA-256 of the policy it replaces; {@code null} for the first
   * @param via where it was adopted: {@code serve} (a gateway node starting or reloading) or {@code
   *     cli}
   */
  record PolicyChange(
      Instant time, String version, Hash policyHash, @Nullable Hash previousHash, String via)
      implements AuditEntry {
    public static final String KIND = "policy-change";

    public PolicyChange {
      time = micros(time);
      name("version", version);
      Objects.requireNonNull(policyHash, "policyHash");
      if (policyHash.equals(previousHash)) {
        throw new IllegalArgumentException(
            "previous_hash: "
                + policyHash.hex()
                + " (expected: a hash other than policy_hash: adopting the policy in force is no"
                + " change)");
      }
      code("via", via);
    }

    @Override
    public String kind() {
      return KIND;
    }
  }

  /** A change to a kill switch. */
  enum KillSwitchAction {
    ENGAGED("engaged"),
    LIFTED("lifted");

    private final String wire;

    KillSwitchAction(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  /**
   * A kill switch was engaged (traffic to its target stops) or lifted.
   *
   * @param switchId the switch's id; the engagement and the lifting of one switch share it
   * @param scope {@code provider}, {@code model} or {@code use-case}
   * @param target a provider id, a model alias, or {@code department/service/use-case}
   * @param note the incident note, public: 1..{@value AuditEntry#MAX_NOTE_LENGTH} characters (code
   *     points), not blank, printable, the only white space U+0020: no line breaks, tabs, control
   *     or format characters (bidirectional overrides, zero-width characters), other spaces,
   *     private-use code points or unpaired surrogates
   * @param actor who made the change: an admin key's id, or {@code cli}
   * @param via where the change was made, e.g. {@code admin-api} or {@code cli}
   */
  record KillSwitchChange(
      Instant time,
      KillSwitchAction action,
      String switchId,
      String scope,
      String target,
      String note,
      String actor,
      String via)
      implements AuditEntry {
    public static final String KIND = "kill-switch";

    /** The scopes a kill switch can have. */
    public static final Set<String> SCOPES = Set.of("provider", "model", "use-case");

    public KillSwitchChange {
      time = micros(time);
      Objects.requireNonNull(action, "action");
      name("switch_id", switchId);
      oneOf("scope", scope, SCOPES);
      name("target", target);
      if (scope.equals("use-case") && target.split("/", -1).length != 3) {
        throw new IllegalArgumentException(
            "target: '"
                + shorten(target)
                + "' (expected: department/service/use-case for scope use-case)");
      }
      freeText("note", note);
      name("actor", actor);
      code("via", via);
    }

    @Override
    public String kind() {
      return KIND;
    }
  }

  /**
   * A person reviewed a draft answer.
   *
   * @param requestId the reviewed exchange's request id
   * @param requestIndex the log index of the exchange's {@link ExchangeRequest}, or {@code -1} when
   *     it is not known
   * @param caller the principal and id of the API key that recorded the review
   * @param reviewer the reviewer's id (an identifier, never a person's name in free text)
   * @param outcome {@code approved}, {@code amended} or {@code rejected}
   */
  record Review(
      Instant time,
      String requestId,
      long requestIndex,
      Caller caller,
      String reviewer,
      String outcome)
      implements AuditEntry {
    public static final String KIND = "review";

    /** The outcomes of a review. */
    public static final Set<String> OUTCOMES = Set.of("approved", "amended", "rejected");

    public Review {
      time = micros(time);
      name("request_id", requestId);
      if (requestIndex < -1) {
        throw new IllegalArgumentException(
            "request_index: " + requestIndex + " (expected: a log index, or -1 when unknown)");
      }
      Objects.requireNonNull(caller, "caller");
      name("reviewer", reviewer);
      oneOf("outcome", outcome, OUTCOMES);
    }

    @Override
    public String kind() {
      return KIND;
    }
  }

  /**
   * An eval run finished complete: its headline metrics, the evidence approvals rest on. The run's
   * samples and full summary stay in the store; only the figures below are public.
   *
   * @param runId the run's id
   * @param suite the eval suite's name
   * @param suiteVersion the suite's version
   * @param provider the provider's configured id
   * @param model the model id sent to the provider
   * @param modelVersion the model version evaluated
   * @param source who ran it: {@code steward} (Steward's own runner) or {@code inspect} (an
   *     imported Inspect log)
   * @param samples the samples run (samples × epochs), at least 0
   * @param errors the samples among {@code samples} that ended in an error
   * @param metrics one per scorer and metric name, sorted by scorer then name (the constructor
   *     sorts them); at most {@value #MAX_METRICS}
   */
  record EvalResult(
      Instant time,
      String runId,
      String suite,
      String suiteVersion,
      String provider,
      String model,
      String modelVersion,
      String source,
      int samples,
      int errors,
      List<EvalMetric> metrics)
      implements AuditEntry {
    public static final String KIND = "eval-result";

    /** The most metrics one eval result records. */
    public static final int MAX_METRICS = 128;

    /** Who may have run an eval. */
    public static final Set<String> SOURCES = Set.of("steward", "inspect");

    private static final Comparator<EvalMetric> ORDER =
        Comparator.comparing(EvalMetric::scorer).thenComparing(EvalMetric::name);

    public EvalResult {
      time = micros(time);
      name("run_id", runId);
      name("suite", suite);
      name("suite_version", suiteVersion);
      name("provider", provider);
      name("model", model);
      name("model_version", modelVersion);
      oneOf("source", source, SOURCES);
      if (samples < 0) {
        throw new IllegalArgumentException("samples: " + samples + " (expected: at least 0)");
      }
      if (errors < 0 || errors > samples) {
        throw new IllegalArgumentException(
            "errors: " + errors + " (expected: 0.." + samples + ", at most the samples)");
      }
      Objects.requireNonNull(metrics, "metrics");
      if (metrics.size() > MAX_METRICS) {
        throw new IllegalArgumentException(
            "metrics: " + metrics.size() + " metrics (expected: at most " + MAX_METRICS + ")");
      }
      List<EvalMetric> sorted = new ArrayList<>(List.copyOf(metrics));
      sorted.sort(ORDER);
      for (int i = 1; i < sorted.size(); i++) {
        if (ORDER.compare(sorted.get(i - 1), sorted.get(i)) == 0) {
          throw new IllegalArgumentException(
              "metrics: "
                  + sorted.get(i).scorer()
                  + "/"
                  + sorted.get(i).name()
                  + " twice (expected: one metric per scorer and name)");
        }
      }
      metrics = List.copyOf(sorted);
    }

    @Override
    public String kind() {
      return KIND;
    }

    /** Whether {@code metrics} are in the order {@link EvalResult} keeps them. */
    static boolean inOrder(List<EvalMetric> metrics) {
      for (int i = 1; i < metrics.size(); i++) {
        if (ORDER.compare(metrics.get(i - 1), metrics.get(i)) > 0) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * One metric of an eval result, e.g. scorer {@code model_graded_qa}, metric {@code accuracy}.
   * Numbers are kept to {@value #DECIMALS} decimals (the constructor rounds them half to even).
   *
   * @param scorer the scorer's name: 1..{@value #MAX_METRIC_NAME_LENGTH} printable ASCII characters
   *     without spaces or quotes
   * @param name the metric's name, likewise
   * @param value its value: a finite number with magnitude below {@code 1e9}
   * @param stderr its standard error, when known: finite, 0 or more, below {@code 1e9}
   * @param count the samples it was computed over, at least 0
   */
  record EvalMetric(String scorer, String name, double value, @Nullable Double stderr, int count) {
    /** The longest scorer or metric name. */
    public static final int MAX_METRIC_NAME_LENGTH = 64;

    /** Decimals kept of a value and a standard error. */
    public static final int DECIMALS = 6;

    /** The bound (excluded) on a value's magnitude, so six decimals are always exact. */
    public static final double MAX_MAGNITUDE = 1e9;

    public EvalMetric {
      AuditEntry.name("metrics.scorer", scorer, MAX_METRIC_NAME_LENGTH);
      AuditEntry.name("metrics.name", name, MAX_METRIC_NAME_LENGTH);
      value = decimal("metrics.value", value);
      if (stderr != null) {
        if (!(stderr >= 0)) {
          throw new IllegalArgumentException(
              "metrics.stderr: " + stderr + " (expected: a finite number, at least 0)");
        }
        stderr = decimal("metrics.stderr", stderr);
      }
      if (count < 0) {
        throw new IllegalArgumentException("metrics.count: " + count + " (expected: at least 0)");
      }
    }

    /** {@code value} rounded half to even to {@value #DECIMALS} decimals ({@code -0} becomes 0). */
    private static double decimal(String field, double value) {
      if (!(Math.abs(value) < MAX_MAGNITUDE)) {
        throw new IllegalArgumentException(
            field + ": " + value + " (expected: a finite number, magnitude below 1e9)");
      }
      return java.math.BigDecimal.valueOf(value)
          .setScale(DECIMALS, java.math.RoundingMode.HALF_EVEN)
          .doubleValue();
    }
  }

  /** A change to a model approval. */
  enum ApprovalAction {
    GRANTED("granted"),
    REVOKED("revoked");

    private final String wire;

    ApprovalAction(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }
  }

  /**
   * A model approval was granted (a use case may call one version of a model until it expires) or
   * revoked.
   *
   * @param approvalId the approval's id; the grant and the revocation of one approval share it
   * @param useCase {@code department/service/use-case}: three names separated by {@code /} (written
   *     as the fields {@code department}, {@code service} and {@code use_case})
   * @param provider the provider's configured id
   * @param model the model id
   * @param modelVersion the model version approved
   * @param expiresAt when the approval lapses: required for a grant, and after {@code time};
   *     optional for a revocation
   * @param runIds the eval runs the approval rests on, in the order given: at most {@value
   *     #MAX_RUN_IDS}, no repeats, may be empty
   * @param actor who made the change: an admin key's id, or {@code cli}
   * @param note why, public: checked like a kill switch's note ({@link AuditEntry#checkNote})
   */
  record ApprovalChange(
      Instant time,
      ApprovalAction action,
      String approvalId,
      String useCase,
      String provider,
      String model,
      String modelVersion,
      @Nullable Instant expiresAt,
      List<String> runIds,
      String actor,
      String note)
      implements AuditEntry {
    public static final String KIND = "approval-change";

    /** The most eval runs one approval names. */
    public static final int MAX_RUN_IDS = 64;

    public ApprovalChange {
      time = micros(time);
      Objects.requireNonNull(action, "action");
      name("approval_id", approvalId);
      checkUseCase(useCase);
      name("provider", provider);
      name("model", model);
      name("model_version", modelVersion);
      if (expiresAt != null) {
        expiresAt = expiresAt.truncatedTo(ChronoUnit.MICROS);
      }
      if (action == ApprovalAction.GRANTED && (expiresAt == null || !expiresAt.isAfter(time))) {
        throw new IllegalArgumentException(
            "expires_at: "
                + expiresAt
                + " (expected: a time after the grant's time "
                + time
                + " for a granted approval)");
      }
      Objects.requireNonNull(runIds, "runIds");
      if (runIds.size() > MAX_RUN_IDS) {
        throw new IllegalArgumentException(
            "run_ids: " + runIds.size() + " runs (expected: at most " + MAX_RUN_IDS + ")");
      }
      runIds = List.copyOf(runIds);
      Set<String> seen = new java.util.HashSet<>();
      for (String runId : runIds) {
        name("run_ids", runId);
        if (!seen.add(runId)) {
          throw new IllegalArgumentException(
              "run_ids: '" + shorten(runId) + "' twice (expected: each run once)");
        }
      }
      name("actor", actor);
      freeText("note", note);
    }

    @Override
    public String kind() {
      return KIND;
    }

    private static void checkUseCase(String useCase) {
      Objects.requireNonNull(useCase, "useCase");
      String[] parts = useCase.split("/", -1);
      if (parts.length != 3) {
        throw new IllegalArgumentException(
            "use_case: '" + shorten(useCase) + "' (expected: department/service/use-case)");
      }
      name("department", parts[0]);
      name("service", parts[1]);
      name("use_case", parts[2]);
    }
  }

  /** The longest note (in code points) a kill-switch or approval-change entry holds. */
  int MAX_NOTE_LENGTH = 1000;

  /**
   * Checks a note as a kill-switch or approval-change entry will, so a change can be refused before
   * it is stored.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  static void checkNote(String note) {
    freeText("note", note);
  }

  /** The reason and outcome of an exchange that succeeded. */
  String OK = "ok";

  /** Printable ASCII without spaces or quotes: ids, aliases, model names. */
  Pattern NAME = Pattern.compile("[\\x21\\x23-\\x7e]+");

  /** Lower-case codes: {@code upstream.timeout}, {@code openai}, {@code admin-api}. */
  Pattern CODE = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");

  /**
   * Whether {@code value} matches {@link #NAME}: checked per character, since entries are built on
   * the request path and a regular expression's matcher is an allocation per field.
   */
  static boolean isName(String value) {
    if (value.isEmpty()) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x21 || c == 0x22 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code value} matches {@link #CODE}, checked per character like {@link #isName}. */
  static boolean isCode(String value) {
    if (value.isEmpty() || value.length() > 64) {
      return false;
    }
    char first = value.charAt(0);
    if (first < 'a' || first > 'z') {
      return false;
    }
    for (int i = 1; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static Instant micros(Instant time) {
    return Objects.requireNonNull(time, "time").truncatedTo(ChronoUnit.MICROS);
  }

  private static void name(String field, String value) {
    name(field, value, MAX_NAME_LENGTH);
  }

  private static void name(String field, String value, int max) {
    Objects.requireNonNull(value, field);
    if (value.length() > max || !isName(value)) {
      throw new IllegalArgumentException(
          field
              + ": '"
              + (value.length() > 40 ? value.substring(0, 40) + "…" : value)
              + "' (expected: 1.."
              + max
              + " printable ASCII characters without spaces or quotes)");
    }
  }

  private static void oneOf(String field, String value, Set<String> allowed) {
    Objects.requireNonNull(value, field);
    if (!allowed.contains(value)) {
      throw new IllegalArgumentException(
          field
              + ": '"
              + shorten(value)
              + "' (expected: one of "
              + allowed.stream().sorted().toList()
              + ")");
    }
  }

  /**
   * Checks free text for a public entry: 1..{@value #MAX_NOTE_LENGTH} code points, not blank, each
   * a printable character or the space U+0020. Refused: control and format characters (line breaks,
   * tabs, bidirectional overrides, zero-width characters), other spaces and separators, private-use
   * code points and unpaired surrogates, so the text reads the same to everyone and has one
   * spelling. Code points unassigned in this JDK's Unicode are accepted, so an entry written with a
   * newer Unicode reads back under an older one.
   */
  private static void freeText(String field, String value) {
    Objects.requireNonNull(value, field);
    int length = value.codePointCount(0, value.length());
    if (length > MAX_NOTE_LENGTH || value.isBlank()) {
      throw new IllegalArgumentException(
          field
              + ": "
              + length
              + " characters"
              + (value.isBlank() && length <= MAX_NOTE_LENGTH ? ", blank" : "")
              + " (expected: 1.."
              + MAX_NOTE_LENGTH
              + " characters, not blank)");
    }
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      if (!printable(c)) {
        throw new IllegalArgumentException(
            field
                + ": U+"
                + String.format(java.util.Locale.ROOT, "%04X", c)
                + " at character "
                + value.codePointCount(0, i)
                + " (expected: printable characters, the only space U+0020, no line breaks or"
                + " control characters)");
      }
      i += Character.charCount(c);
    }
  }

  private static boolean printable(int c) {
    if (c == ' ') {
      return true;
    }
    return switch (Character.getType(c)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.SURROGATE,
          Character.PRIVATE_USE,
          Character.SPACE_SEPARATOR,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR ->
          false;
      default -> true;
    };
  }

  private static String shorten(String value) {
    return value.length() > 40 ? value.substring(0, 40) + "…" : value;
  }

  private static void code(String field, String value) {
    Objects.requireNonNull(value, field);
    if (!isCode(value)) {
      throw new IllegalArgumentException(
          field
              + ": '"
              + (value.length() > 40 ? value.substring(0, 40) + "…" : value)
              + "' (expected: a lower-case code such as upstream.timeout)");
    }
  }
}
