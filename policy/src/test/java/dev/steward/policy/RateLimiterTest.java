package dev.steward.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.config.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-11-27T10:00:45Z"));
  private final RateLimiter limiter = RateLimiter.create(() -> now.get());

  private static RateLimiter.Scoped key(@Nullable Integer rpm, @Nullable Long tpm) {
    return new RateLimiter.Scoped("key 'k1'", new RateLimit(rpm, tpm));
  }

  private static RateLimiter.Scoped service(Integer rpm) {
    return new RateLimiter.Scoped("service 'd/s'", new RateLimit(rpm, null));
  }

  @Test
  void requestsPerMinute_areNeverExceeded_andResetAtTheNextMinute() {
    List<RateLimiter.Scoped> limits = List.of(key(2, null));
    assertThat(limiter.admit(limits)).isInstanceOf(RateLimiter.Admitted.class);
    assertThat(limiter.admit(limits)).isInstanceOf(RateLimiter.Admitted.class);
    assertThat(limiter.admit(limits))
        .isEqualTo(
            new RateLimiter.Limited("key 'k1'", "requests-per-minute 2", Duration.ofSeconds(15)));

    now.set(Instant.parse("2026-11-27T10:01:00Z"));
    assertThat(limiter.admit(limits)).isInstanceOf(RateLimiter.Admitted.class);
  }

  @Test
  void admission_isAllOrNothing_acrossScopes() {
    assertThat(limiter.admit(List.of(service(1)))).isInstanceOf(RateLimiter.Admitted.class);
    assertThat(limiter.admit(List.of(key(1, null), service(1))))
        .isInstanceOfSatisfying(
            RateLimiter.Limited.class, l -> assertThat(l.scope()).isEqualTo("service 'd/s'"));
    // The refused request did not use the key's only request.
    assertThat(limiter.admit(List.of(key(1, null)))).isInstanceOf(RateLimiter.Admitted.class);
  }

  @Test
  void tokensPerMinute_stopAdmissionOnceUsed() {
    List<RateLimiter.Scoped> limits = List.of(key(null, 100L));
    var first = (RateLimiter.Admitted) limiter.admit(limits);
    assertThat(limiter.admit(limits)).isInstanceOf(RateLimiter.Admitted.class);
    limiter.used(first, 100);
    assertThat(limiter.admit(limits))
        .isInstanceOfSatisfying(
            RateLimiter.Limited.class,
            l ->
                assertThat(l.message())
                    .isEqualTo(
                        "rate limit reached: key 'k1' tokens-per-minute 100 (retry in 15s)"));
  }
}
