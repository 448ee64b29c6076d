package dev.steward.openai;

import dev.steward.config.Protocol;

/** Which flavour of the OpenAI wire format an upstream speaks. */
public enum Dialect {
  /** OpenAI itself: the output limit is {@code max_completion_tokens}. */
  OPENAI,
  /**
   * OpenAI-compatible servers (vLLM, llama.cpp server, Ollama): the output limit is {@code
   * max_tokens}, and the {@code developer} role is sent as {@code system}, which their chat
   * templates know.
   */
  COMPATIBLE;

  /** The dialect of a provider protocol. */
  public static Dialect of(Protocol protocol) {
    return switch (protocol) {
      case OPENAI -> OPENAI;
      case OPENAI_COMPATIBLE -> COMPATIBLE;
      case ANTHROPIC, COHERE, SANDBOX ->
          throw new IllegalArgumentException(
              "protocol: " + protocol.configName() + " (expected: openai or openai-compatible)");
    };
  }
}
