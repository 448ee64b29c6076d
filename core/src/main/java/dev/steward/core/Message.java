package dev.steward.core;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One message of a conversation.
 *
 * @param role who wrote it
 * @param content its parts, in order (may be empty for an assistant message that only calls tools)
 * @param toolCalls tool calls made by an assistant message
 * @param toolCallId for a {@link Role#TOOL} message, the call it answers
 * @param name an optional participant name
 * @param toolError for a {@link Role#TOOL} message, whether the tool failed (Anthropic's {@code
 *     is_error}); wire formats without such a flag carry only the content
 */
public record Message(
    Role role,
    List<ContentPart> content,
    List<ToolCall> toolCalls,
    @Nullable String toolCallId,
    @Nullable String name,
    boolean toolError) {

  /** A message that is not a failed tool result. */
  public Message(
      Role role,
      List<ContentPart> content,
      List<ToolCall> toolCalls,
      @Nullable String toolCallId,
      @Nullable String name) {
    this(role, content, toolCalls, toolCallId, name, false);
  }

  public Message {
    Objects.requireNonNull(role, "role");
    content = List.copyOf(content);
    toolCalls = List.copyOf(toolCalls);
    if (role == Role.TOOL && toolCallId == null) {
      throw new IllegalArgumentException("tool message: tool_call_id expected");
    }
    if (toolError && role != Role.TOOL) {
      throw new IllegalArgumentException(
          "toolError: set on a " + role + " message (expected: TOOL)");
    }
  }

  public static Message of(Role role, String text) {
    return new Message(role, List.of(new ContentPart.Text(text)), List.of(), null, null);
  }

  public static Message toolResult(String toolCallId, String text) {
    return new Message(Role.TOOL, List.of(new ContentPart.Text(text)), List.of(), toolCallId, null);
  }

  public static Message assistant(String text, List<ToolCall> toolCalls) {
    List<ContentPart> parts = text.isEmpty() ? List.of() : List.of(new ContentPart.Text(text));
    return new Message(Role.ASSISTANT, parts, toolCalls, null, null);
  }

  /** The concatenated text parts, ignoring images. */
  public String text() {
    StringBuilder out = new StringBuilder();
    for (ContentPart part : content) {
      if (part instanceof ContentPart.Text t) {
        out.append(t.text());
      }
    }
    return out.toString();
  }

  /** True when every part is text (no images). */
  public boolean textOnly() {
    return content.stream().allMatch(p -> p instanceof ContentPart.Text);
  }
}
