package dev.steward.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.core.ChatRequest;
import dev.steward.core.ContentPart;
import dev.steward.core.Message;
import dev.steward.core.ResponseFormat;
import dev.steward.core.Role;
import dev.steward.core.StewardException;
import dev.steward.core.StopReason;
import dev.steward.core.Tool;
import dev.steward.core.ToolCall;
import dev.steward.core.ToolChoice;
import dev.steward.core.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Decides the sandbox's answer to a request: one {@link Plan} that {@code chat()} returns whole and
 * {@code stream()} delivers in chunks, so both always agree. Pure: the same request and behaviour
 * give the same plan.
 */
final class Simulator {
  static final String REFUSAL = "I can't help with that request.";

  /** Characters counted for an image when estimating input tokens (about 85 tokens). */
  private static final int IMAGE_CHARS = 340;

  private static final int OPENING_WORDS = 6;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final List<String> TEMPLATES =
      List.of(
          "[sandbox] This is a simulated answer from the Steward sandbox to your message of %s"
              + " beginning \"%s\"; no real model was called.",
          "[sandbox] Simulated reply: you wrote %s, starting \"%s\". Configure a real provider"
              + " for real answers.",
          "[sandbox] The sandbox model read %s beginning \"%s\" and answers deterministically,"
              + " without a real model.");

  private Simulator() {}

  /** One choice of the answer. */
  record Planned(
      int index,
      String text,
      List<ToolCall> toolCalls,
      StopReason reason,
      @Nullable String stopSequence) {
    Planned {
      toolCalls = List.copyOf(toolCalls);
    }
  }

  /** The whole answer. */
  record Plan(String id, String model, long created, List<Planned> choices, Usage usage) {
    Plan {
      choices = List.copyOf(choices);
    }
  }

  /**
   * Plans the answer. {@link Behaviour#SLOW} and {@link Behaviour#FAIL} answer as {@link
   * Behaviour#COMPLY} here: pacing and failing are the client's.
   *
   * @throws StewardException when the request cannot be answered as asked (a forced tool that was
   *     not offered, a tool schema that is not JSON, the tool behaviour without tools)
   */
  static Plan plan(ChatRequest request, Behaviour behaviour, long created) {
    byte[] digest = Seeds.sha256(canonical(request));
    long seed = Seeds.seed(digest);
    String id = SandboxClient.ID_PREFIX + Seeds.hex(digest, 12);
    if (behaviour == Behaviour.TOOL && request.tools().isEmpty()) {
      throw StewardException.invalid(
          "tools", "tools: none offered (expected: at least one tool for behaviour 'tool')");
    }
    List<Planned> choices = new ArrayList<>();
    long outputTokens = 0;
    for (int i = 0; i < request.n(); i++) {
      Planned p = choice(request, behaviour, seed, i);
      choices.add(p);
      long chars = p.text().length();
      for (ToolCall call : p.toolCalls()) {
        chars += call.name().length() + call.argumentsJson().length();
      }
      outputTokens += tokens(chars);
    }
    Usage usage = new Usage(tokens(inputChars(request)), outputTokens, 0);
    return new Plan(id, request.model(), created, choices, usage);
  }

  /** Estimated tokens for a number of characters: about four characters a token, at least one. */
  static long tokens(long chars) {
    return Math.max(1, (chars + 3) / 4);
  }

  private static Planned choice(ChatRequest request, Behaviour behaviour, long seed, int index) {
    switch (behaviour) {
      case REFUSE -> {
        return limited(request, index, REFUSAL, StopReason.END_TURN);
      }
      case REFUSE_FILTER -> {
        return limited(request, index, REFUSAL, StopReason.CONTENT_FILTER);
      }
      case COMPLY, SLOW, FAIL, ECHO, TOOL -> {
        // answered below
      }
    }
    Tool tool = forcedTool(request);
    if (tool == null
        && behaviour == Behaviour.TOOL
        && !(request.toolChoice() instanceof ToolChoice.None)
        && !endsWithToolResult(request)) {
      tool = request.tools().getFirst();
    }
    if (tool != null) {
      ToolCall call =
          new ToolCall(callId(seed, index), tool.name(), arguments(request.tools(), tool));
      return new Planned(index, "", List.of(call), StopReason.TOOL_USE, null);
    }
    String text =
        behaviour == Behaviour.ECHO
            ? lastUserText(request.messages())
            : answer(request, seed, index);
    return limited(request, index, text, StopReason.END_TURN);
  }

