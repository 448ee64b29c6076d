package dev.steward.store;

import java.util.Objects;

/**
 * A key just made by {@link ApiKeys#create}: its record, to store, and the key itself, to hand to
 * its owner once. Nothing keeps the plaintext afterwards, and {@link #toString()} never shows it.
 */
public record NewApiKey(ApiKeyRecord record, String plaintext) {
  public NewApiKey {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(plaintext, "plaintext");
    if (!record.hash().matches(ApiKeys.hash(plaintext))) {
      throw new IllegalArgumentException("plaintext: does not match record " + record.id());
    }
  }

  @Override
  public String toString() {
    return "NewApiKey[record=" + record + ", plaintext=(hidden)]";
  }
}
