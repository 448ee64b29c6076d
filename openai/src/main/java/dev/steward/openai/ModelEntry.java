package dev.steward.openai;

import java.util.Objects;

/**
 * One entry of {@code GET /v1/models}.
 *
 * @param id the model name callers use
 * @param created seconds since the epoch
 * @param ownedBy who provides it
 */
public record ModelEntry(String id, long created, String ownedBy) {
  public ModelEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(ownedBy, "ownedBy");
  }
}
