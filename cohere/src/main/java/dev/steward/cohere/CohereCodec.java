package dev.steward.cohere;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.core.ChatRequest;
import dev.steward.core.ChatResponse;
import dev.steward.core.Choice;
import dev.steward.core.ContentPart;
import dev.steward.core.Embedding;
import dev.steward.core.EmbeddingRequest;
import dev.steward.core.EmbeddingResponse;
import dev.steward.core.ErrorCode;
import dev.steward.core.Message;
import dev.steward.core.ResponseFormat;
import dev.steward.core.StewardException;
import dev.steward.core.StopReason;
import dev.steward.core.Tool;
import dev.steward.core.ToolCall;
import dev.steward.core.ToolChoice;
import dev.steward.core.UpstreamException;
import dev.steward.core.Usage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Translates Steward's canonical requests and responses to and from Cohere's v2 wire format ({@code
 * POST /v2/chat}, {@code POST /v2/embed}). Stateless and safe to share.
 *
 * <p>How the canonical model maps where Cohere differs:
 *
 * <ul>
 *   <li>{@code developer} messages are sent as {@code system} messages.
 *   <li>Images are sent as {@code image_url} content parts, in user messages only (the only place
 *       Cohere accepts them); an image anywhere else is refused as an unsupported capability.
 *   <li>An assistant message's text that accompanies tool calls is sent as its {@code tool_plan}
 *       (Cohere's field for the reasoning that precedes tool calls); an answer's {@code tool_plan}
 *       is not surfaced as text, in complete or streamed answers alike.
 *   <li>Cohere's {@code tool_choice} knows only {@code REQUIRED} and {@code NONE}. {@link
 *       ToolChoice.Auto} omits the field (Cohere's default lets the model choose); {@link
 *       ToolChoice.Named} is sent as {@code REQUIRED} with the offered tools narrowed to the named
 *       one, which forces exactly that function.
 *   <li>A tool's {@code strict} flag becomes the request-wide {@code strict_tools: true} when any
 *       tool asks for it. {@code parallel_tool_calls}, {@code user} and metadata have no Cohere
 *       counterpart and are not sent.
 *   <li>{@link ResponseFormat.JsonSchema} is sent as {@code {"type":"json_object","json_schema":
 *       ...}}, Cohere's form of structured output.
 *   <li>{@code top_p} is sent as {@code p}, kept within Cohere's range 0.01..0.99 (1.0, "no nucleus
 *       cut", becomes 0.99). Penalties outside Cohere's 0..1 and {@code n > 1} are refused with
 *       {@link ErrorCode#CAPABILITY_UNSUPPORTED}.
 * </ul>
 */
public final class CohereCodec {
  /** The {@code input_type} sent with embeddings unless a model option says otherwise. */
  public static final String DEFAULT_INPUT_TYPE = "search_document";

  /** Cohere's accepted {@code input_type} values for text embeddings. */
  public static final Set<String> INPUT_TYPES =
      Set.of("search_document", "search_query", "classification", "clustering");

  /** The most texts Cohere embeds in one call. */
  public static final int MAX_EMBED_TEXTS = 96;

  private static final double MIN_P = 0.01;
  private static final double MAX_P = 0.99;
  private static final int MAX_ERROR_MESSAGE = 500;

  private final ObjectMapper json = new ObjectMapper();

  public CohereCodec() {}

  // ---------------------------------------------------------------- chat request

  /**
   * The body of {@code POST /v2/chat} for a request.
   *
   * @throws StewardException with {@link ErrorCode#CAPABILITY_UNSUPPORTED} for what Cohere cannot
   *     do, or {@link ErrorCode#INVALID_REQUEST} for a tool choice naming no offered tool
   */
  public byte[] encodeChatRequest(ChatRequest r) {
    if (r.n() != 1) {
      throw unsupported("n", "n: " + r.n() + " (expected: 1 for cohere)");
    }
    ObjectNode body = json.createObjectNode();
    body.put("model", r.model());
    ArrayNode messages = body.putArray("messages");
    for (Message m : r.messages()) {
      messages.add(encodeMessage(m));
    }
    List<Tool> tools = r.tools();
    ToolChoice choice = r.toolChoice();
    String cohereChoice = null;
    if (choice != null) {
      switch (choice) {
        case ToolChoice.Auto a -> cohereChoice = null;
        case ToolChoice.None n -> cohereChoice = "NONE";
        case ToolChoice.Required q -> cohereChoice = "REQUIRED";
        case ToolChoice.Named named -> {
          tools = tools.stream().filter(t -> t.name().equals(named.name())).toList();
          if (tools.isEmpty()) {
            throw StewardException.invalid(
                "tool_choice",
                "tool_choice: " + named.name() + " (expected: the name of an offered tool)");
          }
          cohereChoice = "REQUIRED";
        }
      }
    }
    if (!tools.isEmpty()) {
      ArrayNode array = body.putArray("tools");
      boolean strict = false;
      for (Tool t : tools) {
        array.add(encodeTool(t));
        strict |= Boolean.TRUE.equals(t.strict());
      }
      if (strict) {
        body.put("strict_tools", true);
      }
    }
    if (cohereChoice != null) {
      body.put("tool_choice", cohereChoice);
    }
    ResponseFormat format = r.responseFormat();
    if (format != null) {
      switch (format) {
        case ResponseFormat.Text t -> {
          // Cohere's default: nothing to send.
        }
        case ResponseFormat.JsonObject o ->
            body.putObject("response_format").put("type", "json_object");
        case ResponseFormat.JsonSchema s -> {
          ObjectNode f = body.putObject("response_format");
          f.put("type", "json_object");
          f.set("json_schema", parseJson(s.schemaJson(), "response_format.json_schema.schema"));
        }
      }
    }
    if (r.maxTokens() != null) {
      body.put("max_tokens", r.maxTokens());
    }
    if (!r.stop().isEmpty()) {
      ArrayNode stop = body.putArray("stop_sequences");
      r.stop().forEach(stop::add);
    }
    if (r.temperature() != null) {
      body.put("temperature", r.temperature());
    }
    if (r.seed() != null) {
      body.put("seed", r.seed());
    }
    putPenalty(body, "frequency_penalty", r.frequencyPenalty());
    putPenalty(body, "presence_penalty", r.presencePenalty());
    Double topP = r.topP();
    if (topP != null) {
      body.put("p", Math.max(MIN_P, Math.min(MAX_P, topP)));
    }
    body.put("stream", r.stream());
    return write(body);
  }

  private ObjectNode encodeMessage(Message m) {
    ObjectNode out = json.createObjectNode();
    switch (m.role()) {
      case SYSTEM, DEVELOPER -> {
        out.put("role", "system");
        out.put("content", textOf(m, "system"));
      }
      case USER -> {
        out.put("role", "user");
        if (m.textOnly()) {
          out.put("content", m.text());
        } else {
          ArrayNode parts = out.putArray("content");
          for (ContentPart part : m.content()) {
            switch (part) {
              case ContentPart.Text t ->
                  parts.addObject().put("type", "text").put("text", t.text());
              case ContentPart.Image image -> {
                ObjectNode url = parts.addObject().put("type", "image_url").putObject("image_url");
                url.put("url", image.asUrl());
                if (image.detail() != null) {
                  url.put("detail", image.detail());
                }
              }
            }
          }
        }
      }
      case ASSISTANT -> {
        out.put("role", "assistant");
        String text = textOf(m, "assistant");
        if (m.toolCalls().isEmpty()) {
          out.put("content", text);
        } else {
          if (!text.isEmpty()) {
            out.put("tool_plan", text);
          }
          ArrayNode calls = out.putArray("tool_calls");
          for (ToolCall call : m.toolCalls()) {
            ObjectNode c = calls.addObject();
            c.put("id", call.id());
            c.put("type", "function");
            ObjectNode f = c.putObject("function");
            f.put("name", call.name());
            f.put("arguments", call.argumentsJson());
          }
        }
      }
      case TOOL -> {
        out.put("role", "tool");
        out.put("tool_call_id", m.toolCallId());
        out.put("content", textOf(m, "tool"));
      }
    }
    return out;
  }

  private static String textOf(Message m, String role) {
    if (!m.textOnly()) {
      throw unsupported(
          "messages", "image: in a " + role + " message (expected: images only in user messages)");
    }
    return m.text();
  }

  private ObjectNode encodeTool(Tool t) {
    ObjectNode tool = json.createObjectNode();
    tool.put("type", "function");
    ObjectNode f = tool.putObject("function");
    f.put("name", t.name());
    if (t.description() != null) {
      f.put("description", t.description());
    }
    f.set("parameters", parseJson(t.parametersJson(), "tools." + t.name() + ".parameters"));
    return tool;
  }

  private static void putPenalty(ObjectNode body, String name, @Nullable Double value) {
    if (value == null) {
      return;
    }
    if (value < 0 || value > 1) {
      throw unsupported(name, name + ": " + value + " (expected: 0..1 for cohere)");
    }
    body.put(name, value);
  }

  // ---------------------------------------------------------------- chat response

  /**
   * A complete answer from a {@code /v2/chat} response body. Cohere's answer names neither the
   * model nor a creation time, so the model is empty and the time 0; {@link CohereClient} fills in
   * both.
   *
   * @throws UpstreamException when the body is not a Cohere chat response
   */
  public ChatResponse decodeChatResponse(byte[] body) {
    return decodeChatResponse(body, "", 0);
  }

  /**
   * A complete answer from a {@code /v2/chat} response body, attributed to {@code model} and {@code
   * created} (seconds since the epoch).
   *
   * @throws UpstreamException when the body is not a Cohere chat response
   */
  public ChatResponse decodeChatResponse(byte[] body, String model, long created) {
    JsonNode root = read(body, "chat response");
    JsonNode message = root.path("message");
    if (!message.isObject()) {
      throw malformed("chat response has no message object");
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode part : message.path("content")) {
      if ("text".equals(part.path("type").asText("text")) && part.path("text").isTextual()) {
        text.append(part.path("text").asText());
      }
    }
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode call : message.path("tool_calls")) {
      calls.add(decodeToolCall(call));
    }
    StopReason reason = stopReason(textOrNull(root.path("finish_reason")));
    Choice choice = new Choice(0, Message.assistant(text.toString(), calls), reason, null);
    return new ChatResponse(
        root.path("id").asText(""),
        model,
        created,
        List.of(choice),
        usage(root.path("usage")),
        null);
  }

  private static ToolCall decodeToolCall(JsonNode call) {
    JsonNode f = call.path("function");
    String name = textOrNull(f.path("name"));
    if (name == null) {
      throw malformed("chat response tool call has no function name");
    }
    String id = call.path("id").asText("");
    JsonNode args = f.path("arguments");
    String arguments =
        args.isTextual()
            ? args.asText()
            : args.isMissingNode() || args.isNull() ? "{}" : args.toString();
    return new ToolCall(id, name, arguments.isEmpty() ? "{}" : arguments);
  }

  /**
   * Maps Cohere's {@code finish_reason}; a missing or unknown reason counts as a natural end.
   * {@code TIMEOUT} and {@code ERROR} both mean generation failed.
   */
  static StopReason stopReason(@Nullable String finishReason) {
    if (finishReason == null) {
      return StopReason.END_TURN;
    }
    return switch (finishReason) {
      case "STOP_SEQUENCE" -> StopReason.STOP_SEQUENCE;
      case "MAX_TOKENS" -> StopReason.MAX_TOKENS;
      case "TOOL_CALL" -> StopReason.TOOL_USE;
      case "ERROR", "TIMEOUT" -> StopReason.ERROR;
      default -> StopReason.END_TURN;
    };
  }

  /**
   * Token usage from a Cohere {@code usage} object: {@code tokens} when present, else {@code
   * billed_units}; cached prompt tokens from {@code cached_tokens}. Counts arrive as JSON numbers
   * that may carry a fraction ({@code 21.0}).
   */
  static Usage usage(JsonNode usage) {
    JsonNode counts = usage.path("tokens");
    if (!counts.isObject()) {
      counts = usage.path("billed_units");
    }
    return new Usage(
        count(counts.path("input_tokens")),
        count(counts.path("output_tokens")),
        count(usage.path("cached_tokens")));
  }

  private static long count(JsonNode n) {
    return n.isNumber() ? Math.max(0, Math.round(n.asDouble())) : 0;
  }

  // ---------------------------------------------------------------- embeddings

  /** The body of {@code POST /v2/embed} with the default {@code input_type} (search_document). */
  public byte[] encodeEmbedRequest(EmbeddingRequest r) {
    return encodeEmbedRequest(r, DEFAULT_INPUT_TYPE);
  }

  /**
   * The body of {@code POST /v2/embed}: the texts, their {@code input_type}, float embeddings, and
   * {@code output_dimension} when dimensions were asked for.
   *
   * @throws StewardException with {@link ErrorCode#CAPABILITY_UNSUPPORTED} for more than {@value
   *     #MAX_EMBED_TEXTS} texts
   * @throws IllegalArgumentException for an input type Cohere does not know
   */
  public byte[] encodeEmbedRequest(EmbeddingRequest r, String inputType) {
    if (!INPUT_TYPES.contains(inputType)) {
      throw new IllegalArgumentException(
          "input-type: " + inputType + " (expected: one of " + INPUT_TYPES + ")");
    }
    if (r.input().size() > MAX_EMBED_TEXTS) {
      throw unsupported(
          "input",
          "input: "
              + r.input().size()
              + " texts (expected: at most "
              + MAX_EMBED_TEXTS
              + " for cohere)");
    }
    ObjectNode body = json.createObjectNode();
    body.put("model", r.model());
    ArrayNode texts = body.putArray("texts");
    r.input().forEach(texts::add);
    body.put("input_type", inputType);
    body.putArray("embedding_types").add("float");
    if (r.dimensions() != null) {
      body.put("output_dimension", r.dimensions());
    }
    return write(body);
  }

  /**
   * The vectors from a {@code /v2/embed} response body ({@code embeddings.float}), with usage from
   * {@code meta.billed_units.input_tokens}.
   *
   * @throws UpstreamException when the body is not a Cohere embed response
   */
  public EmbeddingResponse decodeEmbedResponse(byte[] body, String model) {
    JsonNode root = read(body, "embed response");
    JsonNode vectors = root.path("embeddings").path("float");
    if (!vectors.isArray()) {
      throw malformed("embed response has no embeddings.float array");
    }
    List<Embedding> data = new ArrayList<>();
    int index = 0;
    for (JsonNode vector : vectors) {
      float[] v = new float[vector.size()];
      for (int i = 0; i < v.length; i++) {
        JsonNode x = vector.get(i);
        if (x == null || !x.isNumber()) {
          throw malformed("embed response vector " + index + " has a non-number at " + i);
        }
        v[i] = x.floatValue();
      }
      data.add(new Embedding(index++, v));
    }
    JsonNode meta = root.path("meta");
    JsonNode units = meta.path("billed_units");
    long input =
        units.path("input_tokens").isNumber()
            ? count(units.path("input_tokens"))
            : count(meta.path("tokens").path("input_tokens"));
    return new EmbeddingResponse(model, data, new Usage(input, 0, 0));
  }

  // ---------------------------------------------------------------- errors

  /**
   * The message of a Cohere error body ({@code {"message": ...}}, optionally with an {@code id}),
   * cut to 500 characters; empty when the body carries none.
   */
  public Optional<String> errorMessage(byte[] body) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (root == null) {
      return Optional.empty();
    }
    JsonNode message = root.path("message");
    if (!message.isTextual()) {
      // Be lenient with proxies in front of Cohere that wrap the error OpenAI-style.
      message = root.path("error").path("message");
    }
    if (!message.isTextual() || message.asText().isBlank()) {
      return Optional.empty();
    }
    String text = message.asText().strip();
    return Optional.of(
        text.length() > MAX_ERROR_MESSAGE ? text.substring(0, MAX_ERROR_MESSAGE) + "…" : text);
  }

  // ---------------------------------------------------------------- helpers

  /** Parses one streamed event's data; package-private for {@link CohereStreamDecoder}. */
  JsonNode readEvent(String data) {
    try {
      JsonNode node = json.readTree(data);
      if (node == null || !node.isObject()) {
        throw malformed("stream event is not a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw malformed("stream event is not valid JSON");
    }
  }

  private JsonNode read(byte[] body, String what) {
    try {
      JsonNode node = json.readTree(body);
      if (node == null || !node.isObject()) {
        throw malformed(what + " is not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw malformed(what + " is not valid JSON");
    }
  }

  private JsonNode parseJson(String text, String param) {
    try {
      JsonNode node = json.readTree(text);
      if (node == null || !node.isObject()) {
        throw StewardException.invalid(
            param, param + ": not a JSON object (expected: a JSON Schema)");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw StewardException.invalid(param, param + ": invalid JSON (expected: a JSON Schema)");
    }
  }

  private byte[] write(ObjectNode body) {
    try {
      return json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }

  static @Nullable String textOrNull(JsonNode node) {
    return node.isTextual() ? node.asText() : null;
  }

  static UpstreamException malformed(String what) {
    return UpstreamException.fromStatus(502, null, "cohere: " + what, null);
  }

  private static StewardException unsupported(String param, String message) {
    return new StewardException(ErrorCode.CAPABILITY_UNSUPPORTED, message, param, null, null);
  }
}
