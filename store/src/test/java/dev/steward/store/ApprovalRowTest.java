package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.store.ApprovalStorage.ApprovalRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApprovalRowTest {
  private static final Instant T0 = Instant.parse("2025-11-26T09:00:00.123456789Z");
  private static final Instant T1 = T0.plusSeconds(3600);

  static ApprovalRow granted(String useCase, List<String> runIds) {
    return ApprovalRow.granted(
        "ap-1", useCase, "openai", "gpt-4o-mini", "v1", T0, T1, "key_admin01", runIds);
  }

  @Test
  void activeAt_isHalfOpen_fromGrantToExpiryOrRevocation() {
    ApprovalRow row = granted("justice/triage/classify", List.of("run-1"));
    ApprovalRow revoked = row.withRevocation(T0.plusSeconds(60), "cli", "withdrawn");

    assertThat(row.activeAt(T0.minusNanos(1000))).isFalse();
    assertThat(row.activeAt(row.grantedAt())).isTrue();
    assertThat(row.activeAt(T1.minusSeconds(1))).isTrue();
    assertThat(row.activeAt(row.expiresAt())).isFalse();
    assertThat(revoked.activeAt(T0.plusSeconds(59))).isTrue();
    assertThat(revoked.activeAt(java.util.Objects.requireNonNull(revoked.revokedAt()))).isFalse();
    assertThat(revoked.activeAt(T1.minusSeconds(1))).isFalse();
    assertThat(row.revoked()).isFalse();
    assertThat(revoked.revoked()).isTrue();
    assertThat(row.grantedAt()).isEqualTo(Instant.parse("2025-11-26T09:00:00.123456Z"));
  }

  @Test
  void new_copiesRunIds_andRejectsRepeatsOrTooMany() {
    List<String> runs = new ArrayList<>(List.of("run-2", "run-1"));
    ApprovalRow row = granted("a/b/c", runs);
    runs.add("run-3");

    assertThat(row.runIds()).containsExactly("run-2", "run-1");
    assertThatThrownBy(() -> row.runIds().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> granted("a/b/c", List.of("run-1", "run-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("runIds: \"run-1\" twice (expected: each run once)");
    List<String> many = new ArrayList<>();
    for (int i = 0; i <= ApprovalRow.MAX_RUN_IDS; i++) {
      many.add("run-" + i);
    }
    assertThatThrownBy(() -> granted("a/b/c", many))
        .hasMessage("runIds: 65 runs (expected: at most 64)");
    assertThatThrownBy(() -> granted("a/b/c", List.of("r".repeat(65))))
        .hasMessageStartingWith("runIds: ");
  }

  @Test
  void new_useCaseMustHaveThreeParts() {
    assertThat(granted("x".repeat(100) + "/b/c", List.of()).useCase()).startsWith("xxx");
    for (String bad :
        List.of("a/b", "a/b/c/d", "a//c", "a/ /c", "/b/c", "x".repeat(101) + "/b/c")) {
      assertThatThrownBy(() -> granted(bad, List.of()))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("useCase: ")
          .hasMessageEndingWith(
              "(expected: department/service/use-case, each part 1..100 characters, not blank)");
    }
  }

  @Test
  void new_timesAndRevocationMustBeConsistent() {
    assertThatThrownBy(
            () -> ApprovalRow.granted("ap-1", "a/b/c", "p", "m", "v", T0, T0, "cli", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "expiresAt: 2025-11-26T09:00:00.123456Z (expected: after grantedAt"
                + " 2025-11-26T09:00:00.123456Z)");
    assertThatThrownBy(
            () ->
                new ApprovalRow(
                    "ap-1", "a/b/c", "p", "m", "v", T0, T1, "cli", List.of(), T0, null, "why"))
        .hasMessage(
            "revokedAt, revokedBy, revokeReason: set, null, set (expected: all three set for a"
                + " revoked approval, all null otherwise)");
    assertThatThrownBy(
            () -> granted("a/b/c", List.of()).withRevocation(T0.minusSeconds(1), "cli", "n"))
        .hasMessageStartingWith("revokedAt: 2025-11-26T08:59:59.123456Z (expected: not before");
    assertThatThrownBy(
            () -> granted("a/b/c", List.of()).withRevocation(T0, "cli", "x".repeat(1001)))
        .hasMessage("revokeReason: 1001 characters (expected: 1..1000 characters, not blank)");
    String thousandEmoji = "\uD83D\uDED1".repeat(1000);
    assertThat(granted("a/b/c", List.of()).withRevocation(T1, "cli", thousandEmoji).revokeReason())
        .isEqualTo(thousandEmoji);
  }
}
