package dev.steward.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.config.RetryConfig;
import java.math.BigInteger;
import java.time.Duration;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private static final RetryConfig RETRY =
      new RetryConfig(5, Duration.ofMillis(100), Duration.ofSeconds(1));

  @Test
  void ceiling_doublesPerFailure_upToMax() {
    assertThat(Backoff.ceiling(RETRY, 1)).isEqualTo(Duration.ofMillis(100));
    assertThat(Backoff.ceiling(RETRY, 2)).isEqualTo(Duration.ofMillis(200));
    assertThat(Backoff.ceiling(RETRY, 4)).isEqualTo(Duration.ofMillis(800));
    assertThat(Backoff.ceiling(RETRY, 5)).isEqualTo(Duration.ofSeconds(1));
    assertThat(Backoff.ceiling(RETRY, 1_000)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void ceiling_zeroFailures_rejects() {
    assertThatThrownBy(() -> Backoff.ceiling(RETRY, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failedAttempts: 0 (expected: >= 1)");
  }

  @Test
  void jittered_spreadsOverWholeRange() {
    SplittableRandom random = new SplittableRandom(7);
    long below = 0;
    long above = 0;
    for (int i = 0; i < 2_000; i++) {
      long ms = Backoff.jittered(RETRY, 3, random).toMillis();
      if (ms < 100) {
        below++;
      }
      if (ms > 300) {
        above++;
      }
    }
    assertThat(below).isGreaterThan(300);
    assertThat(above).isGreaterThan(300);
  }

  @Property
  void jittered_alwaysWithinZeroAndCeiling(
      @ForAll @LongRange(min = 0, max = 10_000_000_000_000L) long initialNanos,
      @ForAll @LongRange(min = 0, max = 10_000_000_000_000L) long maxNanos,
      @ForAll @IntRange(min = 1, max = 10_000) int failed,
      @ForAll long seed) {
    RetryConfig retry =
        new RetryConfig(3, Duration.ofNanos(initialNanos), Duration.ofNanos(maxNanos));

    Duration wait = Backoff.jittered(retry, failed, new SplittableRandom(seed));

    long ceiling =
        BigInteger.valueOf(initialNanos)
            .shiftLeft(failed - 1)
            .min(BigInteger.valueOf(maxNanos))
            .longValueExact();
    assertThat(Backoff.ceiling(retry, failed)).isEqualTo(Duration.ofNanos(ceiling));
    assertThat(wait).isBetween(Duration.ZERO, Duration.ofNanos(ceiling));
  }
}
