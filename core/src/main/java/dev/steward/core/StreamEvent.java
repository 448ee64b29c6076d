package dev.steward.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One event of a streamed answer, in provider-neutral form. A well-formed stream is: one {@link
 * Started}, then deltas, then one {@link Finished} per choice, then at most one {@link
 * UsageReported}.
 */
public sealed interface StreamEvent {

  /** The answer began. */
  record Started(String id, String model, long created) implements StreamEvent {
    public Started {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(model, "model");
    }
  }

  /** More text for a choice. */
  record TextDelta(int choice, String text) implements StreamEvent {
    public TextDelta {
      Objects.requireNonNull(text, "text");
    }
  }

  /** A tool call began: its position among the choice's calls, id and function name. */
  record ToolCallStarted(int choice, int index, String id, String name) implements StreamEvent {
    public ToolCallStarted {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
    }
  }

  /** More of a tool call's JSON arguments. */
  record ToolCallDelta(int choice, int index, String argumentsFragment) implements StreamEvent {
    public ToolCallDelta {
      Objects.requireNonNull(argumentsFragment, "argumentsFragment");
    }
  }

  /** A choice ended. */
  record Finished(int choice, StopReason reason, @Nullable String stopSequence)
      implements StreamEvent {
    public Finished {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Token usage for the whole answer. */
  record UsageReported(Usage usage) implements StreamEvent {
    public UsageReported {
      Objects.requireNonNull(usage, "usage");
    }
  }
}
