package dev.steward.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

  @Test
  void wait_afterTenFailuresInTheWindow_untilTheWindowEnds_perAddress() {
    SignInThrottle t = new SignInThrottle();
    for (int i = 0; i < SignInThrottle.MAX_FAILURES - 1; i++) {
      t.failed("10.0.0.1", T0.plusSeconds(i));
    }
    assertThat(t.wait("10.0.0.1", T0.plusSeconds(20))).isZero();
    t.failed("10.0.0.1", T0.plusSeconds(30));
    assertThat(t.wait("10.0.0.1", T0.plusSeconds(60)))
        .isEqualTo(SignInThrottle.WINDOW.minusSeconds(60));
    assertThat(t.wait("10.0.0.2", T0.plusSeconds(60))).as("another address").isZero();
    assertThat(t.wait("10.0.0.1", T0.plus(SignInThrottle.WINDOW))).isZero();
  }

  @Test
  void failed_afterTheWindow_startsAFreshCount_andSuccessClearsIt() {
    SignInThrottle t = new SignInThrottle();
    for (int i = 0; i < SignInThrottle.MAX_FAILURES; i++) {
      t.failed("a", T0);
    }
    t.failed("a", T0.plus(SignInThrottle.WINDOW));
    assertThat(t.wait("a", T0.plus(SignInThrottle.WINDOW).plusSeconds(1))).isZero();
    for (int i = 0; i < SignInThrottle.MAX_FAILURES; i++) {
      t.failed("b", T0);
    }
    assertThat(t.wait("b", T0)).isPositive();
    t.succeeded("b");
    assertThat(t.wait("b", T0)).isEqualTo(Duration.ZERO);
  }
}
