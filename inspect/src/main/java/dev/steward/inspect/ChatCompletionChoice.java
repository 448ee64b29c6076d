package dev.steward.inspect;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One choice a model generated (Inspect's {@code ChatCompletionChoice}).
 *
 * @param message the assistant message generated
 * @param stopReason why generation stopped
 */
public record ChatCompletionChoice(ChatMessage message, StopReason stopReason) {

  public ChatCompletionChoice {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(stopReason, "stop_reason");
    if (message.role() != ChatMessage.Role.ASSISTANT) {
      throw new IllegalArgumentException(
          "message.role: " + message.role().wire() + " (expected: assistant)");
    }
  }

  /** Why a model stopped generating. */
  public enum StopReason {
    STOP("stop"),
    MAX_TOKENS("max_tokens"),
    MODEL_LENGTH("model_length"),
    TOOL_CALLS("tool_calls"),
    CONTENT_FILTER("content_filter"),
    /** Not reported, or a reason this code does not know. */
    UNKNOWN("unknown");

    private final String wire;

    StopReason(String wire) {
      this.wire = wire;
    }

    /** The name Inspect writes. */
    public String wire() {
      return wire;
    }

    static @Nullable StopReason ofWire(String wire) {
      for (StopReason r : values()) {
        if (r.wire.equals(wire)) {
          return r;
        }
      }
      return null;
    }
  }
}
