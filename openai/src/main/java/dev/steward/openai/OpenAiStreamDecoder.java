package dev.steward.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.core.ErrorCode;
import dev.steward.core.StopReason;
import dev.steward.core.StreamEvent;
import dev.steward.core.UpstreamException;
import dev.steward.core.Usage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Turns the {@code data:} payloads of an OpenAI {@code chat.completion.chunk} stream into canonical
 * events. Stateful: one decoder per stream, used by one thread.
 *
 * <p>The first chunk gives {@link StreamEvent.Started}; role-only and empty deltas give nothing;
 * content (and refusal) text gives {@link StreamEvent.TextDelta}; a tool call's first fragment
 * (with its id and name) gives {@link StreamEvent.ToolCallStarted} and argument text {@link
 * StreamEvent.ToolCallDelta}; a {@code finish_reason} gives {@link StreamEvent.Finished}. Usage,
 * wherever it appears (OpenAI's final chunk with empty {@code choices}, or compatible servers'
 * usage on every chunk), is held back and reported once, as the last event, at {@code [DONE]} or
 * {@link #end()}.
 */
public final class OpenAiStreamDecoder {
  private boolean started;
  private boolean done;
  private @Nullable Usage usage;

  /** Started tool calls, keyed by (choice, index). */
  private final Set<Long> toolCalls = new HashSet<>();

  /** Per choice, the last tool call index seen (for servers that omit {@code index}). */
  private final Map<Integer, Integer> lastToolIndex = new HashMap<>();

  private final Set<Integer> open = new HashSet<>();
  private final Set<Integer> finished = new HashSet<>();

  public OpenAiStreamDecoder() {}

  /**
   * Decodes one event's data.
   *
   * @return the events it carries, possibly none
   * @throws UpstreamException when the data is an error object or no chunk at all
   */
  public List<StreamEvent> decode(String sseData) {
    if (done) {
      return List.of();
    }
    if (sseData.strip().equals("[DONE]")) {
      done = true;
      return usage == null ? List.of() : List.of(new StreamEvent.UsageReported(usage));
    }
    JsonNode chunk = Json.parseVendorObject(sseData);
    if (chunk == null) {
      throw OpenAiCodec.unreadable("stream chunk: not a JSON object");
    }
    if (Json.opt(chunk, "error") != null
        || "error".equals(OpenAiCodec.textOrNull(chunk, "object"))) {
      throw streamError(OpenAiCodec.errorOf(chunk));
    }
    List<StreamEvent> events = new ArrayList<>(2);
    if (!started) {
      started = true;
      events.add(
          new StreamEvent.Started(
              OpenAiCodec.textOr(chunk, "id", ""),
              OpenAiCodec.textOr(chunk, "model", ""),
              chunk.path("created").asLong(0)));
    }
    JsonNode choices = chunk.get("choices");
    if (choices != null && choices.isArray()) {
      for (JsonNode c : choices) {
        decodeChoice(c, events);
      }
    }
    JsonNode u = chunk.get("usage");
    if (u != null && u.isObject()) {
      usage = OpenAiCodec.usage(u);
    }
    return events;
  }

  private void decodeChoice(JsonNode c, List<StreamEvent> events) {
    int choice = c.path("index").asInt(0);
    open.add(choice);
    JsonNode delta = c.get("delta");
    if (delta != null && delta.isObject()) {
      String text = OpenAiCodec.textOrNull(delta, "content");
      if (text != null && !text.isEmpty()) {
        events.add(new StreamEvent.TextDelta(choice, text));
      }
      String refusal = OpenAiCodec.textOrNull(delta, "refusal");
      if (refusal != null && !refusal.isEmpty()) {
        events.add(new StreamEvent.TextDelta(choice, refusal));
      }
      JsonNode calls = delta.get("tool_calls");
      if (calls != null && calls.isArray()) {
        for (JsonNode call : calls) {
          decodeToolCall(choice, call, events);
        }
      }
    }
    String finishReason = OpenAiCodec.textOrNull(c, "finish_reason");
    if (finishReason != null && finished.add(choice)) {
      String stopSequence = OpenAiCodec.vllmStopSequence(c);
      StopReason reason = OpenAiCodec.stopReason(finishReason, stopSequence);
      events.add(
          new StreamEvent.Finished(
              choice, reason, reason == StopReason.STOP_SEQUENCE ? stopSequence : null));
    }
  }

  private void decodeToolCall(int choice, JsonNode call, List<StreamEvent> events) {
    String id = OpenAiCodec.textOrNull(call, "id");
    JsonNode fn = call.path("function");
    String name = OpenAiCodec.textOrNull(fn, "name");
    int index;
    JsonNode indexNode = call.get("index");
    if (indexNode != null && indexNode.canConvertToInt()) {
      index = indexNode.intValue();
    } else if (id != null) {
      // No index (some compatible servers): a new id is the next call.
      index = lastToolIndex.containsKey(choice) ? lastToolIndex.get(choice) + 1 : 0;
    } else {
      index = lastToolIndex.getOrDefault(choice, 0);
    }
    lastToolIndex.put(choice, index);
    long key = ((long) choice << 32) | (index & 0xffffffffL);
    if (toolCalls.add(key)) {
      events.add(
          new StreamEvent.ToolCallStarted(
              choice,
              index,
              id != null ? id : "call_" + choice + "_" + index,
              name != null ? name : ""));
    }
    String arguments = OpenAiCodec.textOrNull(fn, "arguments");
    if (arguments != null && !arguments.isEmpty()) {
      events.add(new StreamEvent.ToolCallDelta(choice, index, arguments));
    }
  }

  /** True once {@code [DONE]} arrived. */
  public boolean done() {
    return done;
  }

  /**
   * The body ended. Servers that end without {@code [DONE]} but after every choice finished ended
   * normally: the held-back usage is returned.
   *
   * @throws UpstreamException when the stream ended before its answer did
   */
  public List<StreamEvent> end() {
    if (done) {
      return List.of();
    }
    done = true;
    if (!started || open.isEmpty() || !finished.containsAll(open)) {
      throw new UpstreamException(
          ErrorCode.UPSTREAM_ERROR,
          "upstream stream ended before its answer did",
          200,
          true,
          null,
          null,
          null);
    }
    return usage == null ? List.of() : List.of(new StreamEvent.UsageReported(usage));
  }

  private static UpstreamException streamError(VendorError e) {
    return UpstreamException.fromStatus(
        e.statusOr(502),
        e.vendorType(),
        "upstream failed mid-stream: " + e.messageOr("no message"),
        null);
  }
}
