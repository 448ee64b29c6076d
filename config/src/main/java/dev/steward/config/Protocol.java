package dev.steward.config;

/** The wire protocol a provider speaks. */
public enum Protocol {
  OPENAI("openai"),
  ANTHROPIC("anthropic"),
  COHERE("cohere"),
  OPENAI_COMPATIBLE("openai-compatible"),
  SANDBOX("sandbox");

  private final String configName;

  Protocol(String configName) {
    this.configName = configName;
  }

  /** The name used in configuration files. */
  public String configName() {
    return configName;
  }
}
