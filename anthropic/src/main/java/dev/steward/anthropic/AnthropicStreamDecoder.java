package dev.steward.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.core.StopReason;
import dev.steward.core.StreamEvent;
import dev.steward.core.UpstreamException;
import java.io.IOException;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns one Anthropic event stream into canonical events, one server-sent event at a time. Not
 * thread-safe: one decoder per stream, fed in order.
 *
 * <p>The canonical stream it yields: {@link StreamEvent.Started} on {@code message_start}; text and
 * tool-call deltas (tool calls numbered among tool calls only, not among all content blocks); one
 * {@link StreamEvent.Finished} on the {@code message_delta} carrying the stop reason; and {@link
 * StreamEvent.UsageReported} last, on {@code message_stop}, combining {@code message_start}'s input
 * counts with the output count of {@code message_delta} (whose counts are cumulative, and which
 * newer API versions also use to restate input counts). {@code ping}, unknown events and unknown
 * block types (thinking, server tools) are skipped, as Anthropic's versioning policy asks.
 */
public final class AnthropicStreamDecoder {
  private final InstantSource clock;

  /** Content block index → tool call index, for tool_use blocks. */
  private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>();

  private int toolCalls;
  private long input;
  private long cacheRead;
  private long cacheCreation;
  private long output;
  private boolean started;
  private boolean finished;
  private boolean complete;

  AnthropicStreamDecoder(InstantSource clock) {
    this.clock = clock;
  }

  /**
   * Decodes one event.
   *
   * @param eventName the SSE {@code event:} name; when absent the data's {@code type} is used
   * @param data the SSE data (one JSON object)
   * @return the canonical events it yields, possibly none
   * @throws UpstreamException for an {@code error} event (retryable when Anthropic is overloaded or
   *     failing) or data that is not Anthropic's event JSON
   */
  public List<StreamEvent> decode(@Nullable String eventName, String data) {
    JsonNode event;
    try {
      event = Wire.JSON.readTree(data);
    } catch (IOException e) {
      throw Wire.malformedUpstream("stream: malformed event data", e);
    }
    if (event == null || !event.isObject()) {
      throw Wire.malformedUpstream("stream: event data is not a JSON object", null);
    }
    String name = eventName != null ? eventName : event.path("type").asText("");
    return switch (name) {
      case "message_start" -> messageStart(event.path("message"));
      case "content_block_start" -> blockStart(event);
      case "content_block_delta" -> blockDelta(event);
      case "message_delta" -> messageDelta(event);
      case "message_stop" -> messageStop();
      case "error" -> throw error(event.path("error"));
      // ping, content_block_stop and events added after this was written.
      default -> List.of();
    };
  }

  /** True once {@code message_stop} arrived: the answer is whole. */
  public boolean complete() {
    return complete;
  }

  private List<StreamEvent> messageStart(JsonNode message) {
    if (started) {
      throw Wire.malformedUpstream("stream: a second message_start", null);
    }
    started = true;
    updateUsage(message.get("usage"));
    String id = message.path("id").asText("");
    String model = message.path("model").asText("");
    if (id.isEmpty() || model.isEmpty()) {
      throw Wire.malformedUpstream("stream: message_start without id or model", null);
    }
    return List.of(new StreamEvent.Started(id, model, clock.instant().getEpochSecond()));
  }

  private List<StreamEvent> blockStart(JsonNode event) {
    requireStarted("content_block_start");
    JsonNode block = event.path("content_block");
    switch (block.path("type").asText("")) {
      case "text" -> {
        String text = block.path("text").asText("");
        return text.isEmpty() ? List.of() : List.of(new StreamEvent.TextDelta(0, text));
      }
      case "tool_use" -> {
        int index = toolCalls++;
        toolIndexByBlock.put(event.path("index").asInt(), index);
        String id = block.path("id").asText("");
        String name = block.path("name").asText("");
        if (id.isEmpty() || name.isEmpty()) {
          throw Wire.malformedUpstream("stream: tool_use block without id or name", null);
        }
        StreamEvent.ToolCallStarted start = new StreamEvent.ToolCallStarted(0, index, id, name);
        JsonNode input = block.get("input");
        if (input != null && input.isObject() && !input.isEmpty()) {
          // Streams send input as deltas after an empty {}; should one arrive whole, pass it on.
          return List.of(start, new StreamEvent.ToolCallDelta(0, index, Wire.text(input)));
        }
        return List.of(start);
      }
      default -> {
        return List.of();
      }
    }
  }

  private List<StreamEvent> blockDelta(JsonNode event) {
    requireStarted("content_block_delta");
    JsonNode delta = event.path("delta");
    switch (delta.path("type").asText("")) {
      case "text_delta" -> {
        return List.of(new StreamEvent.TextDelta(0, delta.path("text").asText("")));
      }
      case "input_json_delta" -> {
        Integer index = toolIndexByBlock.get(event.path("index").asInt());
        if (index == null) {
          throw Wire.malformedUpstream("stream: input_json_delta for no tool_use block", null);
        }
        String fragment = delta.path("partial_json").asText("");
        // Anthropic often opens with an empty fragment; it carries nothing.
        return fragment.isEmpty()
            ? List.of()
            : List.of(new StreamEvent.ToolCallDelta(0, index, fragment));
      }
      default -> {
        // thinking_delta, signature_delta, citations_delta: no canonical form.
        return List.of();
      }
    }
  }

  private List<StreamEvent> messageDelta(JsonNode event) {
    requireStarted("message_delta");
    updateUsage(event.get("usage"));
    JsonNode delta = event.path("delta");
    JsonNode reason = delta.get("stop_reason");
    if (finished || reason == null || !reason.isTextual()) {
      return List.of();
    }
    finished = true;
    StopReason stop = Wire.stopReason(reason.asText());
    JsonNode sequence = delta.get("stop_sequence");
    String stopSequence =
        stop == StopReason.STOP_SEQUENCE && sequence != null && sequence.isTextual()
            ? sequence.asText()
            : null;
    return List.of(new StreamEvent.Finished(0, stop, stopSequence));
  }

  private List<StreamEvent> messageStop() {
    requireStarted("message_stop");
    if (complete) {
      return List.of();
    }
    complete = true;
    StreamEvent usage =
        new StreamEvent.UsageReported(Wire.usage(input, cacheRead, cacheCreation, output));
    if (!finished) {
      // A stream that never said why it stopped still ended its turn.
      finished = true;
      return List.of(new StreamEvent.Finished(0, StopReason.END_TURN, null), usage);
    }
    return List.of(usage);
  }

  /** Counts are cumulative: each one given replaces the one before. */
  private void updateUsage(@Nullable JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return;
    }
    input = replace(usage, "input_tokens", input);
    cacheRead = replace(usage, "cache_read_input_tokens", cacheRead);
    cacheCreation = replace(usage, "cache_creation_input_tokens", cacheCreation);
    output = replace(usage, "output_tokens", output);
  }

  private static long replace(JsonNode usage, String field, long current) {
    JsonNode n = usage.get(field);
    return n != null && n.canConvertToLong() ? Math.max(0, n.asLong()) : current;
  }

  private void requireStarted(String event) {
    if (!started) {
      throw Wire.malformedUpstream("stream: " + event + " before message_start", null);
    }
  }

  private static UpstreamException error(JsonNode error) {
    String type = error.path("type").isTextual() ? error.path("type").asText() : null;
    String message = error.path("message").asText("error event without a message");
    return UpstreamException.fromStatus(
        Wire.statusOf(type),
        type,
        "anthropic stream failed: " + (type == null ? "" : type + ": ") + message,
        null);
  }
}
