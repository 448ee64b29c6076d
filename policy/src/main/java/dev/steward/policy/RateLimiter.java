package dev.steward.policy;

import dev.steward.config.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Requests and tokens per minute, per scope (an API key, a service), in fixed one-minute windows
 * aligned to the clock's minutes.
 *
 * <p>A request is admitted only if every one of its scopes is under its limits — all or nothing —
 * and then counts as one request in each. Tokens are only known once the answer has ended: they are
 * added then ({@link #used}), to the window current at that time, and a scope whose window has
 * reached its token limit admits nothing more until the next minute. So requests per minute are
 * never exceeded; tokens per minute may be exceeded by the requests already running when the limit
 * is reached. A fixed window admits up to twice a limit across a minute boundary; the simplicity is
 * worth it at these granularities.
 *
 * <p>One lock guards every window. Safe for concurrent use.
 */
public final class RateLimiter {

  /**
   * One scope's limit.
   *
   * @param scope what the limit applies to, as shown to callers, e.g. {@code key 'k-1a2b'}
   */
  public record Scoped(String scope, RateLimit limit) {
    public Scoped {
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(limit, "limit");
    }
  }

  /** What {@link #admit} decides. */
  public sealed interface Outcome permits Admitted, Limited {}

  /** The request counts in these scopes; report its tokens with {@link #used}. */
  public record Admitted(List<String> scopes) implements Outcome {
    public Admitted {
      scopes = List.copyOf(scopes);
    }
  }

  /**
   * A scope is at its limit; the request was not counted anywhere.
   *
   * @param limit the limit's key and value, e.g. {@code requests-per-minute 60}
   * @param retryAfter how long until the window ends
   */
  public record Limited(String scope, String limit, Duration retryAfter) implements Outcome {
    public Limited {
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(limit, "limit");
      Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /** A message safe to return to the caller. */
    public String message() {
      return "rate limit reached: "
          + scope
          + " "
          + limit
          + " (retry in "
          + Math.max(1, (retryAfter.toMillis() + 999) / 1000)
          + "s)";
    }
  }

  private static final long MINUTE_MILLIS = 60_000;

  private final InstantSource clock;
  private final Object lock = new Object();
  private final Map<String, Window> windows = new HashMap<>();

  private RateLimiter(InstantSource clock) {
    this.clock = clock;
  }

  public static RateLimiter create(InstantSource clock) {
    return new RateLimiter(Objects.requireNonNull(clock, "clock"));
  }

  /** Admits a request into every scope, or into none if any is at a limit. */
  public Outcome admit(List<Scoped> limits) {
    Instant now = clock.instant();
    long minute = Math.floorDiv(now.toEpochMilli(), MINUTE_MILLIS);
    Duration untilNext = Duration.ofMillis((minute + 1) * MINUTE_MILLIS - now.toEpochMilli());
    synchronized (lock) {
      List<Window> counted = new ArrayList<>(limits.size());
      List<String> scopes = new ArrayList<>(limits.size());
      for (Scoped s : limits) {
        RateLimit limit = s.limit();
        if (limit.isEmpty()) {
          continue;
        }
        Window w = window(s.scope(), minute);
        Integer rpm = limit.requestsPerMinute();
        if (rpm != null && w.requests >= rpm) {
          return new Limited(s.scope(), "requests-per-minute " + rpm, untilNext);
        }
        Long tpm = limit.tokensPerMinute();
        if (tpm != null && w.tokens >= tpm) {
          return new Limited(s.scope(), "tokens-per-minute " + tpm, untilNext);
        }
        counted.add(w);
        scopes.add(s.scope());
      }
      for (Window w : counted) {
        w.requests++;
      }
      return new Admitted(scopes);
    }
  }

  /** Adds the tokens an admitted request used to its scopes' current windows. */
  public void used(Admitted admitted, long tokens) {
    if (tokens < 0) {
      throw new IllegalArgumentException("tokens: " + tokens + " (expected: >= 0)");
    }
    long minute = Math.floorDiv(clock.instant().toEpochMilli(), MINUTE_MILLIS);
    synchronized (lock) {
      for (String scope : admitted.scopes()) {
        Window w = window(scope, minute);
        w.tokens = Amount.saturatedAdd(w.tokens, tokens);
      }
    }
  }

  private Window window(String scope, long minute) {
    Window w = windows.get(scope);
    if (w == null || w.minute != minute) {
      w = new Window(minute);
      windows.put(scope, w);
    }
    return w;
  }

  /** One scope's counts in one minute; guarded by the limiter's lock. */
  private static final class Window {
    final long minute;
    int requests;
    long tokens;

    Window(long minute) {
      this.minute = minute;
    }
  }
}
