package dev.steward.core;

/** Why the model stopped. Each wire format maps its own names onto these. */
public enum StopReason {
  /** A natural end of turn. */
  END_TURN,
  /** The output token limit was reached. */
  MAX_TOKENS,
  /** A caller-supplied stop sequence was produced. */
  STOP_SEQUENCE,
  /** The model called one or more tools. */
  TOOL_USE,
  /** The provider's content filter or the model's refusal ended the turn. */
  CONTENT_FILTER,
  /** The provider reported an error while generating. */
  ERROR
}
