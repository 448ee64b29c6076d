package dev.steward.config;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP listener.
 *
 * @param maxBodyBytes the largest request body accepted
 * @param shutdownGrace how long open streams may run on after a shutdown begins
 * @param adminKey the key for admin endpoints; admin endpoints are off without one
 * @param readTimeout how long a client may take to send a request (and may stay idle between
 *     requests on a kept-alive connection)
 * @param requestTimeout the longest a request may take end to end, retries and fallbacks included
 */
public record ServerConfig(
    String host,
    int port,
    long maxBodyBytes,
    Duration shutdownGrace,
    @Nullable Secret adminKey,
    Duration readTimeout,
    Duration requestTimeout) {
  public static final long DEFAULT_MAX_BODY_BYTES = 8L * 1024 * 1024;
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofMinutes(15);

  /** A listener with the default read and request timeouts. */
  public ServerConfig(
      String host, int port, long maxBodyBytes, Duration shutdownGrace, @Nullable Secret adminKey) {
    this(
        host,
        port,
        maxBodyBytes,
        shutdownGrace,
        adminKey,
        DEFAULT_READ_TIMEOUT,
        DEFAULT_REQUEST_TIMEOUT);
  }

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
  }
}
