package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.store.OutcomeStorage.Kind;
import dev.steward.store.OutcomeStorage.Outcome;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class OutcomeTest {
  static final Instant T0 = Instant.parse("2025-11-26T09:00:00.123456789Z");

  static Outcome outcome(@Nullable Double minutes, @Nullable String note) {
    return new Outcome(
        "req-1", "justice", "courts", "summarise", Kind.EDITED, minutes, note, T0, "key_abc");
  }

  @Test
  void new_truncatesTimeToMicros_andNormalisesNegativeZero() {
    Outcome o = outcome(-0.0, null);

    assertThat(o.recordedAt()).isEqualTo(Instant.parse("2025-11-26T09:00:00.123456Z"));
    assertThat(o.minutesSaved()).isEqualTo(0.0);
  }

  @Test
  void new_minutesOutOfRangeOrNaN_rejects() {
    for (double bad : new double[] {-0.5, 1440.01, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> outcome(bad, null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("minutesSaved: " + bad + " (expected: 0..1440)");
    }
    assertThat(outcome(1440.0, null).minutesSaved()).isEqualTo(1440.0);
  }

  @Test
  void new_noteBlankOrTooLong_rejects_countingCodePoints() {
    assertThat(outcome(null, "😀".repeat(1000)).note()).hasSize(2000);
    assertThatThrownBy(() -> outcome(null, "x".repeat(1001)))
        .hasMessage("note: 1001 characters (expected: 1..1000 characters, not blank)");
    assertThatThrownBy(() -> outcome(null, "  "))
        .hasMessage("note: 2 characters, blank (expected: 1..1000 characters, not blank)");
  }

  @Test
  void kind_of_acceptsExactWireNamesOnly() {
    assertThat(Kind.of("accepted")).contains(Kind.ACCEPTED);
    assertThat(Kind.of("edited")).contains(Kind.EDITED);
    assertThat(Kind.of("rejected")).contains(Kind.REJECTED);
    assertThat(Kind.of("ACCEPTED")).isEmpty();
    assertThat(Kind.of("approved")).isEmpty();
  }
}
