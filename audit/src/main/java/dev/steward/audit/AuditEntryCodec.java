package dev.steward.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.steward.audit.AuditEntry.Caller;
import dev.steward.audit.AuditEntry.Decision;
import dev.steward.audit.AuditEntry.ExchangeCompletion;
import dev.steward.audit.AuditEntry.ExchangeRequest;
import dev.steward.audit.AuditEntry.KeyAction;
import dev.steward.audit.AuditEntry.KeyChange;
import dev.steward.audit.AuditEntry.Route;
import dev.steward.audit.AuditEntry.Tokens;
import dev.steward.tlog.Hash;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The JSON form of {@link AuditEntry}, version {@value AuditEntry#VERSION}: one compact UTF-8 JSON
 * object per entry, fields in a fixed order, no whitespace, so the same entry always encodes to the
 * same bytes. Reading is strict — every field required (nullable ones as {@code null}), unknown and
 * repeated fields rejected, nothing after the object — so nothing unspecified can ride along in a
 * logged entry. Specified in {@code docs/spec/audit-entry.md}.
 */
public final class AuditEntryCodec {
  /** The largest entry the log holds (its bundles' uint16 length prefix). */
  public static final int MAX_ENTRY_BYTES = 65_535;

  private static final JsonFactory FACTORY =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final ObjectMapper MAPPER = new JsonMapper(FACTORY);
  private static final HexFormat HEX = HexFormat.of();

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
                  f.hash("prompt_commitment"));
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
          default ->
              throw new IllegalArgumentException(
                  "kind: '"
                      + shorten(kind)
                      + "' (expected: one of "
                      + List.of(ExchangeRequest.KIND, ExchangeCompletion.KIND, KeyChange.KIND)
                      + ")");
        };
    f.requireAllRead();
    return entry;
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
