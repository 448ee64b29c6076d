package dev.steward.server;

/** What a request asks for. */
public enum Endpoint {
  CHAT("chat"),
  EMBEDDINGS("embeddings"),
  MODELS("models");

  private final String label;

  Endpoint(String label) {
    this.label = label;
  }

  /** The name used in metrics and the ledger. */
  public String label() {
    return label;
  }
}
