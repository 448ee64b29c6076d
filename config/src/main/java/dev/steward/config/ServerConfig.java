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
 */
public record ServerConfig(
    String host, int port, long maxBodyBytes, Duration shutdownGrace, @Nullable Secret adminKey) {
  public static final long DEFAULT_MAX_BODY_BYTES = 8L * 1024 * 1024;

  public ServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
  }
}
