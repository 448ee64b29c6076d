package dev.steward.sandbox;

import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The sandbox's knobs for one call. Each is taken from the call's directives, else from the
 * upstream model's configured options, else its default.
 *
 * @param latency the pause before each streamed chunk
 * @param firstByte the pause before the answer starts
 * @param failStatus the HTTP status a failing call reports
 * @param retryAfter the wait a failing call asks for, when set
 * @param failAfterChunks for a failing stream: how many events arrive before it breaks off
 * @param dimensions the default embedding size, when set
 */
record Settings(
    Behaviour behaviour,
    Duration latency,
    Duration firstByte,
    int failStatus,
    @Nullable Duration retryAfter,
    @Nullable Integer failAfterChunks,
    @Nullable Integer dimensions) {

  static final Duration SLOW_LATENCY = Duration.ofMillis(200);
  static final int MAX_DIMENSIONS = 8192;

  /**
   * Resolves the settings.
   *
   * @throws StewardException ({@link ErrorCode#INVALID_REQUEST}) when a value is malformed
   */
  static Settings resolve(Map<String, String> directives, Map<String, String> options) {
    Behaviour behaviour = Behaviour.COMPLY;
    String b = value(SandboxClient.BEHAVIOUR, directives, options);
    if (b != null) {
      try {
        behaviour = Behaviour.parse(b);
      } catch (IllegalArgumentException e) {
        throw invalid(SandboxClient.BEHAVIOUR, e.getMessage());
      }
    }
    Integer latencyMs = integer(SandboxClient.LATENCY_MS, directives, options, 0, 60_000);
    Integer firstByteMs = integer(SandboxClient.FIRST_BYTE_MS, directives, options, 0, 600_000);
    Integer failStatus = integer(SandboxClient.FAIL_STATUS, directives, options, 400, 599);
    Integer retryAfter = integer(SandboxClient.RETRY_AFTER_SECONDS, directives, options, 0, 86_400);
    Integer failAfter = integer(SandboxClient.FAIL_AFTER_CHUNKS, directives, options, 0, 100_000);
    Integer dimensions = integer(SandboxClient.DIMENSIONS, directives, options, 1, MAX_DIMENSIONS);
    Duration latency =
        latencyMs != null
            ? Duration.ofMillis(latencyMs)
            : behaviour == Behaviour.SLOW ? SLOW_LATENCY : Duration.ZERO;
    return new Settings(
        behaviour,
        latency,
        firstByteMs == null ? Duration.ZERO : Duration.ofMillis(firstByteMs),
        failStatus == null ? 500 : failStatus,
        retryAfter == null ? null : Duration.ofSeconds(retryAfter),
        failAfter,
        dimensions);
  }

  private static @Nullable String value(
      String key, Map<String, String> directives, Map<String, String> options) {
    String v = directives.get(key);
    return v != null ? v : options.get(key);
  }

  private static @Nullable Integer integer(
      String key, Map<String, String> directives, Map<String, String> options, int min, int max) {
    String v = value(key, directives, options);
    if (v == null) {
      return null;
    }
    String expected = "(expected: an integer " + min + ".." + max + ")";
    try {
      int n = Integer.parseInt(v.trim());
      if (n < min || n > max) {
        throw invalid(key, "'" + v + "' " + expected);
      }
      return n;
    } catch (NumberFormatException e) {
      throw invalid(key, "'" + v + "' " + expected);
    }
  }

  private static StewardException invalid(String key, @Nullable String detail) {
    return new StewardException(ErrorCode.INVALID_REQUEST, "sandbox " + key + ": " + detail);
  }
}
