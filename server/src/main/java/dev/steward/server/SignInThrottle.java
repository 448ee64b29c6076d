package dev.steward.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;

/**
 * Slows guessing of the admin key on the sign-in page: after {@link #MAX_FAILURES} wrong keys from
 * one address within {@link #WINDOW}, that address may not try again until the window, counted from
 * its first failure, has passed. A right key clears the address's count. At most 10,000 addresses
 * are remembered (the least recent forgotten first).
 */
final class SignInThrottle {
  static final int MAX_FAILURES = 10;
  static final Duration WINDOW = Duration.ofMinutes(10);

  /** An address's failures since {@code since}. */
  private record Failures(Instant since, int count) {}

  private final Cache<String, Failures> failures =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(WINDOW).build();

  /**
   * How long {@code address} must wait before trying again, or {@link Duration#ZERO} when it may
   * try now.
   */
  Duration wait(String address, Instant now) {
    Failures f = failures.getIfPresent(address);
    if (f == null || f.count() < MAX_FAILURES) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(now, f.since().plus(WINDOW));
    return left.isNegative() ? Duration.ZERO : left;
  }

  void failed(String address, Instant now) {
    failures
        .asMap()
        .compute(
            address,
            (a, f) ->
                f == null || !now.isBefore(f.since().plus(WINDOW))
                    ? new Failures(now, 1)
                    : new Failures(f.since(), f.count() + 1));
  }

  void succeeded(String address) {
    failures.invalidate(address);
  }
}
