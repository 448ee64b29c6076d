package dev.steward.server;

import dev.steward.store.LedgerRow;
import dev.steward.store.Principal;
import java.math.BigDecimal;
import java.time.Instant;

/** Ledger rows for tests that need a valid row and care only about its request id. */
final class LedgerRows {
  private LedgerRows() {}

  /** An answered chat exchange of {@code d/s/u} with no tokens or cost. */
  static LedgerRow row(String requestId) {
    return new LedgerRow(
        requestId,
        Instant.parse("2026-11-27T12:00:00Z"),
        Principal.of("d", "s", "u"),
        "openai",
        "chat",
        "chat",
        null,
        null,
        "ok",
        200,
        0,
        0,
        0,
        BigDecimal.ZERO,
        0,
        null,
        false,
        0,
        null,
        null);
  }
}
