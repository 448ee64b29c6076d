package dev.steward.cohere;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.core.StreamEvent;
import dev.steward.core.Usage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns the server-sent events of one streamed {@code /v2/chat} answer into canonical {@link
 * StreamEvent}s. One decoder per stream; not thread-safe.
 *
 * <p>Cohere's events and what they become:
 *
 * <ul>
 *   <li>{@code message-start}: {@link StreamEvent.Started} with the message id. {@code Started} is
 *       always the first event, even if an upstream skipped {@code message-start}.
 *   <li>{@code content-delta}: {@link StreamEvent.TextDelta}.
 *   <li>{@code tool-call-start}: {@link StreamEvent.ToolCallStarted}, numbered 0, 1, … in the order
 *       the calls start (Cohere's own {@code index} only routes later deltas to their call), plus a
 *       {@link StreamEvent.ToolCallDelta} if the start already carries argument text.
 *   <li>{@code tool-call-delta}: {@link StreamEvent.ToolCallDelta}.
 *   <li>{@code message-end}: {@link StreamEvent.Finished}, then {@link StreamEvent.UsageReported}
 *       last; later events are ignored.
 *   <li>{@code content-start}, {@code content-end}, {@code tool-plan-delta}, {@code tool-call-end},
 *       {@code citation-start}, {@code citation-end}, {@code debug}, unknown types and a {@code
 *       [DONE]} sentinel produce nothing.
 * </ul>
 */
final class CohereStreamDecoder {
  private final CohereCodec codec;
  private final String model;
  private final long created;
  private final String fallbackId;
  private final Map<Integer, Integer> callByCohereIndex = new HashMap<>();
  private int calls;
  private int lastCall = -1;
  private boolean started;
  private boolean finished;

  /**
   * @param model the model the answer is attributed to (Cohere's events do not name it)
   * @param created seconds since the epoch
   * @param fallbackId the answer's id should the upstream send no {@code message-start} id
   */
  CohereStreamDecoder(CohereCodec codec, String model, long created, String fallbackId) {
    this.codec = codec;
    this.model = model;
    this.created = created;
    this.fallbackId = fallbackId;
  }

  /** True once {@code message-end} has arrived: the answer is complete. */
  boolean finished() {
    return finished;
  }

  /**
   * The canonical events for one server-sent event (possibly none).
   *
   * @param eventName the SSE {@code event:} field, used when the data has no {@code type}
   * @throws dev.steward.core.UpstreamException when the data is not a JSON object
   */
  List<StreamEvent> decode(@Nullable String eventName, String data) {
    if (finished || data.isBlank() || data.strip().equals("[DONE]")) {
      return List.of();
    }
    JsonNode event = codec.readEvent(data);
    String type = CohereCodec.textOrNull(event.path("type"));
    if (type == null) {
      type = eventName == null ? "" : eventName;
    }
    List<StreamEvent> out = new ArrayList<>(3);
    if (!started) {
      String id = type.equals("message-start") ? CohereCodec.textOrNull(event.path("id")) : null;
      out.add(
          new StreamEvent.Started(id == null || id.isEmpty() ? fallbackId : id, model, created));
      started = true;
    }
    JsonNode message = event.path("delta").path("message");
    switch (type) {
      case "content-delta" -> {
        String text = CohereCodec.textOrNull(message.path("content").path("text"));
        if (text != null && !text.isEmpty()) {
          out.add(new StreamEvent.TextDelta(0, text));
        }
      }
      case "tool-call-start" -> {
        JsonNode call = message.path("tool_calls");
        if (call.isArray()) {
          call = call.path(0);
        }
        int index = calls++;
        lastCall = index;
        if (event.path("index").canConvertToInt()) {
          callByCohereIndex.put(event.path("index").asInt(), index);
        }
        JsonNode function = call.path("function");
        String name = CohereCodec.textOrNull(function.path("name"));
        if (name == null) {
          throw CohereCodec.malformed("tool-call-start event has no function name");
        }
        String id = call.path("id").asText("");
        out.add(new StreamEvent.ToolCallStarted(0, index, id, name));
        String arguments = CohereCodec.textOrNull(function.path("arguments"));
        if (arguments != null && !arguments.isEmpty()) {
          out.add(new StreamEvent.ToolCallDelta(0, index, arguments));
        }
      }
      case "tool-call-delta" -> {
        JsonNode call = message.path("tool_calls");
        if (call.isArray()) {
          call = call.path(0);
        }
        String fragment = CohereCodec.textOrNull(call.path("function").path("arguments"));
        if (fragment != null && !fragment.isEmpty()) {
          out.add(new StreamEvent.ToolCallDelta(0, callFor(event), fragment));
        }
      }
      case "message-end" -> {
        JsonNode delta = event.path("delta");
        out.add(
            new StreamEvent.Finished(
                0,
                CohereCodec.stopReason(CohereCodec.textOrNull(delta.path("finish_reason"))),
                null));
        JsonNode usage = delta.path("usage");
        if (usage.isObject()) {
          Usage u = CohereCodec.usage(usage);
          out.add(new StreamEvent.UsageReported(u));
        }
        finished = true;
      }
      default -> {
        // message-start (handled above), content-start/end, tool-plan-delta, tool-call-end,
        // citations, debug and types added later carry nothing canonical.
      }
    }
    return out;
  }

  private int callFor(JsonNode event) {
    JsonNode index = event.path("index");
    if (index.canConvertToInt()) {
      Integer ours = callByCohereIndex.get(index.asInt());
      if (ours != null) {
        return ours;
      }
    }
    if (lastCall < 0) {
      throw CohereCodec.malformed("tool-call-delta event before any tool-call-start");
    }
    return lastCall;
  }
}
