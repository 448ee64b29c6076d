package dev.steward.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One generated answer.
 *
 * @param stopSequence the stop sequence that ended it, when the provider says which
 */
public record Choice(
    int index, Message message, StopReason stopReason, @Nullable String stopSequence) {
  public Choice {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(stopReason, "stopReason");
  }
}
