package dev.steward.config;

/** Where a provider processes data. */
public enum Residency {
  UK,
  EU,
  US,
  OTHER
}
