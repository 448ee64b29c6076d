package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LedgerRowTest {
  private static final Instant T0 = Instant.parse("2025-11-26T09:00:00.123456789Z");
  private static final Principal P = Principal.of("justice", "notes", "summarise");

  @Test
  void new_normalisesTimeToMicrosAndCostToTenPlaces() {
    LedgerRow row = StorageContract.row("r", T0, P, "0.1");

    assertThat(row.at()).isEqualTo(Instant.parse("2025-11-26T09:00:00.123456Z"));
    assertThat(row.costGbp()).isEqualTo(new BigDecimal("0.1000000000"));
    assertThat(StorageContract.row("r", T0, P, "0.100")).isEqualTo(row);
  }

  @Test
  void new_unknownApi_rejectsNamingValueAndExpectation() {
    assertThatThrownBy(() -> withApi("gemini"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("api: \"gemini\" (expected: openai|anthropic)");
  }

  @Test
  void new_negativeTokensOrCost_reject() {
    assertThatThrownBy(() -> StorageContract.row("r", T0, P, "-0.01"))
        .hasMessage("costGbp: -0.01 (expected: >= 0)");
  }

  @Test
  void principal_blankPart_rejects() {
    assertThatThrownBy(() -> Principal.of("justice", " ", "x"))
        .hasMessage("service: \" \" (expected: 1..100 characters, not blank)");
  }

  private static LedgerRow withApi(String api) {
    return new LedgerRow(
        "r",
        T0,
        P,
        api,
        "chat",
        "m",
        null,
        null,
        "ok",
        200,
        1,
        1,
        0,
        BigDecimal.ONE,
        1,
        null,
        false,
        1);
  }
}
