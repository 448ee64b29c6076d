package dev.steward.config;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how the gateway exports its traces ({@code tracing}); absent, tracing is off.
 *
 * @param otlpEndpoint the OTLP/HTTP traces URL spans are posted to: the configured URL, with {@code
 *     /v1/traces} appended unless it already ends so
 * @param serviceName the {@code service.name} the spans carry
 * @param sampleRatio the share of new traces recorded, 0..1; a request that arrives with a sampled
 *     {@code traceparent} follows its caller's decision
 * @param headers extra HTTP headers sent with every export (an API key, a tenant), by name
 */
public record TracingConfig(
    URI otlpEndpoint, String serviceName, double sampleRatio, Map<String, HeaderValue> headers) {
  /** The traces path the OTLP/HTTP specification appends to a base endpoint. */
  public static final String TRACES_PATH = "/v1/traces";

  public static final String DEFAULT_SERVICE_NAME = "steward";

  public TracingConfig {
    Objects.requireNonNull(otlpEndpoint, "otlpEndpoint");
    Objects.requireNonNull(serviceName, "serviceName");
    if (!(sampleRatio >= 0 && sampleRatio <= 1)) {
      throw new IllegalArgumentException("sample-ratio: " + sampleRatio + " (expected: 0..1)");
    }
    String scheme = otlpEndpoint.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException(
          "otlp-endpoint: " + otlpEndpoint + " (expected: an http or https URL)");
    }
    headers = Map.copyOf(headers);
  }

  /** The traces URL for a configured endpoint: {@code /v1/traces} appended unless given. */
  public static URI tracesUrl(URI endpoint) {
    String text = endpoint.toString();
    if (text.endsWith(TRACES_PATH)) {
      return endpoint;
    }
    return URI.create(
        (text.endsWith("/") ? text.substring(0, text.length() - 1) : text) + TRACES_PATH);
  }

  /** A header's value: written in the file, or a secret read when the exporter starts. */
  public sealed interface HeaderValue {

    /** The value; a secret is read from its environment variable or file now. */
    String resolve(Map<String, String> environment);

    /** A value written in the configuration file. */
    record Plain(String value) implements HeaderValue {
      public Plain {
        Objects.requireNonNull(value, "value");
      }

      @Override
      public String resolve(Map<String, String> environment) {
        return value;
      }
    }

    /** A value kept outside the file; {@link #toString()} never shows it. */
    record FromSecret(Secret secret) implements HeaderValue {
      public FromSecret {
        Objects.requireNonNull(secret, "secret");
      }

      @Override
      public String resolve(Map<String, String> environment) {
        return secret.resolve(environment);
      }
    }
  }
}
