package dev.steward.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import dev.steward.core.StopReason;
import dev.steward.core.StreamEvent;
import dev.steward.core.UpstreamException;
import dev.steward.core.Usage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiStreamTest {

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private static String encodeAll(OpenAiStreamEncoder encoder, StreamEvent... events) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (StreamEvent e : events) {
      out.writeBytes(encoder.encode(e));
    }
    out.writeBytes(encoder.done());
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void encoder_withUsage_writesExactChunksThenUsageThenDone() {
    String sse =
        encodeAll(
            new OpenAiStreamEncoder(true),
            new StreamEvent.Started("chatcmpl-1", "gpt-4o", 1700000000),
            new StreamEvent.TextDelta(0, "Hi"),
            new StreamEvent.Finished(0, StopReason.END_TURN, null),
            new StreamEvent.UsageReported(new Usage(5, 1, 0)));

    String head =
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-4o\",";
    assertThat(sse)
        .isEqualTo(
            "data: "
                + head
                + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
                + "data: "
                + head
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
                + "data: "
                + head
                + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null}\n\n"
                + "data: "
                + head
                + "\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6,\"prompt_tokens_details\":{\"cached_tokens\":0}}}\n\n"
                + "data: [DONE]\n\n");
  }

  @Test
  void encoder_withoutUsage_omitsUsageEverywhere() {
    OpenAiStreamEncoder encoder = new OpenAiStreamEncoder(false);
    String first = text(encoder.encode(new StreamEvent.Started("c", "m", 1)));

    assertThat(first).doesNotContain("usage");
    assertThat(encoder.encode(new StreamEvent.UsageReported(new Usage(1, 1, 0)))).isEmpty();
  }

  @Test
  void encoder_toolCallChunks_carryIndexIdTypeAndFunction() {
    OpenAiStreamEncoder encoder = new OpenAiStreamEncoder(false);
    encoder.encode(new StreamEvent.Started("c", "m", 1));

    assertThat(text(encoder.encode(new StreamEvent.ToolCallStarted(0, 0, "call_1", "f"))))
        .contains(
            "\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]}");
    assertThat(text(encoder.encode(new StreamEvent.ToolCallDelta(0, 0, "{\"a\""))))
        .contains(
            "\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"a\\\"\"}}]}");
  }

  @Test
  void encoder_secondChoice_getsRoleOnItsFirstChunk() {
    OpenAiStreamEncoder encoder = new OpenAiStreamEncoder(false);
    encoder.encode(new StreamEvent.Started("c", "m", 1));

    assertThat(text(encoder.encode(new StreamEvent.TextDelta(1, "b"))))
        .contains("\"index\":1,\"delta\":{\"role\":\"assistant\",\"content\":\"b\"}");
    assertThat(text(encoder.encode(new StreamEvent.TextDelta(1, "c"))))
        .contains("\"index\":1,\"delta\":{\"content\":\"c\"}");
  }

  @Test
  void encoder_eventBeforeStarted_isRejected() {
    assertThatThrownBy(
            () -> new OpenAiStreamEncoder(true).encode(new StreamEvent.TextDelta(0, "x")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void encoder_error_isOpenAiErrorEvent() {
    OpenAiStreamEncoder encoder = new OpenAiStreamEncoder(true);
    assertThat(
            text(
                encoder.encodeError(
                    new StewardException(ErrorCode.UPSTREAM_TIMEOUT, "upstream timed out"))))
        .isEqualTo(
            "data: {\"error\":{\"message\":\"upstream timed out\",\"type\":\"server_error\","
                + "\"param\":null,\"code\":\"upstream.timeout\"}}\n\n");
  }

  @Test
  void decoder_usageOnEveryChunk_isReportedOnceAndLast() {
    OpenAiStreamDecoder decoder = new OpenAiStreamDecoder();
    List<StreamEvent> events = new ArrayList<>();
    events.addAll(
        decoder.decode(
            "{\"id\":\"c\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}],"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}"));
    events.addAll(
        decoder.decode(
            "{\"id\":\"c\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}],"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}"));
    events.addAll(decoder.decode("[DONE]"));

    assertThat(events)
        .containsExactly(
            new StreamEvent.Started("c", "m", 1),
            new StreamEvent.TextDelta(0, "a"),
            new StreamEvent.Finished(0, StopReason.MAX_TOKENS, null),
            new StreamEvent.UsageReported(new Usage(3, 2, 0)));
    assertThat(decoder.done()).isTrue();
  }

  @Test
  void decoder_endWithoutDoneAfterFinish_endsNormally() {
    OpenAiStreamDecoder decoder = new OpenAiStreamDecoder();
    decoder.decode(
        "{\"id\":\"c\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1}}");

    assertThat(decoder.end()).containsExactly(new StreamEvent.UsageReported(new Usage(3, 1, 0)));
  }

  @Test
  void decoder_endBeforeFinish_failsAsRetryableUpstreamError() {
    OpenAiStreamDecoder decoder = new OpenAiStreamDecoder();
    decoder.decode(
        "{\"id\":\"c\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}");

    assertThatThrownBy(decoder::end)
        .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.retryable()).isTrue());
  }

  @Test
  void decoder_toolCallsWithoutIndex_areNumberedByNewIds() {
    OpenAiStreamDecoder decoder = new OpenAiStreamDecoder();
    String head =
        "{\"id\":\"c\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[";
    List<StreamEvent> events = new ArrayList<>();
    events.addAll(
        decoder.decode(
            head + "{\"id\":\"a\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}}]}"));
    events.addAll(
        decoder.decode(
            head + "{\"id\":\"b\",\"function\":{\"name\":\"g\",\"arguments\":\"{}\"}}]}}]}"));

    assertThat(events)
        .containsExactly(
            new StreamEvent.Started("c", "m", 1),
            new StreamEvent.ToolCallStarted(0, 0, "a", "f"),
            new StreamEvent.ToolCallDelta(0, 0, "{}"),
            new StreamEvent.ToolCallStarted(0, 1, "b", "g"),
            new StreamEvent.ToolCallDelta(0, 1, "{}"));
  }

  @Test
  void decoder_openAiErrorChunk_failsWithVendorMessage() {
    OpenAiStreamDecoder decoder = new OpenAiStreamDecoder();

    assertThatThrownBy(
            () ->
                decoder.decode(
                    "{\"error\":{\"message\":\"The server had an error while processing your request.\",\"type\":\"server_error\",\"param\":null,\"code\":null}}"))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.vendorType()).isEqualTo("server_error");
              assertThat(e.getMessage()).contains("The server had an error");
            });
  }

  @Test
  void decoder_garbage_failsAsUpstreamError() {
    assertThatThrownBy(() -> new OpenAiStreamDecoder().decode("not json"))
        .isInstanceOfSatisfying(
            UpstreamException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR));
  }
}
