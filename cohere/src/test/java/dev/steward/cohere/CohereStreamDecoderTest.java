package dev.steward.cohere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.core.StopReason;
import dev.steward.core.StreamEvent;
import dev.steward.core.UpstreamException;
import dev.steward.core.Usage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CohereStreamDecoderTest {
  private final CohereStreamDecoder decoder =
      new CohereStreamDecoder(new CohereCodec(), "command-a", 1700000000, "req-1");

  private List<StreamEvent> feed(String... data) {
    List<StreamEvent> out = new ArrayList<>();
    for (String d : data) {
      out.addAll(decoder.decode(null, d));
    }
    return out;
  }

  static String start(String id) {
    return "{\"id\":\""
        + id
        + "\",\"type\":\"message-start\",\"delta\":{\"message\":"
        + "{\"role\":\"assistant\",\"content\":[],\"tool_plan\":\"\",\"tool_calls\":[]}}}";
  }

  static String callStart(int index, String id, String name) {
    return "{\"type\":\"tool-call-start\",\"index\":"
        + index
        + ",\"delta\":{\"message\":"
        + "{\"tool_calls\":{\"id\":\""
        + id
        + "\",\"type\":\"function\",\"function\":"
        + "{\"name\":\""
        + name
        + "\",\"arguments\":\"\"}}}}}";
  }

  static String callDelta(int index, String argumentsJsonString) {
    return "{\"type\":\"tool-call-delta\",\"index\":"
        + index
        + ",\"delta\":{\"message\":"
        + "{\"tool_calls\":{\"function\":{\"arguments\":"
        + argumentsJsonString
        + "}}}}}";
  }

  static String end(String reason) {
    return "{\"type\":\"message-end\",\"delta\":{\"finish_reason\":\""
        + reason
        + "\","
        + "\"usage\":{\"tokens\":{\"input_tokens\":10,\"output_tokens\":5},\"cached_tokens\":2}}}";
  }

  @Test
  void decode_parallelToolCalls_numbersCallsAndRoutesDeltas() {
    List<StreamEvent> events =
        feed(
            start("m1"),
            "{\"type\":\"tool-plan-delta\",\"delta\":{\"message\":{\"tool_plan\":\"I will\"}}}",
            callStart(0, "a", "get_weather"),
            callDelta(0, "\"{\\\"city\\\":\\\"Madrid\\\"}\""),
            "{\"type\":\"tool-call-end\",\"index\":0}",
            callStart(1, "b", "get_weather"),
            callDelta(1, "\"{\\\"city\\\":\\\"Brasilia\\\"}\""),
            "{\"type\":\"tool-call-end\",\"index\":1}",
            end("TOOL_CALL"));

    assertThat(events)
        .containsExactly(
            new StreamEvent.Started("m1", "command-a", 1700000000),
            new StreamEvent.ToolCallStarted(0, 0, "a", "get_weather"),
            new StreamEvent.ToolCallDelta(0, 0, "{\"city\":\"Madrid\"}"),
            new StreamEvent.ToolCallStarted(0, 1, "b", "get_weather"),
            new StreamEvent.ToolCallDelta(0, 1, "{\"city\":\"Brasilia\"}"),
            new StreamEvent.Finished(0, StopReason.TOOL_USE, null),
            new StreamEvent.UsageReported(new Usage(10, 5, 2)));
    assertThat(decoder.finished()).isTrue();
  }

  @Test
  void decode_noMessageStart_stillStartsFirstWithFallbackId() {
    List<StreamEvent> events =
        feed(
            "{\"type\":\"content-delta\",\"index\":0,\"delta\":{\"message\":{\"content\":{\"text\":\"Hi\"}}}}");

    assertThat(events)
        .containsExactly(
            new StreamEvent.Started("req-1", "command-a", 1700000000),
            new StreamEvent.TextDelta(0, "Hi"));
  }

  @Test
  void decode_typeMissingInData_usesSseEventName() {
    decoder.decode("message-start", "{\"id\":\"m2\"}");

    List<StreamEvent> events =
        decoder.decode("content-delta", "{\"delta\":{\"message\":{\"content\":{\"text\":\"x\"}}}}");

    assertThat(events).containsExactly(new StreamEvent.TextDelta(0, "x"));
  }

  @Test
  void decode_eventsAfterMessageEndAndDoneSentinel_areIgnored() {
    feed(start("m3"), end("COMPLETE"));

    assertThat(feed("[DONE]", start("again"))).isEmpty();
  }

  @Test
  void decode_messageEndWithoutUsage_finishesWithoutUsage() {
    List<StreamEvent> events =
        feed(
            start("m4"), "{\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"MAX_TOKENS\"}}");

    assertThat(events.get(events.size() - 1))
        .isEqualTo(new StreamEvent.Finished(0, StopReason.MAX_TOKENS, null));
  }

  @Test
  void decode_deltaBeforeAnyCallStart_failsAsUpstreamError() {
    feed(start("m5"));

    assertThatThrownBy(() -> feed(callDelta(0, "\"{}\"")))
        .isInstanceOf(UpstreamException.class)
        .hasMessageContaining("before any tool-call-start");
  }

  @Test
  void decode_notJson_failsAsUpstreamError() {
    assertThatThrownBy(() -> feed("not json")).isInstanceOf(UpstreamException.class);
  }
}
