package dev.steward.openai;

import static dev.steward.openai.Json.invalid;
import static dev.steward.openai.Json.opt;
import static dev.steward.openai.Json.optBoolean;
import static dev.steward.openai.Json.optString;
import static dev.steward.openai.Json.quote;
import static dev.steward.openai.Json.required;
import static dev.steward.openai.Json.string;
import static dev.steward.openai.Json.wrongType;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
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
import dev.steward.core.Role;
import dev.steward.core.StewardException;
import dev.steward.core.StopReason;
import dev.steward.core.Tool;
import dev.steward.core.ToolCall;
import dev.steward.core.ToolChoice;
import dev.steward.core.UpstreamException;
import dev.steward.core.Usage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Converts between OpenAI's Chat Completions / Embeddings JSON and Steward's canonical model, both
 * ways: the server decodes callers' requests and encodes answers with it, the {@link OpenAiClient}
 * encodes requests to vendors and decodes their answers. Stateless and thread-safe; streams use
 * {@link OpenAiStreamEncoder} and {@link OpenAiStreamDecoder}, one per stream.
 *
 * <p>Callers' requests are decoded strictly: wrong types, missing required fields, values out of
 * range, unknown roles and unknown content part types fail with {@link ErrorCode#INVALID_REQUEST}
 * naming the field ({@code messages[2].role}). Unknown <em>top-level</em> fields are ignored, as
 * OpenAI adds request fields often and SDKs send them as soon as they exist; rejecting them would
 * break callers on every SDK upgrade. The price is that fields Steward has no canonical form for
 * ({@code logprobs}, {@code logit_bias}, {@code audio}, {@code modalities}, {@code
 * reasoning_effort}, {@code store}, {@code service_tier}, ...) are silently not forwarded.
 *
 * <p>Vendors' answers are decoded leniently (unknown fields ignored, missing usage read as zero);
 * an answer that is no JSON fails with a retryable {@link UpstreamException}.
 */
public final class OpenAiCodec {
  private static final Base64.Decoder BASE64 = Base64.getDecoder();
  private static final int MAX_EMBEDDING_INPUTS = 2048;

  public OpenAiCodec() {}

  // ---------------------------------------------------------------- chat request, inbound

  /**
   * Decodes a caller's {@code POST /v1/chat/completions} body.
   *
   * @throws StewardException {@link ErrorCode#MALFORMED_JSON} when the body is no JSON, {@link
   *     ErrorCode#INVALID_REQUEST} (with the field as {@code param}) when it is not a valid request
   */
  public ChatRequest decodeChatRequest(byte[] body) {
    JsonNode root = Json.parseRequestObject(body);
    String model = string(required(root, "model", "model", "a model name"), "model");
    if (model.isBlank()) {
      throw invalid("model", "empty", "a model name");
    }
    ChatRequest.Builder b = ChatRequest.builder(model);

    JsonNode messagesNode =
        Json.array(
            required(root, "messages", "messages", "a non-empty array of messages"),
            "messages",
            "a non-empty array of messages");
    if (messagesNode.isEmpty()) {
      throw invalid("messages", "empty", "a non-empty array of messages");
    }
    List<Message> messages = new ArrayList<>(messagesNode.size());
    for (int i = 0; i < messagesNode.size(); i++) {
      messages.add(decodeMessage(messagesNode.get(i), "messages[" + i + "]"));
    }
    b.messages(messages);

    JsonNode toolsNode = opt(root, "tools");
    if (toolsNode != null) {
      Json.array(toolsNode, "tools", "an array of tools");
      List<Tool> tools = new ArrayList<>(toolsNode.size());
      for (int i = 0; i < toolsNode.size(); i++) {
        tools.add(decodeTool(toolsNode.get(i), "tools[" + i + "]"));
      }
      b.tools(tools);
    }
    JsonNode toolChoice = opt(root, "tool_choice");
    if (toolChoice != null) {
      b.toolChoice(decodeToolChoice(toolChoice));
    }
    b.parallelToolCalls(optBoolean(root, "parallel_tool_calls", "parallel_tool_calls"));
    JsonNode format = opt(root, "response_format");
    if (format != null) {
      b.responseFormat(decodeResponseFormat(format));
    }

    // max_completion_tokens is OpenAI's current name; max_tokens the deprecated one that
    // compatible servers and older SDKs still send. When both are given the newer one wins.
    Integer maxTokens = optPositiveInt(root, "max_completion_tokens");
    Integer legacyMax = optPositiveInt(root, "max_tokens");
    b.maxTokens(maxTokens != null ? maxTokens : legacyMax);
    b.temperature(optDouble(root, "temperature", 0, 2, "a number in 0..2"));
    b.topP(optDouble(root, "top_p", 0, 1, "a number in 0..1"));
    b.presencePenalty(optDouble(root, "presence_penalty", -2, 2, "a number in -2..2"));
    b.frequencyPenalty(optDouble(root, "frequency_penalty", -2, 2, "a number in -2..2"));
    JsonNode n = opt(root, "n");
    if (n != null) {
      b.n((int) Json.integer(n, "n", 1, 128, "an integer in 1..128"));
    }
    JsonNode stop = opt(root, "stop");
    if (stop != null) {
      b.stop(decodeStop(stop));
    }
    JsonNode seed = opt(root, "seed");
    if (seed != null) {
      b.seed(Json.integer(seed, "seed", Long.MIN_VALUE, Long.MAX_VALUE, "an integer"));
    }
    b.user(optString(root, "user", "user"));
    Boolean stream = optBoolean(root, "stream", "stream");
    boolean streaming = stream != null && stream;
    b.stream(streaming);
    JsonNode streamOptions = opt(root, "stream_options");
    if (streamOptions != null) {
      Json.object(streamOptions, "stream_options");
      Boolean includeUsage =
          optBoolean(streamOptions, "include_usage", "stream_options.include_usage");
      // Without stream, include_usage means nothing: a complete answer always carries usage.
      b.includeUsage(streaming && includeUsage != null && includeUsage);
    }
    JsonNode metadata = opt(root, "metadata");
    if (metadata != null) {
      b.metadata(decodeMetadata(metadata));
    }
    return b.build();
  }

  private static @Nullable Integer optPositiveInt(JsonNode root, String field) {
    JsonNode v = opt(root, field);
    return v == null ? null : (int) Json.integer(v, field, 1, Integer.MAX_VALUE, "an integer >= 1");
  }

  private static @Nullable Double optDouble(
      JsonNode root, String field, double min, double max, String expected) {
    JsonNode v = opt(root, field);
    return v == null ? null : Json.number(v, field, min, max, expected);
  }

  private static Message decodeMessage(JsonNode node, String path) {
    Json.object(node, path);
    String rolePath = path + ".role";
    String roleName =
        string(
            required(node, "role", rolePath, "system, developer, user, assistant or tool"),
            rolePath);
    Role role =
        switch (roleName) {
          case "system" -> Role.SYSTEM;
          case "developer" -> Role.DEVELOPER;
          case "user" -> Role.USER;
          case "assistant" -> Role.ASSISTANT;
          case "tool" -> Role.TOOL;
          default ->
              throw invalid(
                  rolePath, quote(roleName), "system, developer, user, assistant or tool");
        };
    String name = optString(node, "name", path + ".name");

    List<ContentPart> content;
    JsonNode contentNode = opt(node, "content");
    String contentPath = path + ".content";
    if (contentNode == null) {
      if (role != Role.ASSISTANT) {
        throw invalid(
            contentPath,
            node.has("content") ? "null" : "missing",
            "a string or an array of content parts");
      }
      content = new ArrayList<>(1);
    } else if (contentNode.isTextual()) {
      content = new ArrayList<>(1);
      content.add(new ContentPart.Text(contentNode.textValue()));
    } else if (contentNode.isArray()) {
      content = new ArrayList<>(contentNode.size());
      for (int i = 0; i < contentNode.size(); i++) {
        content.add(decodePart(contentNode.get(i), contentPath + "[" + i + "]", role));
      }
    } else {
      throw wrongType(contentPath, contentNode, "a string or an array of content parts");
    }

    List<ToolCall> toolCalls = List.of();
    String toolCallId = null;
    if (role == Role.ASSISTANT) {
      // An assistant turn that was refused carries its refusal instead of content.
      String refusal = optString(node, "refusal", path + ".refusal");
      if (refusal != null && content.isEmpty()) {
        content.add(new ContentPart.Text(refusal));
      }
      JsonNode calls = opt(node, "tool_calls");
      if (calls != null) {
        String callsPath = path + ".tool_calls";
        Json.array(calls, callsPath, "an array of tool calls");
        List<ToolCall> decoded = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
          decoded.add(decodeToolCall(calls.get(i), callsPath + "[" + i + "]"));
        }
        toolCalls = decoded;
      }
    } else if (role == Role.TOOL) {
      String idPath = path + ".tool_call_id";
      toolCallId = string(required(node, "tool_call_id", idPath, "the id of a tool call"), idPath);
    }
    return new Message(role, content, toolCalls, toolCallId, name);
  }

  private static ContentPart decodePart(JsonNode node, String path, Role role) {
    Json.object(node, path);
    String typePath = path + ".type";
    String type = string(required(node, "type", typePath, "text or image_url"), typePath);
    switch (type) {
      case "text" -> {
        return new ContentPart.Text(
            string(required(node, "text", path + ".text", "a string"), path + ".text"));
      }
      case "refusal" -> {
        if (role != Role.ASSISTANT) {
          throw invalid(typePath, quote(type), "text or image_url");
        }
        return new ContentPart.Text(
            string(required(node, "refusal", path + ".refusal", "a string"), path + ".refusal"));
      }
      case "image_url" -> {
        if (role != Role.USER) {
          throw invalid(
              typePath,
              quote(type),
              "text in a " + role.name().toLowerCase(Locale.ROOT) + " message");
        }
        String imagePath = path + ".image_url";
        JsonNode image =
            Json.object(required(node, "image_url", imagePath, "an object"), imagePath);
        String urlPath = imagePath + ".url";
        String url = string(required(image, "url", urlPath, "an image URL"), urlPath);
        String detailPath = imagePath + ".detail";
        String detail = optString(image, "detail", detailPath);
        if (detail != null
            && !detail.equals("auto")
            && !detail.equals("low")
            && !detail.equals("high")) {
          throw invalid(detailPath, quote(detail), "auto, low or high");
        }
        return decodeImageUrl(url, detail, urlPath);
      }
      default -> {
        String expected = role == Role.ASSISTANT ? "text or refusal" : "text or image_url";
        throw invalid(typePath, quote(type), expected);
      }
    }
  }

  private static ContentPart.Image decodeImageUrl(
      String url, @Nullable String detail, String path) {
    String expected = "an http(s) URL or a data:<media type>;base64,<data> URL";
    if (url.regionMatches(true, 0, "https://", 0, 8)
        || url.regionMatches(true, 0, "http://", 0, 7)) {
      return ContentPart.Image.ofUrl(url, detail);
    }
    if (url.regionMatches(true, 0, "data:", 0, 5)) {
      int comma = url.indexOf(',');
      String header = comma < 0 ? "" : url.substring(5, comma);
      if (comma < 0 || !header.endsWith(";base64")) {
        throw invalid(path, "a data URL without base64 data", expected);
      }
      String mediaType = header.substring(0, header.length() - ";base64".length());
      int semicolon = mediaType.indexOf(';');
      if (semicolon >= 0) {
        mediaType = mediaType.substring(0, semicolon);
      }
      if (!mediaType.startsWith("image/") || mediaType.length() == "image/".length()) {
        throw invalid(path, "a data URL of media type " + quote(mediaType), "an image/* type");
      }
      String data = url.substring(comma + 1);
      if (data.isEmpty()) {
        throw invalid(path, "a data URL without data", expected);
      }
      return ContentPart.Image.ofBase64(mediaType, data, detail);
    }
    int colon = url.indexOf(':');
    String scheme = colon > 0 && colon < 16 ? url.substring(0, colon) : "";
    throw invalid(path, scheme.isEmpty() ? "no URL" : "a " + quote(scheme) + " URL", expected);
  }

  private static ToolCall decodeToolCall(JsonNode node, String path) {
    Json.object(node, path);
    String id = string(required(node, "id", path + ".id", "a tool call id"), path + ".id");
    String type = optString(node, "type", path + ".type");
    if (type != null && !type.equals("function")) {
      throw invalid(path + ".type", quote(type), "function");
    }
    String fnPath = path + ".function";
    JsonNode fn = Json.object(required(node, "function", fnPath, "an object"), fnPath);
    String name =
        string(required(fn, "name", fnPath + ".name", "a function name"), fnPath + ".name");
    String arguments =
        string(
            required(fn, "arguments", fnPath + ".arguments", "a JSON string"),
            fnPath + ".arguments");
    return new ToolCall(id, name, arguments);
  }

  private static Tool decodeTool(JsonNode node, String path) {
    Json.object(node, path);
    String typePath = path + ".type";
    String type = string(required(node, "type", typePath, "function"), typePath);
    if (!type.equals("function")) {
      throw invalid(typePath, quote(type), "function");
    }
    String fnPath = path + ".function";
    JsonNode fn = Json.object(required(node, "function", fnPath, "an object"), fnPath);
    String name =
        string(required(fn, "name", fnPath + ".name", "a function name"), fnPath + ".name");
    if (name.isEmpty()) {
      throw invalid(fnPath + ".name", "empty", "a function name");
    }
    String description = optString(fn, "description", fnPath + ".description");
    JsonNode params = opt(fn, "parameters");
    String parametersJson;
    if (params == null) {
      // OpenAI treats a function without parameters as taking none.
      parametersJson = "{\"type\":\"object\",\"properties\":{}}";
    } else {
      parametersJson = Json.toText(Json.object(params, fnPath + ".parameters"));
    }
    Boolean strict = optBoolean(fn, "strict", fnPath + ".strict");
    return new Tool(name, description, parametersJson, strict);
  }

  private static ToolChoice decodeToolChoice(JsonNode node) {
    String expected = "auto, none, required or {\"type\":\"function\",\"function\":{\"name\":...}}";
    if (node.isTextual()) {
      return switch (node.textValue()) {
        case "auto" -> ToolChoice.AUTO;
        case "none" -> ToolChoice.NONE;
        case "required" -> ToolChoice.REQUIRED;
        default -> throw invalid("tool_choice", quote(node.textValue()), expected);
      };
    }
    if (!node.isObject()) {
      throw wrongType("tool_choice", node, expected);
    }
    String type =
        string(required(node, "type", "tool_choice.type", "function"), "tool_choice.type");
    if (!type.equals("function")) {
      throw invalid("tool_choice.type", quote(type), "function");
    }
    JsonNode fn =
        Json.object(
            required(node, "function", "tool_choice.function", "an object"),
            "tool_choice.function");
    String name =
        string(
            required(fn, "name", "tool_choice.function.name", "a function name"),
            "tool_choice.function.name");
    return new ToolChoice.Named(name);
  }

  private static ResponseFormat decodeResponseFormat(JsonNode node) {
    Json.object(node, "response_format");
    String type =
        string(
            required(node, "type", "response_format.type", "text, json_object or json_schema"),
            "response_format.type");
    return switch (type) {
      case "text" -> ResponseFormat.TEXT;
      case "json_object" -> ResponseFormat.JSON_OBJECT;
      case "json_schema" -> {
        String p = "response_format.json_schema";
        JsonNode js = Json.object(required(node, "json_schema", p, "an object"), p);
        String name = string(required(js, "name", p + ".name", "a schema name"), p + ".name");
        String description = optString(js, "description", p + ".description");
        JsonNode schema =
            Json.object(
                required(js, "schema", p + ".schema", "a JSON Schema object"), p + ".schema");
        Boolean strict = optBoolean(js, "strict", p + ".strict");
        yield new ResponseFormat.JsonSchema(name, description, Json.toText(schema), strict);
      }
      default ->
          throw invalid("response_format.type", quote(type), "text, json_object or json_schema");
    };
  }

  private static List<String> decodeStop(JsonNode node) {
    if (node.isTextual()) {
      return List.of(node.textValue());
    }
    Json.array(node, "stop", "a string or an array of strings");
    List<String> stop = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      stop.add(string(node.get(i), "stop[" + i + "]"));
    }
    return stop;
  }

  private static Map<String, String> decodeMetadata(JsonNode node) {
    Json.object(node, "metadata");
    if (node.size() > 16) {
      throw invalid("metadata", node.size() + " keys", "at most 16 keys");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String key = e.getKey();
      String path = "metadata." + key;
      if (key.length() > 64) {
        throw invalid("metadata", "a key of " + key.length() + " characters", "at most 64");
      }
      String value = string(e.getValue(), path);
      if (value.length() > 512) {
        throw invalid(path, value.length() + " characters", "at most 512");
      }
      metadata.put(key, value);
    }
    return metadata;
  }

  // ---------------------------------------------------------------- chat request, outbound

  /**
   * Encodes a request for an upstream, with only the fields that are set. A streaming request
   * always asks for usage ({@code stream_options.include_usage}): the gateway's ledger needs it
   * even when the caller did not. The caller's {@code metadata} is the gateway's and is not
   * forwarded.
   */
  public byte[] encodeChatRequest(ChatRequest r, Dialect d) {
    return encodeChatRequest(r, d, r.stream());
  }

  byte[] encodeChatRequest(ChatRequest r, Dialect d, boolean stream) {
    return Json.write(
        1024,
        g -> {
          g.writeStartObject();
          g.writeStringField("model", r.model());
          g.writeArrayFieldStart("messages");
          for (Message m : r.messages()) {
            writeMessage(g, m, d);
          }
          g.writeEndArray();
          if (!r.tools().isEmpty()) {
            g.writeArrayFieldStart("tools");
            for (Tool t : r.tools()) {
              g.writeStartObject();
              g.writeStringField("type", "function");
              g.writeObjectFieldStart("function");
              g.writeStringField("name", t.name());
              if (t.description() != null) {
                g.writeStringField("description", t.description());
              }
              g.writeFieldName("parameters");
              g.writeRawValue(t.parametersJson());
              if (t.strict() != null) {
                g.writeBooleanField("strict", t.strict());
              }
              g.writeEndObject();
              g.writeEndObject();
            }
            g.writeEndArray();
            // OpenAI refuses tool_choice and parallel_tool_calls without tools.
            ToolChoice choice = r.toolChoice();
            if (choice != null) {
              g.writeFieldName("tool_choice");
              writeToolChoice(g, choice);
            }
            if (r.parallelToolCalls() != null) {
              g.writeBooleanField("parallel_tool_calls", r.parallelToolCalls());
            }
          }
          ResponseFormat format = r.responseFormat();
          if (format != null) {
            g.writeFieldName("response_format");
            writeResponseFormat(g, format);
          }
          if (r.maxTokens() != null) {
            g.writeNumberField(
                d == Dialect.OPENAI ? "max_completion_tokens" : "max_tokens", r.maxTokens());
          }
          writeOptional(g, "temperature", r.temperature());
          writeOptional(g, "top_p", r.topP());
          writeOptional(g, "presence_penalty", r.presencePenalty());
          writeOptional(g, "frequency_penalty", r.frequencyPenalty());
          if (r.n() != 1) {
            g.writeNumberField("n", r.n());
          }
          if (!r.stop().isEmpty()) {
            g.writeArrayFieldStart("stop");
            for (String s : r.stop()) {
              g.writeString(s);
            }
            g.writeEndArray();
          }
          if (r.seed() != null) {
            g.writeNumberField("seed", r.seed());
          }
          if (r.user() != null) {
            g.writeStringField("user", r.user());
          }
          if (stream) {
            g.writeBooleanField("stream", true);
            g.writeObjectFieldStart("stream_options");
            g.writeBooleanField("include_usage", true);
            g.writeEndObject();
          }
          g.writeEndObject();
        });
  }

  private static void writeOptional(JsonGenerator g, String field, @Nullable Double value)
      throws IOException {
    if (value != null) {
      g.writeNumberField(field, value);
    }
  }

  private static void writeMessage(JsonGenerator g, Message m, Dialect d) throws IOException {
    g.writeStartObject();
    g.writeStringField("role", roleName(m.role(), d));
    List<ContentPart> content = m.content();
    if (content.isEmpty()) {
      g.writeNullField("content");
    } else if (content.size() == 1 && content.get(0) instanceof ContentPart.Text t) {
      g.writeStringField("content", t.text());
    } else {
      g.writeArrayFieldStart("content");
      for (ContentPart part : content) {
        switch (part) {
          case ContentPart.Text t -> {
            g.writeStartObject();
            g.writeStringField("type", "text");
            g.writeStringField("text", t.text());
            g.writeEndObject();
          }
          case ContentPart.Image image -> {
            g.writeStartObject();
            g.writeStringField("type", "image_url");
            g.writeObjectFieldStart("image_url");
            g.writeStringField("url", image.asUrl());
            if (image.detail() != null) {
              g.writeStringField("detail", image.detail());
            }
            g.writeEndObject();
            g.writeEndObject();
          }
        }
      }
      g.writeEndArray();
    }
    if (m.name() != null) {
      g.writeStringField("name", m.name());
    }
    if (!m.toolCalls().isEmpty()) {
      writeToolCalls(g, m.toolCalls());
    }
    if (m.toolCallId() != null) {
      g.writeStringField("tool_call_id", m.toolCallId());
    }
    g.writeEndObject();
  }

  private static String roleName(Role role, Dialect d) {
    return switch (role) {
      case SYSTEM -> "system";
      case DEVELOPER -> d == Dialect.OPENAI ? "developer" : "system";
      case USER -> "user";
      case ASSISTANT -> "assistant";
      case TOOL -> "tool";
    };
  }

  private static void writeToolCalls(JsonGenerator g, List<ToolCall> calls) throws IOException {
    g.writeArrayFieldStart("tool_calls");
    for (ToolCall call : calls) {
      g.writeStartObject();
      g.writeStringField("id", call.id());
      g.writeStringField("type", "function");
      g.writeObjectFieldStart("function");
      g.writeStringField("name", call.name());
      g.writeStringField("arguments", call.argumentsJson());
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void writeToolChoice(JsonGenerator g, ToolChoice choice) throws IOException {
    switch (choice) {
      case ToolChoice.Auto a -> g.writeString("auto");
      case ToolChoice.None n -> g.writeString("none");
      case ToolChoice.Required r -> g.writeString("required");
      case ToolChoice.Named named -> {
        g.writeStartObject();
        g.writeStringField("type", "function");
        g.writeObjectFieldStart("function");
        g.writeStringField("name", named.name());
        g.writeEndObject();
        g.writeEndObject();
      }
    }
  }

  private static void writeResponseFormat(JsonGenerator g, ResponseFormat format)
      throws IOException {
    g.writeStartObject();
    switch (format) {
      case ResponseFormat.Text t -> g.writeStringField("type", "text");
      case ResponseFormat.JsonObject o -> g.writeStringField("type", "json_object");
      case ResponseFormat.JsonSchema s -> {
        g.writeStringField("type", "json_schema");
        g.writeObjectFieldStart("json_schema");
        g.writeStringField("name", s.name());
        if (s.description() != null) {
          g.writeStringField("description", s.description());
        }
        g.writeFieldName("schema");
        g.writeRawValue(s.schemaJson());
        if (s.strict() != null) {
          g.writeBooleanField("strict", s.strict());
        }
        g.writeEndObject();
      }
    }
    g.writeEndObject();
  }

  // ---------------------------------------------------------------- chat response

  /**
   * Decodes a vendor's {@code chat.completion}. A {@code message.refusal} is kept as the message's
   * text. OpenAI cannot say which stop sequence ended an answer, so {@code stop} is {@link
   * StopReason#END_TURN}; vLLM can ({@code stop_reason} holding the string), and then it is {@link
   * StopReason#STOP_SEQUENCE}.
   *
   * @throws UpstreamException when the body is no chat completion
   */
  public ChatResponse decodeChatResponse(byte[] body) {
    JsonNode root = Json.parseVendorObject(body);
    if (root == null) {
      throw unreadable("chat completion: not a JSON object");
    }
    JsonNode error = opt(root, "error");
    if (error != null && error.isObject()) {
      VendorError e = errorOf(root);
      throw UpstreamException.fromStatus(
          e.statusOr(502),
          e.vendorType(),
          "upstream error in a 200 answer: " + e.messageOr("no message"),
          null);
    }
    List<Choice> choices = new ArrayList<>();
    JsonNode choicesNode = opt(root, "choices");
    if (choicesNode == null || !choicesNode.isArray()) {
      throw unreadable("chat completion: no choices array");
    }
    for (JsonNode c : choicesNode) {
      JsonNode message = opt(c, "message");
      if (message == null || !message.isObject()) {
        throw unreadable("chat completion: a choice without message");
      }
      List<ContentPart> content = new ArrayList<>(1);
      JsonNode text = opt(message, "content");
      if (text != null && text.isTextual()) {
        content.add(new ContentPart.Text(text.textValue()));
      }
      JsonNode refusal = opt(message, "refusal");
      if (refusal != null && refusal.isTextual() && content.isEmpty()) {
        content.add(new ContentPart.Text(refusal.textValue()));
      }
      List<ToolCall> calls = new ArrayList<>();
      JsonNode callsNode = opt(message, "tool_calls");
      if (callsNode != null && callsNode.isArray()) {
        for (JsonNode call : callsNode) {
          JsonNode fn = opt(call, "function");
          String id = textOr(call, "id", "");
          if (fn == null || id.isEmpty()) {
            throw unreadable("chat completion: a tool call without id or function");
          }
          calls.add(new ToolCall(id, textOr(fn, "name", ""), textOr(fn, "arguments", "{}")));
        }
      }
      Message m = new Message(Role.ASSISTANT, content, calls, null, null);
      String stopSequence = vllmStopSequence(c);
      StopReason reason = stopReason(textOrNull(c, "finish_reason"), stopSequence);
      choices.add(
          new Choice(
              c.path("index").asInt(choices.size()),
              m,
              reason,
              reason == StopReason.STOP_SEQUENCE ? stopSequence : null));
    }
    return new ChatResponse(
        textOr(root, "id", ""),
        textOr(root, "model", ""),
        root.path("created").asLong(0),
        choices,
        usage(opt(root, "usage")),
        textOrNull(root, "system_fingerprint"));
  }

  /** Encodes an answer in OpenAI's {@code chat.completion} shape. */
  public byte[] encodeChatResponse(ChatResponse r) {
    return Json.write(
        512,
        g -> {
          g.writeStartObject();
          g.writeStringField("id", r.id());
          g.writeStringField("object", "chat.completion");
          g.writeNumberField("created", r.created());
          g.writeStringField("model", r.model());
          g.writeArrayFieldStart("choices");
          for (Choice c : r.choices()) {
            g.writeStartObject();
            g.writeNumberField("index", c.index());
            g.writeObjectFieldStart("message");
            g.writeStringField("role", "assistant");
            Message m = c.message();
            if (m.content().isEmpty()) {
              g.writeNullField("content");
            } else {
              g.writeStringField("content", m.text());
            }
            g.writeNullField("refusal");
            if (!m.toolCalls().isEmpty()) {
              writeToolCalls(g, m.toolCalls());
            }
            g.writeEndObject();
            g.writeNullField("logprobs");
            g.writeStringField("finish_reason", finishReason(c.stopReason()));
            g.writeEndObject();
          }
          g.writeEndArray();
          writeUsage(g, r.usage());
          if (r.systemFingerprint() != null) {
            g.writeStringField("system_fingerprint", r.systemFingerprint());
          } else {
            g.writeNullField("system_fingerprint");
          }
          g.writeEndObject();
        });
  }

  static void writeUsage(JsonGenerator g, Usage u) throws IOException {
    g.writeObjectFieldStart("usage");
    g.writeNumberField("prompt_tokens", u.inputTokens());
    g.writeNumberField("completion_tokens", u.outputTokens());
    g.writeNumberField("total_tokens", u.totalTokens());
    g.writeObjectFieldStart("prompt_tokens_details");
    g.writeNumberField("cached_tokens", u.cachedInputTokens());
    g.writeEndObject();
    g.writeEndObject();
  }

  /** OpenAI's finish_reason for a stop reason; its five names cannot say more. */
  static String finishReason(StopReason reason) {
    return switch (reason) {
      case END_TURN, STOP_SEQUENCE, ERROR -> "stop";
      case MAX_TOKENS -> "length";
      case TOOL_USE -> "tool_calls";
      case CONTENT_FILTER -> "content_filter";
    };
  }

  /** The stop reason for a finish_reason; an unknown or missing one counts as a natural end. */
  static StopReason stopReason(@Nullable String finishReason, @Nullable String stopSequence) {
    if (finishReason == null) {
      return StopReason.END_TURN;
    }
    return switch (finishReason) {
      case "stop" -> stopSequence != null ? StopReason.STOP_SEQUENCE : StopReason.END_TURN;
      case "length" -> StopReason.MAX_TOKENS;
      case "tool_calls", "function_call" -> StopReason.TOOL_USE;
      case "content_filter" -> StopReason.CONTENT_FILTER;
      case "error" -> StopReason.ERROR;
      default -> StopReason.END_TURN;
    };
  }

  /** vLLM's {@code stop_reason}: the stop string that matched (a number is a stop token id). */
  static @Nullable String vllmStopSequence(JsonNode choice) {
    JsonNode v = choice.get("stop_reason");
    return v != null && v.isTextual() ? v.textValue() : null;
  }

  static Usage usage(@Nullable JsonNode node) {
    if (node == null || !node.isObject()) {
      return Usage.ZERO;
    }
    long in = Math.max(0, node.path("prompt_tokens").asLong(0));
    long out = Math.max(0, node.path("completion_tokens").asLong(0));
    long cached = Math.max(0, node.path("prompt_tokens_details").path("cached_tokens").asLong(0));
    return new Usage(in, out, Math.min(cached, in));
  }

  static String textOr(JsonNode node, String field, String fallback) {
    JsonNode v = node.get(field);
    return v != null && v.isTextual() ? v.textValue() : fallback;
  }

  static @Nullable String textOrNull(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isTextual() ? v.textValue() : null;
  }

  static UpstreamException unreadable(String what) {
    return new UpstreamException(
        ErrorCode.UPSTREAM_ERROR,
        "upstream answer unreadable: " + what,
        200,
        true,
        null,
        null,
        null);
  }

  // ---------------------------------------------------------------- embeddings

  /** Decodes a caller's {@code POST /v1/embeddings} body. */
  public DecodedEmbeddingRequest decodeEmbeddingRequest(byte[] body) {
    JsonNode root = Json.parseRequestObject(body);
    String model = string(required(root, "model", "model", "a model name"), "model");
    if (model.isBlank()) {
      throw invalid("model", "empty", "a model name");
    }
    String expected = "a string or an array of strings";
    JsonNode inputNode = required(root, "input", "input", expected);
    List<String> input;
    if (inputNode.isTextual()) {
      input = List.of(inputNode.textValue());
    } else if (inputNode.isArray()) {
      if (inputNode.isEmpty()) {
        throw invalid("input", "empty", "at least one text");
      }
      if (inputNode.size() > MAX_EMBEDDING_INPUTS) {
        throw invalid("input", inputNode.size() + " texts", "at most " + MAX_EMBEDDING_INPUTS);
      }
      input = new ArrayList<>(inputNode.size());
      for (int i = 0; i < inputNode.size(); i++) {
        JsonNode item = inputNode.get(i);
        if (!item.isTextual()) {
          // Token arrays are OpenAI's too, but Steward routes text only.
          throw wrongType("input[" + i + "]", item, "a string");
        }
        input.add(item.textValue());
      }
    } else {
      throw wrongType("input", inputNode, expected);
    }
    for (int i = 0; i < input.size(); i++) {
      if (input.get(i).isEmpty()) {
        String path = inputNode.isArray() ? "input[" + i + "]" : "input";
        throw invalid(path, "empty", "a non-empty string");
      }
    }
    String format = optString(root, "encoding_format", "encoding_format");
    boolean base64 = false;
    if (format != null) {
      base64 =
          switch (format) {
            case "float" -> false;
            case "base64" -> true;
            default -> throw invalid("encoding_format", quote(format), "float or base64");
          };
    }
    JsonNode dims = opt(root, "dimensions");
    Integer dimensions =
        dims == null
            ? null
            : (int) Json.integer(dims, "dimensions", 1, 65536, "an integer in 1..65536");
    String user = optString(root, "user", "user");
    return new DecodedEmbeddingRequest(
        new EmbeddingRequest(model, input, dimensions, user), base64);
  }

  /** Encodes an embeddings request for an upstream, asking for float vectors. */
  public byte[] encodeEmbeddingRequest(EmbeddingRequest r) {
    return Json.write(
        256,
        g -> {
          g.writeStartObject();
          g.writeStringField("model", r.model());
          g.writeArrayFieldStart("input");
          for (String s : r.input()) {
            g.writeString(s);
          }
          g.writeEndArray();
          if (r.dimensions() != null) {
            g.writeNumberField("dimensions", r.dimensions());
          }
          if (r.user() != null) {
            g.writeStringField("user", r.user());
          }
          g.writeStringField("encoding_format", "float");
          g.writeEndObject();
        });
  }

  /**
   * Decodes a vendor's embeddings list; vectors may be JSON numbers or base64 little-endian
   * float32. They are returned in index order.
   */
  public EmbeddingResponse decodeEmbeddingResponse(byte[] body) {
    JsonNode root = Json.parseVendorObject(body);
    if (root == null) {
      throw unreadable("embeddings: not a JSON object");
    }
    JsonNode data = opt(root, "data");
    if (data == null || !data.isArray()) {
      throw unreadable("embeddings: no data array");
    }
    Embedding[] vectors = new Embedding[data.size()];
    int position = 0;
    for (JsonNode item : data) {
      int index = item.path("index").asInt(position);
      if (index < 0 || index >= vectors.length || vectors[index] != null) {
        throw unreadable("embeddings: index " + index + " out of order");
      }
      JsonNode v = item.get("embedding");
      float[] vector;
      if (v != null && v.isArray()) {
        vector = new float[v.size()];
        for (int i = 0; i < vector.length; i++) {
          vector[i] = v.get(i).floatValue();
        }
      } else if (v != null && v.isTextual()) {
        vector = floatsFromBase64(v.textValue());
      } else {
        throw unreadable("embeddings: item " + position + " without embedding");
      }
      vectors[index] = new Embedding(index, vector);
      position++;
    }
    JsonNode usageNode = opt(root, "usage");
    long prompt = usageNode == null ? 0 : Math.max(0, usageNode.path("prompt_tokens").asLong(0));
    return new EmbeddingResponse(
        textOr(root, "model", ""), List.of(vectors), new Usage(prompt, 0, 0));
  }

  /** Encodes embeddings as OpenAI does, vectors as numbers or base64 little-endian float32. */
  public byte[] encodeEmbeddingResponse(EmbeddingResponse r, boolean base64) {
    int hint = 128;
    for (Embedding e : r.data()) {
      hint += e.dimensions() * (base64 ? 6 : 12);
    }
    return Json.write(
        hint,
        g -> {
          g.writeStartObject();
          g.writeStringField("object", "list");
          g.writeArrayFieldStart("data");
          for (Embedding e : r.data()) {
            g.writeStartObject();
            g.writeStringField("object", "embedding");
            g.writeNumberField("index", e.index());
            float[] vector = e.vector();
            if (base64) {
              g.writeStringField("embedding", floatsToBase64(vector));
            } else {
              g.writeArrayFieldStart("embedding");
              for (float f : vector) {
                g.writeNumber(f);
              }
              g.writeEndArray();
            }
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeStringField("model", r.model());
          g.writeObjectFieldStart("usage");
          g.writeNumberField("prompt_tokens", r.usage().inputTokens());
          g.writeNumberField("total_tokens", r.usage().inputTokens());
          g.writeEndObject();
          g.writeEndObject();
        });
  }

  static String floatsToBase64(float[] vector) {
    ByteBuffer buf = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(vector);
    return Base64.getEncoder().encodeToString(buf.array());
  }

  static float[] floatsFromBase64(String text) {
    byte[] bytes;
    try {
      bytes = BASE64.decode(text);
    } catch (IllegalArgumentException e) {
      throw unreadable("embeddings: bad base64 vector");
    }
    if (bytes.length % 4 != 0) {
      throw unreadable("embeddings: base64 vector of " + bytes.length + " bytes");
    }
    float[] out = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }

  // ---------------------------------------------------------------- errors and models

  /**
   * Encodes an error as OpenAI does: {@code {"error":{"message","type","param","code"}}}, with
   * Steward's stable reason as {@code code}.
   */
  public byte[] encodeError(StewardException e) {
    return Json.write(256, g -> writeError(g, e));
  }

  static void writeError(JsonGenerator g, StewardException e) throws IOException {
    ErrorCode code = e.code();
    g.writeStartObject();
    g.writeObjectFieldStart("error");
    String message = e.getMessage();
    g.writeStringField("message", message == null ? code.reason() : message);
    g.writeStringField("type", code.openAiType());
    if (e.param() != null) {
      g.writeStringField("param", e.param());
    } else {
      g.writeNullField("param");
    }
    g.writeStringField("code", code.reason());
    g.writeEndObject();
    g.writeEndObject();
  }

  /**
   * Reads an error body: OpenAI's {@code {"error":{...}}} or older vLLM's flat {@code
   * {"object":"error",...}}; anything else gives {@link VendorError#NONE}.
   */
  static VendorError parseError(byte[] body) {
    JsonNode root = Json.parseVendorObject(body);
    return root == null ? VendorError.NONE : errorOf(root);
  }

  static VendorError errorOf(JsonNode root) {
    JsonNode e = root.get("error");
    if (e != null && e.isObject()) {
      return new VendorError(
          textOrNull(e, "message"), textOrNull(e, "type"), codeText(e.get("code")));
    }
    if (e != null && e.isTextual()) {
      // Some compatible servers (Ollama, proxies) answer {"error":"text"}.
      return new VendorError(e.textValue(), null, null);
    }
    if ("error".equals(textOrNull(root, "object")) || root.has("message")) {
      return new VendorError(
          textOrNull(root, "message"), textOrNull(root, "type"), codeText(root.get("code")));
    }
    return VendorError.NONE;
  }

  private static @Nullable String codeText(@Nullable JsonNode code) {
    if (code == null || code.isNull()) {
      return null;
    }
    return code.isValueNode() ? code.asText() : null;
  }

  /** Encodes {@code GET /v1/models}. */
  public byte[] encodeModelList(List<ModelEntry> models) {
    return Json.write(
        64 + 96 * models.size(),
        g -> {
          g.writeStartObject();
          g.writeStringField("object", "list");
          g.writeArrayFieldStart("data");
          for (ModelEntry m : models) {
            g.writeStartObject();
            g.writeStringField("id", m.id());
            g.writeStringField("object", "model");
            g.writeNumberField("created", m.created());
            g.writeStringField("owned_by", m.ownedBy());
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }
}
