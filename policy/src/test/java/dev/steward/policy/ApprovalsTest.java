package dev.steward.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApprovalsTest {
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final String USE_CASE = "justice/courts/notes";

  @Test
  void approved_grantExpiringLater_isApproved_onlyForItsUseCaseAndVersion() {
    Approvals a =
        new Approvals(Map.of(new Approvals.Key(USE_CASE, "openai/gpt"), NOW.plusSeconds(1)));

    assertThat(a.approved(USE_CASE, "openai/gpt", NOW)).isTrue();
    assertThat(a.approved(USE_CASE, "openai/gpt-2", NOW)).isFalse();
    assertThat(a.approved("justice/courts/other", "openai/gpt", NOW)).isFalse();
  }

  @Test
  void approved_atOrAfterExpiry_isNotApproved() {
    Approvals a = new Approvals(Map.of(new Approvals.Key(USE_CASE, "openai/gpt"), NOW));

    assertThat(a.approved(USE_CASE, "openai/gpt", NOW)).isFalse();
    assertThat(a.approved(USE_CASE, "openai/gpt", NOW.minusMillis(1))).isTrue();
    assertThat(Approvals.NONE.approved(USE_CASE, "openai/gpt", NOW)).isFalse();
  }

  @Test
  void key_blankParts_areRefused() {
    assertThatThrownBy(() -> new Approvals.Key(" ", "openai/gpt"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("useCase");
    assertThatThrownBy(() -> new Approvals.Key(USE_CASE, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("modelVersion");
  }
}
