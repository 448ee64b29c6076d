package dev.steward.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.core.ChatRequest;
import dev.steward.core.ContentPart;
import dev.steward.core.ErrorCode;
import dev.steward.core.Message;
import dev.steward.core.ResponseFormat;
import dev.steward.core.StewardException;
import dev.steward.core.Tool;
import dev.steward.core.ToolCall;
import dev.steward.core.ToolChoice;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Encodes a canonical request as a Messages request for Anthropic.
 *
 * <ul>
 *   <li>System and developer messages, wherever they stand, are folded in order into {@code
 *       system}; Anthropic has no system turns.
 *   <li>Consecutive TOOL messages become one user turn of {@code tool_result} blocks; a USER
 *       message right after them joins that turn (Anthropic wants results first, text after).
 *   <li>A response format has no Anthropic equivalent: it becomes an instruction at the end of the
 *       system prompt. The model is asked, not forced, so the answer may still not parse.
 *   <li>Presence and frequency penalties and the seed have no Anthropic equivalent and are dropped;
 *       canonical metadata is dropped too (Anthropic's metadata holds only {@code user_id}, which
 *       carries {@link ChatRequest#user()}). More than one choice ({@code n > 1}) is refused.
 * </ul>
 */
final class MessagesRequestEncoder {
  static final String JSON_OBJECT_INSTRUCTION =
      "Respond with a single JSON object and nothing else: no prose, no Markdown code fences.";

  private MessagesRequestEncoder() {}

  static byte[] encode(ChatRequest r, int defaultMaxTokens) {
    if (r.n() > 1) {
      throw new StewardException(
          ErrorCode.CAPABILITY_UNSUPPORTED,
          "n: " + r.n() + " (expected: 1; Anthropic generates one answer per request)",
          "n",
          null,
          null);
    }
    ObjectNode root = Wire.object();
    root.put("model", r.model());
    root.put("max_tokens", r.maxTokens() != null ? r.maxTokens() : defaultMaxTokens);

    List<String> system = new ArrayList<>();
    ArrayNode messages = Wire.JSON.createArrayNode();
    ArrayNode toolTurn = null;
    for (int i = 0; i < r.messages().size(); i++) {
      Message m = r.messages().get(i);
      switch (m.role()) {
        case SYSTEM, DEVELOPER -> {
          for (ContentPart part : m.content()) {
            switch (part) {
              case ContentPart.Text t -> system.add(t.text());
              case ContentPart.Image img ->
                  throw new StewardException(
                      ErrorCode.CAPABILITY_UNSUPPORTED,
                      "messages[" + i + "].content: an image in a system message (expected: text)",
                      "messages[" + i + "].content",
                      null,
                      null);
            }
          }
        }
        case TOOL -> {
          if (toolTurn == null) {
            ObjectNode turn = messages.addObject();
            turn.put("role", "user");
            toolTurn = turn.putArray("content");
          }
          ObjectNode result = toolTurn.addObject();
          result.put("type", "tool_result");
          result.put("tool_use_id", m.toolCallId());
          if (m.toolError()) {
            result.put("is_error", true);
          }
          if (m.content().size() == 1 && m.content().get(0) instanceof ContentPart.Text t) {
            result.put("content", t.text());
          } else if (!m.content().isEmpty()) {
            parts(m.content(), result.putArray("content"));
          }
        }
        case USER -> {
          if (toolTurn != null) {
            parts(m.content(), toolTurn);
            toolTurn = null;
          } else {
            ObjectNode turn = messages.addObject();
            turn.put("role", "user");
            if (m.content().size() == 1 && m.content().get(0) instanceof ContentPart.Text t) {
              turn.put("content", t.text());
            } else {
              parts(m.content(), turn.putArray("content"));
            }
          }
        }
        case ASSISTANT -> {
          toolTurn = null;
          ObjectNode turn = messages.addObject();
          turn.put("role", "assistant");
          ArrayNode content = turn.putArray("content");
          for (ContentPart part : m.content()) {
            // Anthropic refuses empty text blocks; an OpenAI caller's "" next to tool calls is one.
            if (!(part instanceof ContentPart.Text t && t.text().isEmpty())) {
              part(part, content);
            }
          }
          for (int j = 0; j < m.toolCalls().size(); j++) {
            ToolCall call = m.toolCalls().get(j);
            ObjectNode use = content.addObject();
            use.put("type", "tool_use");
            use.put("id", call.id());
            use.put("name", call.name());
            use.set(
                "input",
                jsonObject(
                    call.argumentsJson(), "messages[" + i + "].tool_calls[" + j + "].arguments"));
          }
        }
      }
    }
    String instruction = instruction(r.responseFormat());
    if (instruction != null) {
      system.add(instruction);
    }
    if (system.size() == 1) {
      root.put("system", system.get(0));
    } else if (!system.isEmpty()) {
      ArrayNode blocks = root.putArray("system");
      for (String s : system) {
        blocks.addObject().put("type", "text").put("text", s);
      }
    }
    root.set("messages", messages);

    if (!r.tools().isEmpty()) {
      ArrayNode tools = root.putArray("tools");
      for (int i = 0; i < r.tools().size(); i++) {
        Tool t = r.tools().get(i);
        ObjectNode tool = tools.addObject();
        tool.put("name", t.name());
        if (t.description() != null) {
          tool.put("description", t.description());
        }
        tool.set("input_schema", jsonObject(t.parametersJson(), "tools[" + i + "].parameters"));
      }
      ObjectNode choice = toolChoice(r.toolChoice(), r.parallelToolCalls());
      if (choice != null) {
        root.set("tool_choice", choice);
      }
    }
    if (!r.stop().isEmpty()) {
      ArrayNode stop = root.putArray("stop_sequences");
      r.stop().forEach(stop::add);
    }
    if (r.temperature() != null) {
      root.put("temperature", r.temperature());
    }
    if (r.topP() != null) {
      root.put("top_p", r.topP());
    }
    if (r.stream()) {
      root.put("stream", true);
    }
    if (r.user() != null) {
      root.putObject("metadata").put("user_id", r.user());
    }
    return Wire.bytes(root);
  }

  /**
   * The tool choice, or none when the request leaves everything to the defaults. Parallel calls are
   * switched inside {@code tool_choice}, so disabling them alone sends {@code auto}.
   */
  private static @Nullable ObjectNode toolChoice(
      @Nullable ToolChoice choice, @Nullable Boolean parallel) {
    if (choice == null && parallel == null) {
      return null;
    }
    ObjectNode node = Wire.object();
    switch (choice == null ? ToolChoice.AUTO : choice) {
      case ToolChoice.Auto a -> node.put("type", "auto");
      case ToolChoice.Required req -> node.put("type", "any");
      case ToolChoice.Named named -> node.put("type", "tool").put("name", named.name());
      case ToolChoice.None none -> {
        // "none" takes no parallel switch: no tool is called at all.
        return node.put("type", "none");
      }
    }
    if (parallel != null) {
      node.put("disable_parallel_tool_use", !parallel);
    }
    return node;
  }

  private static @Nullable String instruction(@Nullable ResponseFormat format) {
    if (format == null) {
      return null;
    }
    return switch (format) {
      case ResponseFormat.Text t -> null;
      case ResponseFormat.JsonObject o -> JSON_OBJECT_INSTRUCTION;
      case ResponseFormat.JsonSchema s ->
          "Respond with a single JSON value and nothing else (no prose, no Markdown code fences)."
              + " It must conform to this JSON Schema, named \""
              + s.name()
              + "\""
              + (s.description() == null ? "" : " (" + s.description() + ")")
              + ":\n"
              + s.schemaJson();
    };
  }

  private static void parts(List<ContentPart> parts, ArrayNode out) {
    for (ContentPart part : parts) {
      part(part, out);
    }
  }

  private static void part(ContentPart part, ArrayNode out) {
    ObjectNode block = out.addObject();
    switch (part) {
      case ContentPart.Text t -> block.put("type", "text").put("text", t.text());
      case ContentPart.Image img -> {
        block.put("type", "image");
        ObjectNode source = block.putObject("source");
        String url = img.url();
        if (url != null && url.startsWith("data:")) {
          // OpenAI callers send inline images as data URLs; Anthropic wants them as base64.
          int comma = url.indexOf(',');
          String header = comma < 0 ? "" : url.substring(5, comma);
          if (comma < 0 || !header.endsWith(";base64")) {
            throw StewardException.invalid(
                "image_url", "image_url: a data URL without base64 data (expected: base64)");
          }
          source.put("type", "base64");
          source.put("media_type", header.substring(0, header.length() - ";base64".length()));
          source.put("data", url.substring(comma + 1));
        } else if (url != null) {
          source.put("type", "url").put("url", url);
        } else {
          source.put("type", "base64");
          source.put("media_type", img.mediaType());
          source.put("data", img.base64Data());
        }
      }
    }
  }

  /** Parses JSON text that must be an object; blank text (a call without arguments) is {}. */
  static ObjectNode jsonObject(String json, String param) {
    if (json.isBlank()) {
      return Wire.object();
    }
    try {
      JsonNode node = Wire.JSON.readTree(json);
      if (node instanceof ObjectNode object) {
        return object;
      }
    } catch (IOException e) {
      // reported below
    }
    throw StewardException.invalid(
        param, param + ": not a JSON object (expected: a JSON object for Anthropic)");
  }
}
