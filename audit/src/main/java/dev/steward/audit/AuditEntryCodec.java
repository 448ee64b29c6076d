package dev.steward.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.steward.audit.AuditEntry.ApprovalAction;
import dev.steward.audit.AuditEntry.ApprovalChange;
import dev.steward.audit.AuditEntry.Caller;
import dev.steward.audit.AuditEntry.Decision;
import dev.steward.audit.AuditEntry.EvalMetric;
import dev.steward.audit.AuditEntry.EvalResult;
import dev.steward.audit.AuditEntry.ExchangeCompletion;
import dev.steward.audit.AuditEntry.ExchangeRequest;
import dev.steward.audit.AuditEntry.GuardFinding;
import dev.steward.audit.AuditEntry.Guards;
import dev.steward.audit.AuditEntry.InjectionResult;
import dev.steward.audit.AuditEntry.KeyAction;
import dev.steward.audit.AuditEntry.KeyChange;
import dev.steward.audit.AuditEntry.KillSwitchAction;
import dev.steward.audit.AuditEntry.KillSwitchChange;
import dev.steward.audit.AuditEntry.PolicyChange;
import dev.steward.audit.AuditEntry.Review;
import dev.steward.audit.AuditEntry.Route;
import dev.steward.audit.AuditEntry.Tokens;
import dev.steward.tlog.Hash;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The JSON form of {@link AuditEntry}, version {@value AuditEntry#VERSION}: one compact UTF-8 JSON
 * object per entry, fields in a fixed order, no whitespace, so the same entry always encodes to the
 * same bytes. Reading is strict — every field required (nullable ones as {@code null}; only an
 * exchange request's {@code guards} is left out when absent), unknown and repeated fields rejected,
 * lists out of order rejected, nothing after the object — so nothing unspecified can ride along in
 * a logged entry. Specified in {@code docs/spec/audit-entry.md}.
 */
public final class AuditEntryCodec {
  /** The largest entry the log holds (its bundles' uint16 length prefix). */
  public static final int MAX_ENTRY_BYTES = 65_535;

  /**
   * Strict reading; writing plain UTF-8 (a character beyond the Basic Multilingual Plane, such as
   * an emoji in a note, as its four bytes rather than as two escaped surrogates).
   */
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
          .build();

  /**
   * Fractions are read as {@link BigDecimal}s with their trailing zeros, so a reader can insist on
   * the one spelling of a score: {@code 0.930}, not {@code 0.93}.
   */
  private static final ObjectMapper MAPPER =
      JsonMapper.builder(FACTORY)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private static final List<String> KINDS =
      List.of(
          ExchangeRequest.KIND,
          ExchangeCompletion.KIND,
          KeyChange.KIND,
          PolicyChange.KIND,
          KillSwitchChange.KIND,
          Review.KIND,
          EvalResult.KIND,
          ApprovalChange.KIND);
  private static final HexFormat HEX = HexFormat.of();

  /** Decimals of an injection score. */
  private static final int SCORE_DECIMALS = 3;

  /** UTC, always six fraction digits, so a time has one spelling. */
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", java.util.Locale.ROOT)
          .withZone(java.time.ZoneOffset.UTC)
          .withResolverStyle(java.time.format.ResolverStyle.STRICT);

  private AuditEntryCodec() {}

  /** The entry's bytes, as appended to the log. */
  public static byte[] encode(AuditEntry entry) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(384);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("v", AuditEntry.VERSION);
      g.writeStringField("kind", entry.kind());
      g.writeStringField("time", TIME.format(entry.time()));
      switch (entry) {
        case ExchangeRequest r -> writeRequest(g, r);
        case ExchangeCompletion c -> writeCompletion(g, c);
        case KeyChange k -> writeKeyChange(g, k);
        case PolicyChange p -> writePolicyChange(g, p);
        case KillSwitchChange k -> writeKillSwitch(g, k);
        case Review r -> writeReview(g, r);
        case EvalResult e -> writeEvalResult(g, e);
        case ApprovalChange a -> writeApprovalChange(g, a);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (out.size() > MAX_ENTRY_BYTES) {
      throw new IllegalArgumentException(
          "audit entry: " + out.size() + " bytes (expected: at most " + MAX_ENTRY_BYTES + ")");
    }
    return out.toByteArray();
  }

  private static void writeRequest(JsonGenerator g, ExchangeRequest r) throws IOException {
    g.writeStringField("request_id", r.requestId());
    writeCaller(g, r.caller());
    g.writeStringField("api", r.api());
    g.writeStringField("endpoint", r.endpoint());
    g.writeStringField("model", r.model());
    nullableString(g, "classification", r.classification());
    g.writeStringField("decision", r.decision().wire());
    g.writeStringField("reason", r.reason());
    g.writeBooleanField("stream", r.stream());
    g.writeStringField("prompt_commitment", r.promptCommitment().hex());
    Guards guards = r.guards();
    if (guards != null) {
      writeGuards(g, guards);
    }
  }

  private static void writeGuards(JsonGenerator g, Guards guards) throws IOException {
    g.writeObjectFieldStart("guards");
    g.writeArrayFieldStart("personal_data");
    for (GuardFinding finding : guards.personalData()) {
      g.writeStartObject();
      g.writeStringField("type", finding.type());
      g.writeStringField("action", finding.action());
      g.writeNumberField("count", finding.count());
      g.writeEndObject();
    }
    g.writeEndArray();
    InjectionResult injection = guards.injection();
    if (injection == null) {
      g.writeNullField("injection");
    } else {
      g.writeObjectFieldStart("injection");
      g.writeFieldName("score");
      g.writeNumber(
          BigDecimal.valueOf(injection.score())
              .setScale(SCORE_DECIMALS, RoundingMode.UNNECESSARY)
              .toPlainString());
      g.writeBooleanField("flagged", injection.flagged());
      g.writeStringField("action", injection.action());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private static void writeCompletion(JsonGenerator g, ExchangeCompletion c) throws IOException {
    g.writeStringField("request_id", c.requestId());
    g.writeNumberField("request_index", c.requestIndex());
    g.writeStringField("outcome", c.outcome());
    g.writeNumberField("status", c.status());
    Route route = c.route();
    if (route == null) {
      g.writeNullField("route");
    } else {
      g.writeObjectFieldStart("route");
      g.writeStringField("id", route.id());
      g.writeStringField("provider", route.provider());
      g.writeStringField("model", route.model());
      nullableString(g, "version", route.version());
      g.writeEndObject();
    }
    g.writeObjectFieldStart("tokens");
    g.writeNumberField("input", c.tokens().input());
    g.writeNumberField("output", c.tokens().output());
    g.writeNumberField("cached_input", c.tokens().cachedInput());
    g.writeEndObject();
    g.writeNumberField("attempts", c.attempts());
    g.writeStringField("response_commitment", c.responseCommitment().hex());
  }

  private static void writeKeyChange(JsonGenerator g, KeyChange k) throws IOException {
    g.writeStringField("action", k.action().wire());
    writeCaller(g, k.caller());
    g.writeStringField("via", k.via());
  }

  private static void writePolicyChange(JsonGenerator g, PolicyChange p) throws IOException {
    g.writeStringField("version", p.version());
    g.writeStringField("policy_hash", p.policyHash().hex());
    Hash previous = p.previousHash();
    nullableString(g, "previous_hash", previous == null ? null : previous.hex());
    g.writeStringField("via", p.via());
  }

  private static void writeKillSwitch(JsonGenerator g, KillSwitchChange k) throws IOException {
    g.writeStringField("action", k.action().wire());
    g.writeStringField("switch_id", k.switchId());
    g.writeStringField("scope", k.scope());
    g.writeStringField("target", k.target());
    g.writeStringField("note", k.note());
    g.writeStringField("actor", k.actor());
    g.writeStringField("via", k.via());
  }

  private static void writeReview(JsonGenerator g, Review r) throws IOException {
    g.writeStringField("request_id", r.requestId());
    g.writeNumberField("request_index", r.requestIndex());
    writeCaller(g, r.caller());
    g.writeStringField("reviewer", r.reviewer());
    g.writeStringField("outcome", r.outcome());
  }

  private static void writeEvalResult(JsonGenerator g, EvalResult e) throws IOException {
    g.writeStringField("run_id", e.runId());
    g.writeStringField("suite", e.suite());
    g.writeStringField("suite_version", e.suiteVersion());
    g.writeStringField("provider", e.provider());
    g.writeStringField("model", e.model());
    g.writeStringField("model_version", e.modelVersion());
    g.writeStringField("source", e.source());
    g.writeNumberField("samples", e.samples());
    g.writeNumberField("errors", e.errors());
    g.writeArrayFieldStart("metrics");
    for (EvalMetric m : e.metrics()) {
      g.writeStartObject();
      g.writeStringField("scorer", m.scorer());
      g.writeStringField("name", m.name());
      g.writeFieldName("value");
      g.writeNumber(decimal(m.value()));
      Double stderr = m.stderr();
      if (stderr == null) {
        g.writeNullField("stderr");
      } else {
        g.writeFieldName("stderr");
        g.writeNumber(decimal(stderr));
      }
      g.writeNumberField("count", m.count());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** A metric's number as written: plain, exactly {@value EvalMetric#DECIMALS} decimals. */
  private static String decimal(double value) {
    return BigDecimal.valueOf(value)
        .setScale(EvalMetric.DECIMALS, RoundingMode.HALF_EVEN)
        .toPlainString();
  }

  private static void writeApprovalChange(JsonGenerator g, ApprovalChange a) throws IOException {
    g.writeStringField("action", a.action().wire());
    g.writeStringField("approval_id", a.approvalId());
    String[] parts = a.useCase().split("/", -1);
    g.writeStringField("department", parts[0]);
    g.writeStringField("service", parts[1]);
    g.writeStringField("use_case", parts[2]);
    g.writeStringField("provider", a.provider());
    g.writeStringField("model", a.model());
    g.writeStringField("model_version", a.modelVersion());
    Instant expiresAt = a.expiresAt();
    nullableString(g, "expires_at", expiresAt == null ? null : TIME.format(expiresAt));
    g.writeArrayFieldStart("run_ids");
    for (String runId : a.runIds()) {
      g.writeString(runId);
    }
    g.writeEndArray();
    g.writeStringField("actor", a.actor());
    g.writeStringField("note", a.note());
  }

  private static void writeCaller(JsonGenerator g, Caller c) throws IOException {
    g.writeStringField("department", c.department());
    g.writeStringField("service", c.service());
    g.writeStringField("use_case", c.useCase());
    g.writeStringField("key_id", c.keyId());
  }

  private static void nullableString(JsonGenerator g, String field, @Nullable String value)
      throws IOException {
    if (value == null) {
      g.writeNullField(field);
    } else {
      g.writeStringField(field, value);
    }
  }

  /**
   * Reads an entry. Throws {@link IllegalArgumentException} naming the first problem: not JSON, a
   * version other than {@value AuditEntry#VERSION}, an unknown kind, a missing, unknown or repeated
   * field, or a value out of range.
   */
  public static AuditEntry decode(byte[] bytes) {
    if (bytes.length > MAX_ENTRY_BYTES) {
      throw new IllegalArgumentException(
          "audit entry: " + bytes.length + " bytes (expected: at most " + MAX_ENTRY_BYTES + ")");
    }
    JsonNode root;
    try (JsonParser p = FACTORY.createParser(bytes)) {
      root = MAPPER.readTree(p);
      if (root == null || p.nextToken() != null) {
        throw new IllegalArgumentException(
            "audit entry: "
                + (root == null ? "empty" : "text after the object")
                + " (expected: one JSON object)");
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "audit entry: not JSON (" + e.getOriginalMessage() + ")", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Fields f = new Fields(root, "audit entry");
    long version = f.integer("v", 0, Integer.MAX_VALUE);
    if (version != AuditEntry.VERSION) {
      throw new IllegalArgumentException(
          "v: " + version + " (expected: " + AuditEntry.VERSION + ")");
    }
    String kind = f.string("kind");
    Instant time = f.time("time");
    AuditEntry entry =
        switch (kind) {
          case ExchangeRequest.KIND ->
              new ExchangeRequest(
                  time,
                  f.string("request_id"),
                  caller(f),
                  f.string("api"),
                  f.string("endpoint"),
                  f.string("model"),
                  f.nullableString("classification"),
                  f.oneOf("decision", Decision.values(), Decision::wire),
                  f.string("reason"),
                  f.bool("stream"),
                  f.hash("prompt_commitment"),
                  guards(f));
          case ExchangeCompletion.KIND ->
              new ExchangeCompletion(
                  time,
                  f.string("request_id"),
                  f.integer("request_index", 0, Long.MAX_VALUE),
                  f.string("outcome"),
                  (int) f.integer("status", 100, 599),
                  route(f),
                  tokens(f),
                  (int) f.integer("attempts", 0, Integer.MAX_VALUE),
                  f.hash("response_commitment"));
          case KeyChange.KIND ->
              new KeyChange(
                  time,
                  f.oneOf("action", KeyAction.values(), KeyAction::wire),
                  caller(f),
                  f.string("via"));
          case PolicyChange.KIND ->
              new PolicyChange(
                  time,
                  f.string("version"),
                  f.hash("policy_hash"),
                  f.nullableHash("previous_hash"),
                  f.string("via"));
          case KillSwitchChange.KIND ->
              new KillSwitchChange(
                  time,
                  f.oneOf("action", KillSwitchAction.values(), KillSwitchAction::wire),
                  f.string("switch_id"),
                  f.string("scope"),
                  f.string("target"),
                  f.string("note"),
                  f.string("actor"),
                  f.string("via"));
          case Review.KIND ->
              new Review(
                  time,
                  f.string("request_id"),
                  f.integer("request_index", -1, Long.MAX_VALUE),
                  caller(f),
                  f.string("reviewer"),
                  f.string("outcome"));
          case EvalResult.KIND ->
              new EvalResult(
                  time,
                  f.string("run_id"),
                  f.string("suite"),
                  f.string("suite_version"),
                  f.string("provider"),
                  f.string("model"),
                  f.string("model_version"),
                  f.string("source"),
                  (int) f.integer("samples", 0, Integer.MAX_VALUE),
                  (int) f.integer("errors", 0, Integer.MAX_VALUE),
                  metrics(f));
          case ApprovalChange.KIND ->
              new ApprovalChange(
                  time,
                  f.oneOf("action", ApprovalAction.values(), ApprovalAction::wire),
                  f.string("approval_id"),
                  useCase(f),
                  f.string("provider"),
                  f.string("model"),
                  f.string("model_version"),
                  f.nullableTime("expires_at"),
                  f.strings("run_ids", ApprovalChange.MAX_RUN_IDS),
                  f.string("actor"),
                  f.string("note"));
          default ->
              throw new IllegalArgumentException(
                  "kind: '" + shorten(kind) + "' (expected: one of " + KINDS + ")");
        };
    f.requireAllRead();
    return entry;
  }

  /** The optional {@code guards} object: absent when no guard ran (never {@code null}). */
  private static @Nullable Guards guards(Fields f) {
    Fields g = f.optionalObject("guards");
    if (g == null) {
      return null;
    }
    List<GuardFinding> findings = new ArrayList<>();
    List<Fields> items = g.objects("personal_data", Guards.MAX_FINDINGS);
    for (Fields item : items) {
      findings.add(
          new GuardFinding(
              item.string("type"),
              item.string("action"),
              (int) item.integer("count", 1, Integer.MAX_VALUE)));
      item.requireAllRead();
    }
    if (!Guards.inOrder(findings)) {
      throw new IllegalArgumentException(
          "personal_data: not in order (expected: sorted by type, then action)");
    }
    InjectionResult injection = null;
    Fields i = g.nullableObject("injection");
    if (i != null) {
      injection =
          new InjectionResult(
              i.score("score").doubleValue(), i.bool("flagged"), i.string("action"));
      i.requireAllRead();
    }
    g.requireAllRead();
    return new Guards(findings, injection);
  }

  private static List<EvalMetric> metrics(Fields f) {
    List<EvalMetric> metrics = new ArrayList<>();
    for (Fields m : f.objects("metrics", EvalResult.MAX_METRICS)) {
      BigDecimal stderr = m.nullableDecimal("stderr");
      metrics.add(
          new EvalMetric(
              m.string("scorer"),
              m.string("name"),
              m.decimal("value").doubleValue(),
              stderr == null ? null : stderr.doubleValue(),
              (int) m.integer("count", 0, Integer.MAX_VALUE)));
      m.requireAllRead();
    }
    if (!EvalResult.inOrder(metrics)) {
      throw new IllegalArgumentException(
          "metrics: not in order (expected: sorted by scorer, then name)");
    }
    return metrics;
  }

  /** An approval's use case, written as three fields: {@code department/service/use_case}. */
  private static String useCase(Fields f) {
    String department = f.string("department");
    String service = f.string("service");
    String useCase = f.string("use_case");
    for (String part : List.of(department, service, useCase)) {
      if (part.contains("/")) {
        throw new IllegalArgumentException(
            "use_case: '"
                + shorten(department + "/" + service + "/" + useCase)
                + "' (expected: department, service and use_case without '/')");
      }
    }
    return department + "/" + service + "/" + useCase;
  }

  private static Caller caller(Fields f) {
    return new Caller(
        f.string("department"), f.string("service"), f.string("use_case"), f.string("key_id"));
  }

  private static @Nullable Route route(Fields f) {
    Fields r = f.nullableObject("route");
    if (r == null) {
      return null;
    }
    Route route =
        new Route(
            r.string("id"), r.string("provider"), r.string("model"), r.nullableString("version"));
    r.requireAllRead();
    return route;
  }

  private static Tokens tokens(Fields f) {
    Fields t = f.object("tokens");
    Tokens tokens =
        new Tokens(
            t.integer("input", 0, Long.MAX_VALUE),
            t.integer("output", 0, Long.MAX_VALUE),
            t.integer("cached_input", 0, Long.MAX_VALUE));
    t.requireAllRead();
    return tokens;
  }

  private static String shorten(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  /** Reads an object's fields, each exactly once, and notices fields nobody read. */
  private static final class Fields {
    private final JsonNode node;
    private final String where;
    private final Set<String> read = new LinkedHashSet<>();

    Fields(JsonNode node, String where) {
      if (!node.isObject()) {
        throw new IllegalArgumentException(
            where
                + ": "
                + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                + " (expected: an object)");
      }
      this.node = node;
      this.where = where;
    }

    private JsonNode required(String field) {
      read.add(field);
      JsonNode v = node.get(field);
      if (v == null) {
        throw new IllegalArgumentException(
            field + ": missing (expected: present in " + where + ")");
      }
      return v;
    }

    String string(String field) {
      JsonNode v = required(field);
      if (!v.isTextual()) {
        throw new IllegalArgumentException(field + ": " + v + " (expected: a string)");
      }
      return v.textValue();
    }

    @Nullable String nullableString(String field) {
      return required(field).isNull() ? null : string(field);
    }

    boolean bool(String field) {
      JsonNode v = required(field);
      if (!v.isBoolean()) {
        throw new IllegalArgumentException(field + ": " + v + " (expected: true or false)");
      }
      return v.booleanValue();
    }

    long integer(String field, long min, long max) {
      JsonNode v = required(field);
      if (!v.isIntegralNumber()
          || !v.canConvertToLong()
          || v.longValue() < min
          || v.longValue() > max) {
        throw new IllegalArgumentException(
            field
                + ": "
                + shorten(v.toString())
                + " (expected: an integer in "
                + min
                + ".."
                + max
                + ")");
      }
      return v.longValue();
    }

    Instant time(String field) {
      String s = string(field);
      try {
        return TIME.parse(s, Instant::from);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            field
                + ": '"
                + shorten(s)
                + "' (expected: a UTC time with six fraction digits, e.g. 2026-11-27T09:30:00.123456Z)",
            e);
      }
    }

    Hash hash(String field) {
      String s = string(field);
      if (s.length() != 2 * Hash.SIZE || !s.equals(s.toLowerCase(java.util.Locale.ROOT))) {
        throw new IllegalArgumentException(
            field + ": '" + shorten(s) + "' (expected: 64 lower-case hex digits)");
      }
      try {
        return Hash.of(HEX.parseHex(s));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            field + ": '" + shorten(s) + "' (expected: 64 lower-case hex digits)", e);
      }
    }

    @Nullable Instant nullableTime(String field) {
      return required(field).isNull() ? null : time(field);
    }

    /**
     * A number written with exactly {@value EvalMetric#DECIMALS} decimals, e.g. {@code 0.930000}
     * (its range is the metric's to check).
     */
    BigDecimal decimal(String field) {
      JsonNode v = required(field);
      if (!v.isBigDecimal() || v.decimalValue().scale() != EvalMetric.DECIMALS) {
        throw new IllegalArgumentException(
            field
                + ": "
                + shorten(v.toString())
                + " (expected: a number with six decimals, e.g. 0.930000)");
      }
      return v.decimalValue();
    }

    @Nullable BigDecimal nullableDecimal(String field) {
      return required(field).isNull() ? null : decimal(field);
    }

    /** An array of at most {@code max} strings. */
    List<String> strings(String field, int max) {
      JsonNode v = required(field);
      if (!v.isArray() || v.size() > max) {
        throw new IllegalArgumentException(
            field
                + ": "
                + (v.isArray() ? v.size() + " items" : shorten(v.toString()))
                + " (expected: an array of at most "
                + max
                + " strings)");
      }
      List<String> items = new ArrayList<>();
      for (JsonNode item : v) {
        if (!item.isTextual()) {
          throw new IllegalArgumentException(
              field
                  + "["
                  + items.size()
                  + "]: "
                  + shorten(item.toString())
                  + " (expected: a string)");
        }
        items.add(item.textValue());
      }
      return items;
    }

    @Nullable Hash nullableHash(String field) {
      return required(field).isNull() ? null : hash(field);
    }

    /** A number in 0..1 written with exactly three decimals, e.g. 0.930. */
    BigDecimal score(String field) {
      JsonNode v = required(field);
      if (!v.isBigDecimal()
          || v.decimalValue().scale() != SCORE_DECIMALS
          || v.decimalValue().signum() < 0
          || v.decimalValue().compareTo(BigDecimal.ONE) > 0) {
        throw new IllegalArgumentException(
            field
                + ": "
                + shorten(v.toString())
                + " (expected: a number in 0..1 with three decimals, e.g. 0.930)");
      }
      return v.decimalValue();
    }

    <E extends Enum<E>> E oneOf(
        String field, E[] values, java.util.function.Function<E, String> wire) {
      String s = string(field);
      for (E e : values) {
        if (wire.apply(e).equals(s)) {
          return e;
        }
      }
      List<String> expected = java.util.Arrays.stream(values).map(wire).toList();
      throw new IllegalArgumentException(
          field + ": '" + shorten(s) + "' (expected: one of " + expected + ")");
    }

    Fields object(String field) {
      return new Fields(required(field), field);
    }

    @Nullable Fields nullableObject(String field) {
      JsonNode v = required(field);
      return v.isNull() ? null : new Fields(v, field);
    }

    /** An object that may be left out, but is never {@code null}. */
    @Nullable Fields optionalObject(String field) {
      read.add(field);
      JsonNode v = node.get(field);
      if (v == null) {
        return null;
      }
      if (v.isNull()) {
        throw new IllegalArgumentException(
            field + ": null (expected: an object, or the field left out)");
      }
      return new Fields(v, field);
    }

    /** An array of at most {@code max} objects. */
    List<Fields> objects(String field, int max) {
      JsonNode v = required(field);
      if (!v.isArray() || v.size() > max) {
        throw new IllegalArgumentException(
            field
                + ": "
                + (v.isArray() ? v.size() + " items" : shorten(v.toString()))
                + " (expected: an array of at most "
                + max
                + " objects)");
      }
      List<Fields> items = new ArrayList<>();
      for (JsonNode item : v) {
        items.add(new Fields(item, field + "[" + items.size() + "]"));
      }
      return items;
    }

    void requireAllRead() {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!read.contains(name)) {
          throw new IllegalArgumentException(
              shorten(name)
                  + ": unknown field in "
                  + where
                  + " (expected: only the fields of version "
                  + AuditEntry.VERSION
                  + ")");
        }
      }
    }
  }
}