  /** The tool a forced {@code tool_choice} demands, or null when the model may choose. */
  private static @Nullable Tool forcedTool(ChatRequest request) {
    ToolChoice choice = request.toolChoice();
    if (choice == null) {
      return null;
    }
    return switch (choice) {
      case ToolChoice.Auto auto -> null;
      case ToolChoice.None none -> null;
      case ToolChoice.Required required -> {
        if (request.tools().isEmpty()) {
          throw StewardException.invalid(
              "tool_choice", "tool_choice: required (expected: at least one tool offered)");
        }
        yield request.tools().getFirst();
      }
      case ToolChoice.Named named -> {
        for (Tool t : request.tools()) {
          if (t.name().equals(named.name())) {
            yield t;
          }
        }
        String offered = request.tools().stream().map(Tool::name).collect(Collectors.joining(", "));
        throw StewardException.invalid(
            "tool_choice",
            "tool_choice: '"
                + named.name()
                + "' (expected: one of the offered tools: "
                + offered
                + ")");
      }
    };
  }

  private static String callId(long seed, int index) {
    Seeds s = new Seeds(seed ^ (0x632BE59BD9B4E019L * (index + 1)));
    return SandboxClient.ID_PREFIX + "call-" + Seeds.hex(s.nextLong());
  }

  private static String arguments(List<Tool> tools, Tool tool) {
    JsonNode schema;
    try {
      schema = JSON.readTree(tool.parametersJson());
    } catch (JsonProcessingException e) {
      schema = null;
    }
    if (schema == null || !(schema.isObject() || schema.isBoolean())) {
      throw StewardException.invalid(
          "tools",
          "tools["
              + tools.indexOf(tool)
              + "].parameters: not a JSON Schema (expected: a JSON"
              + " object)");
    }
    return write(SchemaValues.objectFor(schema));
  }

  private static String answer(ChatRequest request, long seed, int index) {
    String text = sentence(request, seed, index);
    ResponseFormat format = request.responseFormat();
    if (format == null) {
      return text;
    }
    return switch (format) {
      case ResponseFormat.Text t -> text;
      case ResponseFormat.JsonObject o -> {
        ObjectNode node = JSON.createObjectNode();
        node.put("answer", text);
        node.put("sandbox", true);
        yield write(node);
      }
      case ResponseFormat.JsonSchema s -> {
        JsonNode schema;
        try {
          schema = JSON.readTree(s.schemaJson());
        } catch (JsonProcessingException e) {
          schema = null;
        }
        if (schema == null || !(schema.isObject() || schema.isBoolean())) {
          throw StewardException.invalid(
              "response_format",
              "response_format.json_schema.schema: not a JSON Schema (expected: a JSON object)");
        }
        yield write(SchemaValues.valueFor(schema));
      }
    };
  }

  private static String sentence(ChatRequest request, long seed, int index) {
    String template = TEMPLATES.get((int) Math.floorMod(seed + index, (long) TEMPLATES.size()));
    String variant = index >= TEMPLATES.size() ? " Variant " + (index + 1) + "." : "";
    if (endsWithToolResult(request)) {
      String result = request.messages().getLast().text();
      return "[sandbox] The tool returned "
          + describe(result)
          + " This simulated answer uses it without calling a real model."
          + variant;
    }
    String last = lastUserText(request.messages()).strip();
    if (last.isEmpty()) {
      return "[sandbox] This is a simulated answer from the Steward sandbox to an empty message."
          + variant;
    }
    String[] words = last.split("\\s+");
    return template.formatted(wordCount(words.length), opening(words)) + variant;
  }

