package dev.steward.anthropic;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import dev.steward.core.StopReason;
import dev.steward.core.StreamEvent;
import dev.steward.core.UpstreamException;
import dev.steward.core.Usage;
import dev.steward.provider.SseParser;
import dev.steward.testing.Transcripts;
import java.io.ByteArrayOutputStream;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicStreamTest {
  private static final long CREATED = AnthropicCodecTest.NOW.getEpochSecond();
  private final AnthropicCodec codec =
      AnthropicCodec.create(1024, InstantSource.fixed(AnthropicCodecTest.NOW));

  /** Feeds SSE bytes through a fresh decoder, as the client does. */
  static List<StreamEvent> decodeAll(AnthropicStreamDecoder decoder, byte[] sse) {
    List<StreamEvent> events = new ArrayList<>();
    SseParser parser = new SseParser(e -> events.addAll(decoder.decode(e.event(), e.data())));
    parser.feed(sse);
    parser.end();
    return events;
  }

  @Test
  void decode_textTranscript_yieldsCanonicalEventsWithUsageLast() {
    AnthropicStreamDecoder decoder = codec.newStreamDecoder();

    List<StreamEvent> events =
        decodeAll(
            decoder, Transcripts.read("transcripts/anthropic/stream_text.sse").getBytes(UTF_8));

    assertThat(events)
        .containsExactly(
            new StreamEvent.Started("msg_01StreamTextXyZ", "vendor-model-1", CREATED),
            new StreamEvent.TextDelta(0, "The capital"),
            new StreamEvent.TextDelta(0, " of France"),
            new StreamEvent.TextDelta(0, " is Paris."),
            new StreamEvent.Finished(0, StopReason.END_TURN, null),
            new StreamEvent.UsageReported(new Usage(21, 8, 16)));
    assertThat(decoder.complete()).isTrue();
  }

  @Test
  void decode_toolTranscript_countsToolCallsNotBlocks() {
    List<StreamEvent> events =
        decodeAll(
            codec.newStreamDecoder(),
            Transcripts.read("transcripts/anthropic/stream_tool_call.sse").getBytes(UTF_8));

    assertThat(events)
        .containsExactly(
            new StreamEvent.Started("msg_01StreamToolAbC", "vendor-model-1", CREATED),
            new StreamEvent.TextDelta(0, "Checking London."),
            new StreamEvent.ToolCallStarted(0, 0, "call_w1", "get_weather"),
            new StreamEvent.ToolCallDelta(0, 0, "{\"city\": "),
            new StreamEvent.ToolCallDelta(0, 0, "\"London\"}"),
            new StreamEvent.Finished(0, StopReason.TOOL_USE, null),
            new StreamEvent.UsageReported(new Usage(50, 15, 0)));
  }

  @Test
  void decode_messageDeltaRestatingInput_replacesStartCounts() {
    AnthropicStreamDecoder decoder = codec.newStreamDecoder();
    decoder.decode(
        "message_start",
        "{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"model\":\"x\","
            + "\"usage\":{\"input_tokens\":0,\"output_tokens\":0}}}");
    List<StreamEvent> delta =
        decoder.decode(
            "message_delta",
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"stop_sequence\","
                + "\"stop_sequence\":\"END\"},\"usage\":{\"input_tokens\":4,"
                + "\"cache_read_input_tokens\":6,\"output_tokens\":3}}");
    List<StreamEvent> stop = decoder.decode(null, "{\"type\":\"message_stop\"}");

    assertThat(delta).containsExactly(new StreamEvent.Finished(0, StopReason.STOP_SEQUENCE, "END"));
    assertThat(stop).containsExactly(new StreamEvent.UsageReported(new Usage(10, 3, 6)));
  }

  @Test
  void decode_overloadedErrorEvent_throwsRetryable() {
    AnthropicStreamDecoder decoder = codec.newStreamDecoder();

    assertThatThrownBy(
            () ->
                decoder.decode(
                    "error",
                    "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                        + "\"message\":\"Overloaded\"}}"))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.vendorType()).isEqualTo("overloaded_error");
              assertThat(e.upstreamStatus()).isEqualTo(529);
            });
  }

  @Test
  void decode_invalidRequestErrorEvent_throwsNotRetryable() {
    assertThatThrownBy(
            () ->
                codec
                    .newStreamDecoder()
                    .decode(
                        "error",
                        "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                            + "\"message\":\"bad\"}}"))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_REJECTED);
            });
  }

  @Test
  void decode_pingAndUnknownEvents_yieldNothing() {
    AnthropicStreamDecoder decoder = codec.newStreamDecoder();

    assertThat(decoder.decode("ping", "{\"type\":\"ping\"}")).isEmpty();
    assertThat(decoder.decode("future_event", "{\"type\":\"future_event\"}")).isEmpty();
  }

  @Test
  void decode_deltaBeforeStart_isUpstreamError() {
    assertThatThrownBy(
            () ->
                codec
                    .newStreamDecoder()
                    .decode(
                        "content_block_delta",
                        "{\"type\":\"content_block_delta\",\"index\":0,"
                            + "\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}}"))
        .isInstanceOf(UpstreamException.class);
  }

  // ---- encoder

  @Test
  void encode_textStream_isExactAnthropicSse() {
    AnthropicStreamEncoder encoder = codec.newStreamEncoder();
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    out.writeBytes(encoder.encode(new StreamEvent.Started("msg_1", "claude-x", CREATED)));
    out.writeBytes(encoder.encode(new StreamEvent.TextDelta(0, "Hi")));
    out.writeBytes(encoder.encode(new StreamEvent.Finished(0, StopReason.END_TURN, null)));
    byte[] held = encoder.encode(new StreamEvent.Finished(0, StopReason.END_TURN, null));
    out.writeBytes(encoder.encode(new StreamEvent.UsageReported(new Usage(21, 8, 16))));

    assertThat(held).isEmpty();
    assertThat(encoder.finish()).isEmpty();
    assertThat(out.toString(UTF_8))
        .isEqualTo(
            """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-x","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":5,"cache_creation_input_tokens":0,"cache_read_input_tokens":16,"output_tokens":8}}

            event: message_stop
            data: {"type":"message_stop"}

            """);
  }

  @Test
  void encode_finishedIsHeldUntilUsage() {
    AnthropicStreamEncoder encoder = codec.newStreamEncoder();
    encoder.encode(new StreamEvent.Started("msg_1", "claude-x", CREATED));
    encoder.encode(new StreamEvent.TextDelta(0, "Hi"));

    String onFinish =
        new String(encoder.encode(new StreamEvent.Finished(0, StopReason.MAX_TOKENS, null)), UTF_8);
    String onUsage =
        new String(encoder.encode(new StreamEvent.UsageReported(new Usage(3, 1, 0))), UTF_8);

    assertThat(onFinish).contains("content_block_stop").doesNotContain("message_delta");
    assertThat(onUsage)
        .startsWith("event: message_delta\n")
        .contains("\"stop_reason\":\"max_tokens\"")
        .endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
  }

  @Test
  void encode_finishWithoutUsage_endsWithZeroUsageOnce() {
    AnthropicStreamEncoder encoder = codec.newStreamEncoder();
    byte[] start = encoder.encode(new StreamEvent.Started("msg_1", "claude-x", CREATED));
    byte[] held = encoder.encode(new StreamEvent.Finished(0, StopReason.STOP_SEQUENCE, "END"));
    byte[] end = encoder.finish();

    List<StreamEvent> decoded = decodeAll(codec.newStreamDecoder(), concat(start, held, end));

    assertThat(held).isEmpty();
    assertThat(decoded)
        .containsExactly(
            new StreamEvent.Started("msg_1", "claude-x", CREATED),
            new StreamEvent.Finished(0, StopReason.STOP_SEQUENCE, "END"),
            new StreamEvent.UsageReported(Usage.ZERO));
    assertThat(encoder.finish()).isEmpty();
  }

  @Test
  void encode_textThenTwoToolCalls_numbersBlocksInOrder() {
    AnthropicStreamEncoder encoder = codec.newStreamEncoder();
    StringBuilder out = new StringBuilder();
    for (StreamEvent e :
        List.of(
            new StreamEvent.Started("msg_1", "claude-x", CREATED),
            new StreamEvent.TextDelta(0, "Checking."),
            new StreamEvent.ToolCallStarted(0, 0, "t1", "f"),
            new StreamEvent.ToolCallDelta(0, 0, "{\"a\":1}"),
            new StreamEvent.ToolCallStarted(0, 1, "t2", "g"),
            new StreamEvent.ToolCallDelta(0, 1, "{}"),
            new StreamEvent.TextDelta(1, "other choice, dropped"),
            new StreamEvent.Finished(0, StopReason.TOOL_USE, null))) {
      out.append(new String(encoder.encode(e), UTF_8));
    }
    out.append(new String(encoder.finish(), UTF_8));
    String sse = out.toString();

    assertThat(sse)
        .contains(
            "data: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
                + "{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"f\",\"input\":{}}}")
        .contains(
            "data: {\"type\":\"content_block_delta\",\"index\":2,\"delta\":"
                + "{\"type\":\"input_json_delta\",\"partial_json\":\"{}\"}}")
        .contains("data: {\"type\":\"content_block_stop\",\"index\":2}")
        .doesNotContain("other choice");
  }

  @Test
  void encode_contentBeforeStarted_isRejected() {
    assertThatThrownBy(() -> codec.newStreamEncoder().encode(new StreamEvent.TextDelta(0, "x")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void encode_error_isAnthropicErrorEventAndEndsStream() {
    AnthropicStreamEncoder encoder = codec.newStreamEncoder();
    encoder.encode(new StreamEvent.Started("msg_1", "claude-x", CREATED));

    String error =
        new String(
            encoder.error(new StewardException(ErrorCode.UPSTREAM_UNAVAILABLE, "upstream gone")),
            UTF_8);

    assertThat(error)
        .isEqualTo(
            "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                + "\"message\":\"upstream gone\"}}\n\n");
    assertThat(encoder.finish()).isEmpty();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
