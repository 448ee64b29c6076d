package dev.steward.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.core.ChatRequest;
import dev.steward.core.ChatResponse;
import dev.steward.core.Choice;
import dev.steward.core.ContentPart;
import dev.steward.core.ErrorCode;
import dev.steward.core.Message;
import dev.steward.core.Role;
import dev.steward.core.StewardException;
import dev.steward.core.StopReason;
import dev.steward.core.ToolCall;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Converts between Anthropic's Messages API wire JSON and Steward's canonical model, both ways: the
 * gateway serves {@code POST /v1/messages} in Anthropic's shape (decode requests, encode responses,
 * stream events and errors) and calls Anthropic as a provider (encode requests, decode responses
 * and streams).
 *
 * <p>Stateless and thread-safe; stream conversion is stateful and lives in the per-stream {@link
 * AnthropicStreamDecoder} and {@link AnthropicStreamEncoder} this codec creates.
 */
public final class AnthropicCodec {
  /** The output limit sent upstream when a canonical request sets none (Anthropic requires one). */
  public static final int DEFAULT_MAX_TOKENS = 4096;

  private final int defaultMaxTokens;
  private final InstantSource clock;

  private AnthropicCodec(int defaultMaxTokens, InstantSource clock) {
    if (defaultMaxTokens < 1) {
      throw new IllegalArgumentException(
          "default max_tokens: " + defaultMaxTokens + " (expected: >= 1)");
    }
    this.defaultMaxTokens = defaultMaxTokens;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A codec sending {@value #DEFAULT_MAX_TOKENS} as the default limit, on the system clock. */
  public static AnthropicCodec create() {
    return new AnthropicCodec(DEFAULT_MAX_TOKENS, InstantSource.system());
  }

  /**
   * @param defaultMaxTokens sent as {@code max_tokens} when a canonical request has no limit
   * @param clock stamps {@code created} on decoded answers (Anthropic's carry no time)
   */
  public static AnthropicCodec create(int defaultMaxTokens, InstantSource clock) {
    return new AnthropicCodec(defaultMaxTokens, clock);
  }

  InstantSource clock() {
    return clock;
  }

  /**
   * Decodes a client's Messages request strictly.
   *
   * @throws StewardException {@link ErrorCode#MALFORMED_JSON} when the body is not JSON, {@link
   *     ErrorCode#INVALID_REQUEST} naming the field (e.g. {@code messages[1].content[0].type}) when
   *     a known field is missing, mistyped or out of range. Unknown fields are ignored.
   */
  public ChatRequest decodeMessagesRequest(byte[] body) {
    return MessagesRequestDecoder.decode(body);
  }

  /**
   * Encodes a canonical request for Anthropic. See {@link MessagesRequestEncoder} for how system
   * messages, tool results and response formats are folded.
   *
   * @throws StewardException {@link ErrorCode#CAPABILITY_UNSUPPORTED} for {@code n > 1} or an image
   *     in a system message; {@link ErrorCode#INVALID_REQUEST} when tool arguments or a tool schema
   *     are not JSON objects
   */
  public byte[] encodeMessagesRequest(ChatRequest request) {
    return MessagesRequestEncoder.encode(request, defaultMaxTokens);
  }

  /**
   * Decodes Anthropic's answer into one canonical choice. Text and {@code tool_use} blocks are
   * kept; other blocks (thinking, server tool results) are skipped.
   *
   * @throws dev.steward.core.UpstreamException when the body is not a Messages response
   */
  public ChatResponse decodeMessagesResponse(byte[] body) {
    JsonNode root = Wire.parseUpstream(body, "response");
    String id = upstreamText(root, "id");
    String model = upstreamText(root, "model");
    List<ContentPart> parts = new ArrayList<>();
    List<ToolCall> calls = new ArrayList<>();
    JsonNode content = root.get("content");
    if (content != null && content.isArray()) {
      for (JsonNode block : content) {
        String type = block.path("type").asText("");
        switch (type) {
          case "text" -> parts.add(new ContentPart.Text(block.path("text").asText("")));
          case "tool_use" -> {
            JsonNode input = block.get("input");
            calls.add(
                new ToolCall(
                    upstreamText(block, "id"),
                    upstreamText(block, "name"),
                    input == null || input.isNull() ? "{}" : Wire.text(input)));
          }
          default -> {
            // thinking, redacted_thinking, server tool blocks: nothing canonical to carry them.
          }
        }
      }
    }
    JsonNode reason = root.get("stop_reason");
    StopReason stopReason = Wire.stopReason(textOrNull(reason));
    String stopSequence =
        stopReason == StopReason.STOP_SEQUENCE ? textOrNull(root.get("stop_sequence")) : null;
    JsonNode usage = root.get("usage");
    Message message = new Message(Role.ASSISTANT, parts, calls, null, null);
    return new ChatResponse(
        id,
        model,
        clock.instant().getEpochSecond(),
        List.of(new Choice(0, message, stopReason, stopSequence)),
        Wire.usage(
            Wire.count(usage, "input_tokens"),
            Wire.count(usage, "cache_read_input_tokens"),
            Wire.count(usage, "cache_creation_input_tokens"),
            Wire.count(usage, "output_tokens")),
        null);
  }

  /**
   * Encodes a canonical answer as Anthropic's Message object. Anthropic has one answer per request:
   * of several choices only the first is sent. Images in the answer have no Anthropic form and are
   * left out.
   *
   * @throws StewardException {@link ErrorCode#UPSTREAM_ERROR} when a tool call's arguments are not
   *     a JSON object (Anthropic's {@code tool_use.input} must be one)
   */
  public byte[] encodeMessagesResponse(ChatResponse response) {
    Choice choice = response.choices().isEmpty() ? null : response.choices().get(0);
    ObjectNode root = Wire.object();
    root.put("id", response.id());
    root.put("type", "message");
    root.put("role", "assistant");
    root.put("model", response.model());
    ArrayNode content = root.putArray("content");
    if (choice != null) {
      for (ContentPart part : choice.message().content()) {
        if (part instanceof ContentPart.Text t) {
          content.addObject().put("type", "text").put("text", t.text());
        }
      }
      List<ToolCall> calls = choice.message().toolCalls();
      for (int j = 0; j < calls.size(); j++) {
        ToolCall call = calls.get(j);
        ObjectNode use = content.addObject();
        use.put("type", "tool_use");
        use.put("id", call.id());
        use.put("name", call.name());
        use.set("input", toolInput(call.argumentsJson(), j));
      }
    }
    root.put(
        "stop_reason", Wire.stopReason(choice == null ? StopReason.END_TURN : choice.stopReason()));
    if (choice != null && choice.stopSequence() != null) {
      root.put("stop_sequence", choice.stopSequence());
    } else {
      root.putNull("stop_sequence");
    }
    root.set("usage", Wire.usageNode(response.usage()));
    return Wire.bytes(root);
  }

  /** A decoder for one upstream stream. */
  public AnthropicStreamDecoder newStreamDecoder() {
    return new AnthropicStreamDecoder(clock);
  }

  /** An encoder for one stream served to a client. */
  public AnthropicStreamEncoder newStreamEncoder() {
    return new AnthropicStreamEncoder();
  }

  /**
   * Encodes an error in Anthropic's shape: {@code {"type":"error","error":{"type":..,
   * "message":..}}} with the code's Anthropic error type. The HTTP status is {@code
   * e.code().httpStatus()}.
   */
  public byte[] encodeError(StewardException e) {
    String message = e.getMessage();
    return Wire.bytes(
        Wire.errorNode(e.code().anthropicType(), message == null ? e.code().reason() : message));
  }

  static ObjectNode toolInput(String argumentsJson, int index) {
    try {
      return MessagesRequestEncoder.jsonObject(argumentsJson, "tool_calls[" + index + "]");
    } catch (StewardException e) {
      throw new StewardException(
          ErrorCode.UPSTREAM_ERROR,
          "tool_calls["
              + index
              + "].arguments: not a JSON object (expected: an object for Anthropic's"
              + " tool_use.input)",
          null,
          null,
          e);
    }
  }

  private static String upstreamText(JsonNode node, String field) {
    JsonNode n = node.get(field);
    if (n == null || !n.isTextual()) {
      throw Wire.malformedUpstream("response: " + field + " missing", null);
    }
    return n.asText();
  }

  private static @Nullable String textOrNull(@Nullable JsonNode n) {
    return n == null || !n.isTextual() ? null : n.asText();
  }
}