  private static String describe(String text) {
    String stripped = text.strip();
    if (stripped.isEmpty()) {
      return "nothing.";
    }
    String[] words = stripped.split("\\s+");
    return wordCount(words.length) + " beginning \"" + opening(words) + "\".";
  }

  private static String wordCount(int n) {
    return n == 1 ? "1 word" : n + " words";
  }

  private static String opening(String[] words) {
    int n = Math.min(words.length, OPENING_WORDS);
    String opening = String.join(" ", java.util.Arrays.asList(words).subList(0, n));
    return words.length > n ? opening + " ..." : opening;
  }

  private static boolean endsWithToolResult(ChatRequest request) {
    return !request.messages().isEmpty() && request.messages().getLast().role() == Role.TOOL;
  }

  /** The text of the last user message, else of the last message, else empty. */
  static String lastUserText(List<Message> messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role() == Role.USER) {
        return messages.get(i).text();
      }
    }
    return messages.isEmpty() ? "" : messages.getLast().text();
  }

  /** Applies stop sequences, then the output token limit, to a text answer. */
  private static Planned limited(ChatRequest request, int index, String text, StopReason natural) {
    StopReason reason = natural;
    String stopSequence = null;
    int cut = -1;
    for (String stop : request.stop()) {
      int at = stop.isEmpty() ? -1 : text.indexOf(stop);
      if (at >= 0 && (cut < 0 || at < cut)) {
        cut = at;
        stopSequence = stop;
      }
    }
    if (cut >= 0) {
      text = text.substring(0, cut);
      reason = StopReason.STOP_SEQUENCE;
    }
    Integer maxTokens = request.maxTokens();
    if (maxTokens != null && tokens(text.length()) > maxTokens) {
      int end = (int) Math.min(text.length(), 4L * maxTokens);
      if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
        end--;
      }
      text = text.substring(0, end);
      reason = StopReason.MAX_TOKENS;
      stopSequence = null;
    }
    return new Planned(index, text, List.of(), reason, stopSequence);
  }

  private static long inputChars(ChatRequest request) {
    long chars = 0;
    for (Message m : request.messages()) {
      for (ContentPart part : m.content()) {
        chars +=
            switch (part) {
              case ContentPart.Text t -> t.text().length();
              case ContentPart.Image image -> IMAGE_CHARS;
            };
      }
      for (ToolCall call : m.toolCalls()) {
        chars += call.name().length() + call.argumentsJson().length();
      }
    }
    for (Tool tool : request.tools()) {
      chars += tool.name().length() + tool.parametersJson().length();
      chars += tool.description() == null ? 0 : tool.description().length();
    }
    if (request.responseFormat() instanceof ResponseFormat.JsonSchema s) {
      chars += s.schemaJson().length();
    }
    return chars;
  }

  /** What the answer depends on: the model id and the messages, in an unambiguous form. */
  private static String canonical(ChatRequest request) {
    StringBuilder sb = new StringBuilder(request.model()).append('\u0000');
    for (Message m : request.messages()) {
      sb.append(m.role()).append('\u0001');
      sb.append(Objects.requireNonNullElse(m.name(), "")).append('\u0001');
      sb.append(Objects.requireNonNullElse(m.toolCallId(), "")).append('\u0001');
      for (ContentPart part : m.content()) {
        switch (part) {
          case ContentPart.Text t -> sb.append("t:").append(t.text());
          case ContentPart.Image image -> sb.append("i:").append(image.asUrl());
        }
        sb.append('\u0002');
      }
      for (ToolCall call : m.toolCalls()) {
        sb.append(call.id()).append('\u0003').append(call.name()).append('\u0003');
        sb.append(call.argumentsJson()).append('\u0002');
      }
      sb.append('\u0000');
    }
    return sb.toString();
  }

  private static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree failed to serialize", e);
    }
  }
}
