package dev.steward.server;

/** The wire shape a caller speaks; errors are answered in the same shape. */
public enum Api {
  OPENAI("openai"),
  ANTHROPIC("anthropic");

  private final String label;

  Api(String label) {
    this.label = label;
  }

  /** The name used in metrics and the ledger. */
  public String label() {
    return label;
  }
}
