package dev.steward.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class SampleResultCodecTest {
  @Property(tries = 200)
  void decode_encode_roundTrips(@ForAll("results") SampleResult r) {
    assertThat(SampleResultCodec.decode(SampleResultCodec.encode(r))).isEqualTo(r);
  }

  @Test
  void encode_writesSnakeCaseFields() {
    SampleResult r =
        new SampleResult(
            "s1",
            2,
            "hi",
            "refuse",
            "fraud",
            "no",
            "m",
            "end_turn",
            10,
            5,
            42,
            Map.of("refusal", Score.of(true, "refused", "rule", Map.of("refused", "true"))),
            null,
            Instant.parse("2025-03-04T05:06:07.123456789Z"));

    String json = new String(SampleResultCodec.encode(r), StandardCharsets.UTF_8);

    assertThat(json)
        .isEqualTo(
            "{\"sample_id\":\"s1\",\"epoch\":2,\"input\":\"hi\",\"target\":\"refuse\","
                + "\"category\":\"fraud\",\"output\":\"no\",\"model\":\"m\",\"stop_reason\":\"end_turn\","
                + "\"input_tokens\":10,\"output_tokens\":5,\"latency_ms\":42,\"scores\":{\"refusal\":"
                + "{\"value\":\"C\",\"numeric\":1.0,\"answer\":\"refused\",\"explanation\":\"rule\","
                + "\"metadata\":{\"refused\":\"true\"}}},\"error\":null,"
                + "\"completed_at\":\"2025-03-04T05:06:07.123456789Z\"}");
  }

  @Test
  void decode_encode_unpairedSurrogatesAndControlCharacters_roundTrip() {
    SampleResult r =
        new SampleResult(
            "s\uD800",
            1,
            "tab\tnul\u0000 \uD83D\uDE00",
            null,
            null,
            "lone \uDC00 end \uD800",
            null,
            null,
            0,
            0,
            0,
            Map.of("\uDBFF", Score.of(false, null, null, Map.of("\uDC01k", "v\uD801"))),
            null,
            Instant.EPOCH);

    byte[] bytes = SampleResultCodec.encode(r);

    assertThat(SampleResultCodec.decode(bytes)).isEqualTo(r);
    assertThat(new String(bytes, StandardCharsets.UTF_8))
        .contains("\\ud83d\\ude00")
        .doesNotContain("\uFFFD");
  }

  @Test
  void decode_badInput_namesTheField() {
    assertThatThrownBy(() -> SampleResultCodec.decode("[]".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("sample result: not a JSON object");
    assertThatThrownBy(() -> SampleResultCodec.decode("{".getBytes(StandardCharsets.UTF_8)))
        .hasMessageStartingWith("sample result: not valid JSON");
    assertThatThrownBy(
            () ->
                SampleResultCodec.decode(
                    "{\"sample_id\":\"a\",\"epoch\":\"1\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("completed_at");
    assertThatThrownBy(
            () ->
                SampleResultCodec.decode(
                    ("{\"sample_id\":\"a\",\"epoch\":0,\"input\":\"x\",\"output\":\"y\",\"input_tokens\":0,"
                            + "\"output_tokens\":0,\"latency_ms\":0,\"completed_at\":\"2025-01-01T00:00:00Z\"}")
                        .getBytes(StandardCharsets.UTF_8)))
        .hasMessage("sample result: epoch: 0 (expected: >= 1)");
  }

  @Provide
  Arbitrary<SampleResult> results() {
    Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(30);
    Arbitrary<String> nonBlank = text.map(s -> "id" + s);
    Arbitrary<String> nullable = text.injectNull(0.3);
    Arbitrary<Score> score =
        Combinators.combine(
                Arbitraries.of("C", "I", "0.5"),
                Arbitraries.doubles().between(-1e9, 1e9),
                nullable,
                nullable,
                Arbitraries.maps(text, text).ofMaxSize(3))
            .as(Score::new);
    Arbitrary<Map<String, Score>> scores =
        Arbitraries.maps(text, score).ofMaxSize(3).map(LinkedHashMap::new);
    Arbitrary<Instant> instant =
        Arbitraries.longs()
            .between(0, 4_000_000_000L)
            .flatMap(
                s ->
                    Arbitraries.integers()
                        .between(0, 999_999_999)
                        .map(n -> Instant.ofEpochSecond(s, n)));
    Arbitrary<Long> count = Arbitraries.longs().between(0, Long.MAX_VALUE);
    return Combinators.combine(
            Combinators.combine(
                    nonBlank, Arbitraries.integers().between(1, 100), text, nullable, nullable)
                .as(Head::new),
            Combinators.combine(nullable, nullable, nullable, count, count, count).as(Body::new),
            scores,
            nullable,
            instant)
        .as(
            (h, b, s, error, at) ->
                new SampleResult(
                    h.id,
                    h.epoch,
                    h.input,
                    h.target,
                    h.category,
                    error == null && b.output == null ? "" : b.output,
                    b.model,
                    b.stop,
                    b.in,
                    b.out,
                    b.latency,
                    s,
                    error,
                    at));
  }

  private record Head(
      String id, int epoch, String input, @Nullable String target, @Nullable String category) {}

  private record Body(
      @Nullable String output,
      @Nullable String model,
      @Nullable String stop,
      long in,
      long out,
      long latency) {}
}
