package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.store.KillSwitchStorage.KillSwitch;
import dev.steward.store.ReviewStorage.ReviewRecord;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KillSwitchTest {
  private static final Instant T0 = Instant.parse("2025-11-26T09:00:00.123456789Z");

  @Test
  void engagedThenLifted_keepsTheEngagement_andTruncatesTimesToMicros() {
    KillSwitch engaged = KillSwitch.engaged("ks-1", "model", "gpt-4o", "INC-1", "cli", T0);
    KillSwitch lifted = engaged.withLift(T0.plusSeconds(5), "key_admin01", "fixed");

    assertThat(engaged.lifted()).isFalse();
    assertThat(engaged.engagedAt()).isEqualTo(Instant.parse("2025-11-26T09:00:00.123456Z"));
    assertThat(lifted.lifted()).isTrue();
    assertThat(lifted.note()).isEqualTo("INC-1");
    assertThat(lifted.actor()).isEqualTo("cli");
    assertThat(lifted.liftedBy()).isEqualTo("key_admin01");
    assertThat(lifted.liftNote()).isEqualTo("fixed");
    assertThat(lifted.liftedAt()).isEqualTo(Instant.parse("2025-11-26T09:00:05.123456Z"));
  }

  @Test
  void new_liftPartlySet_rejects() {
    assertThatThrownBy(() -> new KillSwitch("ks-1", "model", "m", "n", "cli", T0, T0, null, "why"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "liftedAt, liftedBy, liftNote: set, null, set (expected: all three set for a lifted"
                + " switch, all null for an engaged one)");
    assertThatThrownBy(
            () -> new KillSwitch("ks-1", "model", "m", "n", "cli", T0, null, null, "why"))
        .hasMessageStartingWith("liftedAt, liftedBy, liftNote: null, null, set");
  }

  @Test
  void new_noteCountedInCodePoints_blankOrTooLongRejected() {
    String thousandEmoji = "\uD83D\uDED1".repeat(1000);
    assertThat(KillSwitch.engaged("ks-1", "model", "m", thousandEmoji, "cli", T0).note())
        .isEqualTo(thousandEmoji);
    assertThatThrownBy(() -> KillSwitch.engaged("ks-1", "model", "m", "x".repeat(1001), "cli", T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("note: 1001 characters (expected: 1..1000 characters, not blank)");
    assertThatThrownBy(() -> KillSwitch.engaged("ks-1", "model", "m", " ", "cli", T0))
        .hasMessage("note: 1 characters, blank (expected: 1..1000 characters, not blank)");
    assertThatThrownBy(() -> KillSwitch.engaged("x".repeat(65), "model", "m", "n", "cli", T0))
        .hasMessageStartingWith("id: ");
  }

  @Test
  void reviewRecord_checksItsFields() {
    ReviewRecord review = new ReviewRecord("req-1", "rev_1", "approved", null, "key_abc", T0);

    assertThat(review.reviewedAt()).isEqualTo(Instant.parse("2025-11-26T09:00:00.123456Z"));
    assertThatThrownBy(() -> new ReviewRecord("req-1", "rev_1", "approved", "", "key_abc", T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("note: ");
    assertThatThrownBy(
            () -> new ReviewRecord("x".repeat(101), "rev_1", "approved", null, "key_abc", T0))
        .hasMessageStartingWith("requestId: ");
    assertThatThrownBy(
            () -> new ReviewRecord("req-1", "rev_1", "approved", null, "k".repeat(33), T0))
        .hasMessageStartingWith("keyId: ");
  }
}
