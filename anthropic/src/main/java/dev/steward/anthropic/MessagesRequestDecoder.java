package dev.steward.anthropic;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.core.ChatRequest;
import dev.steward.core.ContentPart;
import dev.steward.core.ErrorCode;
import dev.steward.core.Message;
import dev.steward.core.Role;
import dev.steward.core.StewardException;
import dev.steward.core.Tool;
import dev.steward.core.ToolCall;
import dev.steward.core.ToolChoice;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Strictly decodes a client's Messages request into canonical form. Every field Steward knows is
 * checked for type and range, and an error names the field by its path, e.g. {@code
 * messages[1].content[0].type}.
 *
 * <p>Fields Steward does not know are ignored, at the top level and inside objects: Anthropic adds
 * request fields often (and SDKs send some by default), and refusing every new one would break
 * callers whenever their SDK is upgraded. The cost is that a feature Steward cannot forward (say
 * {@code thinking}) is dropped rather than refused.
 */
final class MessagesRequestDecoder {
  private static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,128}");
  private static final Set<String> MEDIA_TYPES =
      Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

  private MessagesRequestDecoder() {}

  static ChatRequest decode(byte[] body) {
    JsonNode root = parse(body);
    if (!root.isObject()) {
      throw invalid("body", kind(root), "a JSON object");
    }
    String model = requiredText(root, "model", "model", "a model name");
    if (model.isBlank()) {
      throw invalid("model", "empty", "a model name");
    }
    int maxTokens = requiredInt(root, "max_tokens", "max_tokens", 1);

    List<Message> messages = new ArrayList<>();
    JsonNode system = present(root, "system");
    if (system != null) {
      system(system, messages);
    }
    JsonNode wireMessages = present(root, "messages");
    if (wireMessages == null) {
      throw invalid("messages", "missing", "an array of messages");
    }
    if (!wireMessages.isArray()) {
      throw invalid("messages", kind(wireMessages), "an array of messages");
    }
    if (wireMessages.isEmpty()) {
      throw invalid("messages", "empty", "at least one message");
    }
    for (int i = 0; i < wireMessages.size(); i++) {
      message(wireMessages.get(i), "messages[" + i + "]", messages);
    }

    List<Tool> tools = tools(present(root, "tools"));
    ToolChoice toolChoice = null;
    Boolean parallelToolCalls = null;
    JsonNode choice = present(root, "tool_choice");
    if (choice != null) {
      toolChoice = toolChoice(choice, tools);
      // Anthropic puts the parallel switch inside tool_choice (not at the top level).
      Boolean disable = optionalBoolean(choice, "disable_parallel_tool_use", "tool_choice");
      if (disable != null) {
        parallelToolCalls = !disable;
      }
    }

    List<String> stop = stopSequences(present(root, "stop_sequences"));
    Double temperature = optionalUnit(root, "temperature");
    Double topP = optionalUnit(root, "top_p");
    // top_k has no canonical equivalent: checked so a wrong value is reported, then dropped.
    JsonNode topK = present(root, "top_k");
    if (topK != null) {
      intValue(topK, "top_k", 0);
    }
    Boolean stream = optionalBoolean(root, "stream", "");
    String user = null;
    JsonNode metadata = present(root, "metadata");
    if (metadata != null) {
      if (!metadata.isObject()) {
        throw invalid("metadata", kind(metadata), "an object");
      }
      JsonNode userId = present(metadata, "user_id");
      if (userId != null) {
        if (!userId.isTextual()) {
          throw invalid("metadata.user_id", kind(userId), "a string");
        }
        user = userId.asText();
      }
    }
    boolean streaming = stream != null && stream;
    return ChatRequest.builder(model)
        .messages(messages)
        .tools(tools)
        .toolChoice(toolChoice)
        .parallelToolCalls(parallelToolCalls)
        .maxTokens(maxTokens)
        .temperature(temperature)
        .topP(topP)
        .stop(stop)
        .user(user)
        .stream(streaming)
        // Anthropic streams always report usage.
        .includeUsage(streaming)
        .metadata(Map.of())
        .build();
  }

  private static JsonNode parse(byte[] body) {
    JsonNode root;
    try {
      root = Wire.JSON.readTree(body);
    } catch (JsonProcessingException e) {
      // Jackson's own message quotes the body; only its position is safe to repeat.
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new StewardException(
          ErrorCode.MALFORMED_JSON,
          "body: malformed JSON" + where + " (expected: a JSON object)",
          null,
          null,
          e);
    } catch (IOException e) {
      throw new StewardException(
          ErrorCode.MALFORMED_JSON, "body: unreadable (expected: a JSON object)", null, null, e);
    }
    if (root == null || root.isMissingNode()) {
      throw new StewardException(
          ErrorCode.MALFORMED_JSON, "body: empty (expected: a JSON object)", null, null, null);
    }
    return root;
  }

  private static void system(JsonNode system, List<Message> out) {
    if (system.isTextual()) {
      if (!system.asText().isEmpty()) {
        out.add(Message.of(Role.SYSTEM, system.asText()));
      }
      return;
    }
    if (!system.isArray()) {
      throw invalid("system", kind(system), "a string or an array of text blocks");
    }
    List<ContentPart> parts = new ArrayList<>();
    for (int i = 0; i < system.size(); i++) {
      String path = "system[" + i + "]";
      JsonNode block = object(system.get(i), path);
      String type = requiredText(block, "type", path + ".type", "text");
      if (!type.equals("text")) {
        throw invalid(path + ".type", quote(type), "text");
      }
      parts.add(new ContentPart.Text(requiredText(block, "text", path + ".text", "a string")));
    }
    if (!parts.isEmpty()) {
      out.add(new Message(Role.SYSTEM, parts, List.of(), null, null));
    }
  }

  private static void message(JsonNode node, String path, List<Message> out) {
    JsonNode m = object(node, path);
    String role = requiredText(m, "role", path + ".role", "user or assistant");
    boolean user =
        switch (role) {
          case "user" -> true;
          case "assistant" -> false;
          default -> throw invalid(path + ".role", quote(role), "user or assistant");
        };
    JsonNode content = present(m, "content");
    if (content == null) {
      throw invalid(path + ".content", "missing", "a string or an array of content blocks");
    }
    if (content.isTextual()) {
      out.add(Message.of(user ? Role.USER : Role.ASSISTANT, content.asText()));
      return;
    }
    if (!content.isArray()) {
      throw invalid(path + ".content", kind(content), "a string or an array of content blocks");
    }
    if (user) {
      userBlocks(content, path + ".content", out);
    } else {
      assistantBlocks(content, path + ".content", out);
    }
  }

  /**
   * A user turn's blocks, in order: each {@code tool_result} becomes a canonical TOOL message, and
   * each run of other blocks between them one USER message.
   */
  private static void userBlocks(JsonNode content, String path, List<Message> out) {
    List<ContentPart> pending = new ArrayList<>();
    boolean emitted = false;
    for (int j = 0; j < content.size(); j++) {
      String blockPath = path + "[" + j + "]";
      JsonNode block = object(content.get(j), blockPath);
      String type = blockType(block, blockPath);
      switch (type) {
        case "text" -> pending.add(textBlock(block, blockPath));
        case "image" -> pending.add(image(block, blockPath));
        case "tool_result" -> {
          if (!pending.isEmpty()) {
            out.add(new Message(Role.USER, pending, List.of(), null, null));
            pending = new ArrayList<>();
          }
          out.add(toolResult(block, blockPath));
          emitted = true;
        }
        case "tool_use" ->
            throw invalid(
                blockPath + ".type", quote(type), "text, image or tool_result in a user turn");
        default -> throw unknownBlock(blockPath, type);
      }
    }
    if (!pending.isEmpty() || !emitted) {
      out.add(new Message(Role.USER, pending, List.of(), null, null));
    }
  }

  private static void assistantBlocks(JsonNode content, String path, List<Message> out) {
    List<ContentPart> parts = new ArrayList<>();
    List<ToolCall> calls = new ArrayList<>();
    for (int j = 0; j < content.size(); j++) {
      String blockPath = path + "[" + j + "]";
      JsonNode block = object(content.get(j), blockPath);
      String type = blockType(block, blockPath);
      switch (type) {
        case "text" -> parts.add(textBlock(block, blockPath));
        case "tool_use" -> {
          String id = requiredText(block, "id", blockPath + ".id", "a tool use id");
          String name = requiredText(block, "name", blockPath + ".name", "a tool name");
          JsonNode input = present(block, "input");
          if (input == null) {
            throw invalid(blockPath + ".input", "missing", "an object");
          }
          if (!input.isObject()) {
            throw invalid(blockPath + ".input", kind(input), "an object");
          }
          calls.add(new ToolCall(id, name, Wire.text(input)));
        }
        case "image", "tool_result" ->
            throw invalid(
                blockPath + ".type", quote(type), "text or tool_use in an assistant turn");
        default -> throw unknownBlock(blockPath, type);
      }
    }
    out.add(new Message(Role.ASSISTANT, parts, calls, null, null));
  }

  private static Message toolResult(JsonNode block, String path) {
    String id = requiredText(block, "tool_use_id", path + ".tool_use_id", "a tool use id");
    Boolean isError = optionalBoolean(block, "is_error", path);
    List<ContentPart> parts = new ArrayList<>();
    JsonNode content = present(block, "content");
    if (content != null) {
      if (content.isTextual()) {
        parts.add(new ContentPart.Text(content.asText()));
      } else if (content.isArray()) {
        for (int k = 0; k < content.size(); k++) {
          String innerPath = path + ".content[" + k + "]";
          JsonNode inner = object(content.get(k), innerPath);
          String type = blockType(inner, innerPath);
          switch (type) {
            case "text" -> parts.add(textBlock(inner, innerPath));
            case "image" -> parts.add(image(inner, innerPath));
            default -> throw invalid(innerPath + ".type", quote(type), "text or image");
          }
        }
      } else {
        throw invalid(path + ".content", kind(content), "a string or an array of text blocks");
      }
    }
    return new Message(Role.TOOL, parts, List.of(), id, null, Boolean.TRUE.equals(isError));
  }

  private static ContentPart.Text textBlock(JsonNode block, String path) {
    return new ContentPart.Text(requiredText(block, "text", path + ".text", "a string"));
  }

  private static ContentPart.Image image(JsonNode block, String path) {
    JsonNode source = present(block, "source");
    if (source == null) {
      throw invalid(path + ".source", "missing", "an image source");
    }
    object(source, path + ".source");
    String type = requiredText(source, "type", path + ".source.type", "base64 or url");
    return switch (type) {
      case "base64" -> {
        String mediaType =
            requiredText(source, "media_type", path + ".source.media_type", mediaTypes());
        if (!MEDIA_TYPES.contains(mediaType)) {
          throw invalid(path + ".source.media_type", quote(mediaType), mediaTypes());
        }
        String data = requiredText(source, "data", path + ".source.data", "base64 image data");
        yield ContentPart.Image.ofBase64(mediaType, data, null);
      }
      case "url" -> {
        String url = requiredText(source, "url", path + ".source.url", "an http(s) URL");
        if (!url.startsWith("https://") && !url.startsWith("http://")) {
          throw invalid(path + ".source.url", quote(url), "an http(s) URL");
        }
        yield ContentPart.Image.ofUrl(url, null);
      }
      default -> throw invalid(path + ".source.type", quote(type), "base64 or url");
    };
  }

  private static String mediaTypes() {
    return "image/jpeg, image/png, image/gif or image/webp";
  }

  private static List<Tool> tools(@Nullable JsonNode node) {
    if (node == null) {
      return List.of();
    }
    if (!node.isArray()) {
      throw invalid("tools", kind(node), "an array of tools");
    }
    List<Tool> tools = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      String path = "tools[" + i + "]";
      JsonNode t = object(node.get(i), path);
      JsonNode type = present(t, "type");
      if (type != null && !(type.isTextual() && type.asText().equals("custom"))) {
        // Server tools (web search, code execution, ...) run inside Anthropic: no canonical form.
        throw invalid(
            path + ".type", type.isTextual() ? quote(type.asText()) : kind(type), "custom");
      }
      String name = requiredText(t, "name", path + ".name", "a tool name");
      if (!TOOL_NAME.matcher(name).matches()) {
        throw invalid(path + ".name", quote(name), "1 to 128 letters, digits, _ or -");
      }
      if (!names.add(name)) {
        throw invalid(path + ".name", quote(name) + " repeated", "unique tool names");
      }
      String description = null;
      JsonNode d = present(t, "description");
      if (d != null) {
        if (!d.isTextual()) {
          throw invalid(path + ".description", kind(d), "a string");
        }
        description = d.asText();
      }
      JsonNode schema = present(t, "input_schema");
      if (schema == null) {
        throw invalid(path + ".input_schema", "missing", "a JSON Schema object");
      }
      if (!schema.isObject()) {
        throw invalid(path + ".input_schema", kind(schema), "a JSON Schema object");
      }
      JsonNode schemaType = schema.get("type");
      if (schemaType == null || !schemaType.isTextual() || !schemaType.asText().equals("object")) {
        throw invalid(
            path + ".input_schema.type",
            schemaType == null
                ? "missing"
                : schemaType.isTextual() ? quote(schemaType.asText()) : kind(schemaType),
            "object");
      }
      tools.add(new Tool(name, description, Wire.text(schema), null));
    }
    return tools;
  }

  private static ToolChoice toolChoice(JsonNode node, List<Tool> tools) {
    object(node, "tool_choice");
    String type = requiredText(node, "type", "tool_choice.type", "auto, any, tool or none");
    return switch (type) {
      case "auto" -> ToolChoice.AUTO;
      case "any" -> ToolChoice.REQUIRED;
      case "none" -> ToolChoice.NONE;
      case "tool" -> {
        String name = requiredText(node, "name", "tool_choice.name", "a tool name");
        if (tools.stream().noneMatch(t -> t.name().equals(name))) {
          throw invalid("tool_choice.name", quote(name), "the name of one of the tools");
        }
        yield new ToolChoice.Named(name);
      }
      default -> throw invalid("tool_choice.type", quote(type), "auto, any, tool or none");
    };
  }

  private static List<String> stopSequences(@Nullable JsonNode node) {
    if (node == null) {
      return List.of();
    }
    if (!node.isArray()) {
      throw invalid("stop_sequences", kind(node), "an array of strings");
    }
    List<String> stop = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode s = node.get(i);
      if (!s.isTextual()) {
        throw invalid("stop_sequences[" + i + "]", kind(s), "a string");
      }
      stop.add(s.asText());
    }
    return stop;
  }

  private static @Nullable Double optionalUnit(JsonNode root, String field) {
    JsonNode n = present(root, field);
    if (n == null) {
      return null;
    }
    if (!n.isNumber()) {
      throw invalid(field, kind(n), "a number in 0..1");
    }
    double v = n.asDouble();
    if (!(v >= 0 && v <= 1)) {
      throw invalid(field, n.asText(), "0..1");
    }
    return v;
  }

  private static @Nullable Boolean optionalBoolean(JsonNode obj, String field, String parent) {
    JsonNode n = present(obj, field);
    if (n == null) {
      return null;
    }
    if (!n.isBoolean()) {
      throw invalid(parent.isEmpty() ? field : parent + "." + field, kind(n), "true or false");
    }
    return n.asBoolean();
  }

  private static int requiredInt(JsonNode obj, String field, String path, int min) {
    JsonNode n = present(obj, field);
    if (n == null) {
      throw invalid(path, "missing", "an integer >= " + min);
    }
    return intValue(n, path, min);
  }

  private static int intValue(JsonNode n, String path, int min) {
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw invalid(path, n.isNumber() ? n.asText() : kind(n), "an integer >= " + min);
    }
    int v = n.asInt();
    if (v < min) {
      throw invalid(path, Integer.toString(v), "an integer >= " + min);
    }
    return v;
  }

  private static String requiredText(JsonNode obj, String field, String path, String expected) {
    JsonNode n = present(obj, field);
    if (n == null) {
      throw invalid(path, "missing", expected);
    }
    if (!n.isTextual()) {
      throw invalid(path, kind(n), expected);
    }
    return n.asText();
  }

  private static String blockType(JsonNode block, String path) {
    return requiredText(block, "type", path + ".type", "a content block type");
  }

  private static StewardException unknownBlock(String path, String type) {
    return invalid(path + ".type", quote(type), "text, image, tool_use or tool_result");
  }

  private static JsonNode object(JsonNode node, String path) {
    if (!node.isObject()) {
      throw invalid(path, kind(node), "an object");
    }
    return node;
  }

  /** A field's value, or null when absent or JSON null (both mean "not given"). */
  private static @Nullable JsonNode present(JsonNode obj, String field) {
    JsonNode n = obj.get(field);
    return n == null || n.isNull() ? null : n;
  }

  private static StewardException invalid(String param, String got, String expected) {
    return StewardException.invalid(param, param + ": " + got + " (expected: " + expected + ")");
  }

  /** A short quotation of a name-like value; long values are cut so no prompt is echoed. */
  private static String quote(String value) {
    return "'" + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "'";
  }

  private static String kind(JsonNode n) {
    return switch (n.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT, POJO -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL, MISSING -> "null";
      case BINARY -> "binary data";
    };
  }
}
