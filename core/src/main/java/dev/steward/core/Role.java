package dev.steward.core;

/** Who wrote a message. {@code DEVELOPER} is OpenAI's newer name for system instructions. */
public enum Role {
  SYSTEM,
  DEVELOPER,
  USER,
  ASSISTANT,
  TOOL
}
