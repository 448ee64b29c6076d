package dev.steward.provider;

import dev.steward.config.Timeouts;
import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request to a provider. {@code body} is sent as {@code application/json} with POST; an
 * empty body means GET.
 */
public record UpstreamRequest(
    URI uri, Map<String, String> headers, byte[] body, Timeouts timeouts) {
  public UpstreamRequest {
    Objects.requireNonNull(uri, "uri");
    headers = Map.copyOf(headers);
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(timeouts, "timeouts");
  }

  public static UpstreamRequest post(
      URI uri, Map<String, String> headers, byte[] body, Timeouts timeouts) {
    return new UpstreamRequest(uri, headers, body, timeouts);
  }
}
