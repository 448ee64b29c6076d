package dev.steward.config;

/** What a model alias serves. */
public enum ModelKind {
  CHAT,
  EMBEDDING
}
