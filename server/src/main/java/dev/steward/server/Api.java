package dev.steward.server;

/** The wire shape a caller speaks; errors are answered in the same shape. */
public enum Api {
  OPENAI,
  ANTHROPIC
}
