package dev.steward.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.audit.AuditEntry.Caller;
import dev.steward.audit.AuditEntry.Decision;
import dev.steward.audit.AuditEntry.ExchangeCompletion;
import dev.steward.audit.AuditEntry.ExchangeRequest;
import dev.steward.audit.AuditEntry.KeyAction;
import dev.steward.audit.AuditEntry.KeyChange;
import dev.steward.audit.AuditEntry.Route;
import dev.steward.audit.AuditEntry.Tokens;
import dev.steward.tlog.Hash;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class AuditEntryCodecTest {
  static final Instant TIME = Instant.parse("2026-11-27T09:30:00.123456Z");
  static final Caller CALLER = new Caller("moj", "probation", "case-notes", "key_01hx7k2m");
  static final Hash PROMPT =
      Hash.of(
          HexFormat.of()
              .parseHex("e84b302a4e7ed81112e911ae82d2b451a81f54509c067735e785b634b1678da1"));

  /** The examples of docs/spec/audit-entry.md, byte for byte. */
  static final String REQUEST_JSON =
      "{\"v\":1,\"kind\":\"exchange-request\",\"time\":\"2026-11-27T09:30:00.123456Z\","
          + "\"request_id\":\"req_1ktq3f0a2b4c6abcd1234\",\"department\":\"moj\","
          + "\"service\":\"probation\",\"use_case\":\"case-notes\",\"key_id\":\"key_01hx7k2m\","
          + "\"api\":\"openai\",\"endpoint\":\"chat\",\"model\":\"gpt-4o\","
          + "\"classification\":null,\"decision\":\"allow\",\"reason\":\"ok\",\"stream\":true,"
          + "\"prompt_commitment\":"
          + "\"e84b302a4e7ed81112e911ae82d2b451a81f54509c067735e785b634b1678da1\"}";

  static final String COMPLETION_JSON =
      "{\"v\":1,\"kind\":\"exchange-completion\",\"time\":\"2026-11-27T09:30:01.500000Z\","
          + "\"request_id\":\"req_1ktq3f0a2b4c6abcd1234\",\"request_index\":41,\"outcome\":\"ok\","
          + "\"status\":200,\"route\":{\"id\":\"openai/gpt-4o\",\"provider\":\"openai\","
          + "\"model\":\"gpt-4o\",\"version\":\"gpt-4o-2024-08-06\"},"
          + "\"tokens\":{\"input\":812,\"output\":164,\"cached_input\":0},\"attempts\":1,"
          + "\"response_commitment\":"
          + "\"a41de667c15557cbd8acdd71ef0fef5dc73561374baed8330f8adb0e1424cd62\"}";

  static ExchangeRequest request() {
    return new ExchangeRequest(
        TIME,
        "req_1ktq3f0a2b4c6abcd1234",
        CALLER,
        "openai",
        "chat",
        "gpt-4o",
        null,
        Decision.ALLOW,
        "ok",
        true,
        PROMPT);
  }

  static ExchangeCompletion completion() {
    return new ExchangeCompletion(
        Instant.parse("2026-11-27T09:30:01.500Z"),
        "req_1ktq3f0a2b4c6abcd1234",
        41,
        "ok",
        200,
        new Route("openai/gpt-4o", "openai", "gpt-4o", "gpt-4o-2024-08-06"),
        new Tokens(812, 164, 0),
        1,
        Hash.of(
            HexFormat.of()
                .parseHex("a41de667c15557cbd8acdd71ef0fef5dc73561374baed8330f8adb0e1424cd62")));
  }

  @Test
  void encode_writesTheSpecifiedBytes() {
    assertThat(text(AuditEntryCodec.encode(request()))).isEqualTo(REQUEST_JSON);
    assertThat(text(AuditEntryCodec.encode(completion()))).isEqualTo(COMPLETION_JSON);
    assertThat(text(AuditEntryCodec.encode(new KeyChange(TIME, KeyAction.REVOKED, CALLER, "cli"))))
        .isEqualTo(
            "{\"v\":1,\"kind\":\"key-change\",\"time\":\"2026-11-27T09:30:00.123456Z\","
                + "\"action\":\"revoked\",\"department\":\"moj\",\"service\":\"probation\","
                + "\"use_case\":\"case-notes\",\"key_id\":\"key_01hx7k2m\",\"via\":\"cli\"}");
  }

  @Test
  void decode_readsWhatEncodeWrote() {
    assertThat(AuditEntryCodec.decode(bytes(REQUEST_JSON))).isEqualTo(request());
    assertThat(AuditEntryCodec.decode(bytes(COMPLETION_JSON))).isEqualTo(completion());
  }

  @Test
  void decode_refusedRequestWithoutRouteOrTokens() {
    ExchangeRequest refused =
        new ExchangeRequest(
            TIME,
            "req_x",
            CALLER,
            "anthropic",
            "chat",
            "-",
            "OFFICIAL",
            Decision.REFUSE,
            "model.not_allowed",
            false,
            PROMPT);
    assertThat(AuditEntryCodec.decode(AuditEntryCodec.encode(refused))).isEqualTo(refused);
    ExchangeCompletion failed =
        new ExchangeCompletion(
            TIME, "req_x", 0, "upstream.timeout", 504, null, Tokens.ZERO, 3, PROMPT);
    assertThat(AuditEntryCodec.decode(AuditEntryCodec.encode(failed))).isEqualTo(failed);
  }

  @Test
  void decode_rejectsWhatTheSpecRejects() {
    assertRejected(REQUEST_JSON.replace("\"v\":1", "\"v\":2"), "v: 2 (expected: 1)");
    assertRejected(
        REQUEST_JSON.replace("exchange-request", "exchange-requets"), "kind: 'exchange-requets'");
    assertRejected(REQUEST_JSON.replace("}", ",\"prompt\":\"hi\"}"), "prompt: unknown field");
    assertRejected(
        REQUEST_JSON.replace("\"stream\":true", "\"stream\":true,\"stream\":false"),
        "Duplicate field 'stream'");
    assertRejected(REQUEST_JSON.replace(",\"classification\":null", ""), "classification: missing");
    assertRejected(REQUEST_JSON + " {}", "text after the object");
    assertRejected(REQUEST_JSON.replace("e84b", "E84B"), "prompt_commitment");
    assertRejected(REQUEST_JSON.replace("\"stream\":true", "\"stream\":\"true\""), "stream");
    assertRejected(
        REQUEST_JSON.replace("\"reason\":\"ok\"", "\"reason\":\"model.not_allowed\""),
        "reason: model.not_allowed (expected: 'ok' exactly when the decision is allow");
    assertRejected(REQUEST_JSON.replace("2026-11-27T09:30:00.123456Z", "yesterday"), "time");
    assertRejected(REQUEST_JSON.replace("\"moj\"", "\"m o j\""), "department");
    assertRejected(
        COMPLETION_JSON.replace("\"request_index\":41", "\"request_index\":-1"), "request_index");
    assertRejected(
        COMPLETION_JSON.replace("\"cached_input\":0}", "\"cached_input\":0,\"x\":1}"),
        "x: unknown field in tokens");
    assertRejected("[]", "an object");
    assertRejected("", "empty");
    assertRejected("{\"v\":1", "not JSON");
  }

  @Test
  void encode_refusesAnEntryBeyondTheLogsLimit() {
    assertThat(AuditEntryCodec.MAX_ENTRY_BYTES).isEqualTo(65_535);
    // Field limits keep every valid entry far below the limit: the largest possible one fits.
    String longest = "x".repeat(AuditEntry.MAX_NAME_LENGTH);
    ExchangeRequest big =
        new ExchangeRequest(
            TIME,
            longest,
            new Caller(longest, longest, longest, longest),
            "openai",
            "chat",
            longest,
            longest,
            Decision.REFUSE,
            "a".repeat(64),
            true,
            PROMPT);
    assertThat(AuditEntryCodec.encode(big).length).isLessThan(4096);
    assertThatThrownBy(() -> new Caller("x".repeat(AuditEntry.MAX_NAME_LENGTH + 1), "s", "u", "k"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("department");
  }

  @Property(tries = 300)
  void roundTrip(@ForAll("entries") AuditEntry entry) {
    byte[] encoded = AuditEntryCodec.encode(entry);
    assertThat(AuditEntryCodec.decode(encoded)).isEqualTo(entry);
    assertThat(AuditEntryCodec.encode(AuditEntryCodec.decode(encoded))).isEqualTo(encoded);
  }

  @Property(tries = 1000)
  void decode_ofArbitraryBytes_failsOnlyWithIllegalArgument(@ForAll byte[] junk) {
    try {
      AuditEntryCodec.decode(junk);
    } catch (IllegalArgumentException expected) {
      // the only way decoding may fail
    }
  }

  @Property(tries = 300)
  void decode_ofAValidEntryWithOneByteChanged_failsCleanlyOrReadsAValidEntry(
      @ForAll("entries") AuditEntry entry, @ForAll int position, @ForAll byte value) {
    byte[] encoded = AuditEntryCodec.encode(entry);
    encoded[Math.floorMod(position, encoded.length)] = value;
    try {
      AuditEntry read = AuditEntryCodec.decode(encoded);
      assertThat(AuditEntryCodec.decode(AuditEntryCodec.encode(read))).isEqualTo(read);
    } catch (IllegalArgumentException expected) {
      // refused with a message
    }
  }

  @Provide
  Arbitrary<AuditEntry> entries() {
    Arbitrary<String> names =
        Arbitraries.strings()
            .withCharRange('!', '~')
            .excludeChars('"')
            .ofMinLength(1)
            .ofMaxLength(30);
    Arbitrary<String> codes =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .ofMinLength(1)
            .ofMaxLength(12)
            .map(s -> s + ".x");
    Arbitrary<Instant> times =
        Arbitraries.longs()
            .between(0, 4_102_444_800_000_000L)
            .map(us -> Instant.ofEpochSecond(us / 1_000_000, (us % 1_000_000) * 1000));
    Arbitrary<Hash> hashes = Arbitraries.bytes().array(byte[].class).ofSize(32).map(Hash::of);
    Arbitrary<Caller> callers = Combinators.combine(names, names, names, names).as(Caller::new);
    Arbitrary<AuditEntry> requests =
        Combinators.combine(
                times,
                names,
                callers,
                names,
                names.injectNull(0.3),
                codes,
                Arbitraries.of(true, false),
                hashes)
            .as(
                (t, id, c, model, cls, reason, stream, h) ->
                    reason.startsWith("a")
                        ? new ExchangeRequest(
                            t, id, c, "openai", "chat", model, cls, Decision.ALLOW, "ok", stream, h)
                        : new ExchangeRequest(
                            t,
                            id,
                            c,
                            "anthropic",
                            "embeddings",
                            model,
                            cls,
                            Decision.REFUSE,
                            reason,
                            stream,
                            h));
    Arbitrary<Route> routes =
        Combinators.combine(names, names, names, names.injectNull(0.5)).as(Route::new);
    Arbitrary<Tokens> tokens =
        Combinators.combine(
                Arbitraries.longs().greaterOrEqual(0),
                Arbitraries.longs().greaterOrEqual(0),
                Arbitraries.longs().greaterOrEqual(0))
            .as(Tokens::new);
    Arbitrary<AuditEntry> completions =
        Combinators.combine(
                times,
                names,
                Arbitraries.longs().greaterOrEqual(0),
                codes,
                Arbitraries.integers().between(100, 599),
                routes.injectNull(0.3),
                tokens,
                Arbitraries.integers().between(0, 10))
            .as(
                (t, id, idx, outcome, status, route, tok, attempts) ->
                    new ExchangeCompletion(
                        t, id, idx, outcome, status, route, tok, attempts, PROMPT));
    Arbitrary<AuditEntry> keys =
        Combinators.combine(
                times,
                Arbitraries.of(KeyAction.values()),
                callers,
                Arbitraries.of("cli", "admin-api"))
            .as(KeyChange::new);
    return Arbitraries.oneOf(requests, completions, keys);
  }

  private static void assertRejected(String json, String message) {
    assertThatThrownBy(() -> AuditEntryCodec.decode(bytes(json)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
