package dev.steward.routing;

import static dev.steward.routing.CircuitBreaker.Pass.DENIED;
import static dev.steward.routing.CircuitBreaker.Pass.NORMAL;
import static dev.steward.routing.CircuitBreaker.Pass.TRIAL;
import static dev.steward.routing.Fakes.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.config.BreakerConfig;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
  private static final BreakerConfig CONFIG = new BreakerConfig(3, Duration.ofSeconds(30));

  private final Fakes.RecordingListener listener = new Fakes.RecordingListener();
  private final CircuitBreaker breaker = new CircuitBreaker("p/m", listener);

  private void fail(int times, Instant now) {
    for (int i = 0; i < times; i++) {
      breaker.onFailure(breaker.tryAcquire(now), CONFIG, now);
    }
  }

  @Test
  void onFailure_thresholdConsecutive_opens() {
    fail(2, T0);
    assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
    assertThat(breaker.tryAcquire(T0)).isEqualTo(NORMAL);

    fail(1, T0);

    assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
    assertThat(breaker.tryAcquire(T0.plusSeconds(29))).isEqualTo(DENIED);
    assertThat(listener.breakerChanges).containsExactly("p/m:CLOSED->OPEN");
  }

  @Test
  void onSuccess_betweenFailures_resetsCount() {
    fail(2, T0);
    breaker.onSuccess(breaker.tryAcquire(T0));
    fail(2, T0);

    assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
  }

  @Test
  void tryAcquire_afterOpenPeriod_admitsExactlyOneTrial() {
    fail(3, T0);
    Instant later = T0.plusSeconds(30);

    assertThat(breaker.tryAcquire(later)).isEqualTo(TRIAL);
    assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
    assertThat(breaker.tryAcquire(later)).isEqualTo(DENIED);
    assertThat(breaker.tryAcquire(later.plusSeconds(100))).isEqualTo(DENIED);
  }

  @Test
  void onSuccess_ofTrial_closes() {
    fail(3, T0);
    Instant later = T0.plusSeconds(31);
    CircuitBreaker.Pass trial = breaker.tryAcquire(later);

    breaker.onSuccess(trial);

    assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
    assertThat(breaker.tryAcquire(later)).isEqualTo(NORMAL);
    assertThat(listener.breakerChanges)
        .containsExactly("p/m:CLOSED->OPEN", "p/m:OPEN->HALF_OPEN", "p/m:HALF_OPEN->CLOSED");
  }

  @Test
  void onFailure_ofTrial_reopensForAnotherPeriod() {
    fail(3, T0);
    Instant later = T0.plusSeconds(31);
    CircuitBreaker.Pass trial = breaker.tryAcquire(later);

    breaker.onFailure(trial, CONFIG, later);

    assertThat(breaker.state()).isEqualTo(BreakerState.OPEN);
    assertThat(breaker.tryAcquire(later.plusSeconds(29))).isEqualTo(DENIED);
    assertThat(breaker.tryAcquire(later.plusSeconds(30))).isEqualTo(TRIAL);
  }

  @Test
  void onNeutral_ofTrial_freesTrialSlotWithoutVerdict() {
    fail(3, T0);
    Instant later = T0.plusSeconds(31);
    CircuitBreaker.Pass trial = breaker.tryAcquire(later);

    breaker.onNeutral(trial);

    assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
    assertThat(breaker.tryAcquire(later)).isEqualTo(TRIAL);
  }

  @Test
  void onFailure_ofCallAdmittedBeforeHalfOpen_doesNotReopen() {
    CircuitBreaker.Pass early = breaker.tryAcquire(T0);
    fail(3, T0);
    Instant later = T0.plusSeconds(31);
    CircuitBreaker.Pass trial = breaker.tryAcquire(later);

    breaker.onFailure(early, CONFIG, later);

    assertThat(breaker.state()).isEqualTo(BreakerState.HALF_OPEN);
    breaker.onSuccess(trial);
    assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
  }
}
