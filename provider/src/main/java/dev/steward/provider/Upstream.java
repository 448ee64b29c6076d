package dev.steward.provider;

import dev.steward.core.UpstreamException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.InstantSource;
import org.jspecify.annotations.Nullable;

/** Sending a request and reading its answer, the same way for every adapter. */
public final class Upstream {
  private Upstream() {}

  /** Turns a vendor's error answer into an exception, in that vendor's terms. */
  @FunctionalInterface
  public interface ErrorMapper {
    UpstreamException map(int status, byte[] body, @Nullable Duration retryAfter);
  }

  /**
   * Sends the request and returns the response once its status is 2xx; otherwise reads the error
   * body, closes the response and throws what {@code errors} makes of it.
   */
  public static UpstreamResponse send(
      HttpTransport transport, UpstreamRequest request, InstantSource clock, ErrorMapper errors) {
    UpstreamResponse response = transport.send(request);
    int status = response.status();
    if (status >= 200 && status < 300) {
      return response;
    }
    try (response) {
      byte[] body;
      try {
        body = response.readAllBytes();
      } catch (RuntimeException e) {
        body = new byte[0];
      }
      throw errors.map(status, body, RetryAfter.of(response, clock.instant()));
    }
  }

  /** Reads a whole answer; a timeout or break becomes an {@link UpstreamException}. */
  public static byte[] readAll(UpstreamResponse response, String label) {
    try {
      return response.readAllBytes();
    } catch (UncheckedIOException e) {
      boolean timeout = response.timedOut();
      throw UpstreamException.io(
          label + (timeout ? ": answer timed out" : ": answer broke off"), timeout, e);
    }
  }
}
