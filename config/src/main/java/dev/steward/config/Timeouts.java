package dev.steward.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits on one upstream call.
 *
 * @param connect to open a connection
 * @param firstByte from sending the request to the response headers
 * @param idle between two chunks of a streamed answer
 * @param total for the whole call, stream included
 */
public record Timeouts(Duration connect, Duration firstByte, Duration idle, Duration total) {
  public static final Timeouts DEFAULT =
      new Timeouts(
          Duration.ofSeconds(5),
          Duration.ofSeconds(60),
          Duration.ofSeconds(60),
          Duration.ofMinutes(10));

  public Timeouts {
    Objects.requireNonNull(connect, "connect");
    Objects.requireNonNull(firstByte, "firstByte");
    Objects.requireNonNull(idle, "idle");
    Objects.requireNonNull(total, "total");
  }
}
