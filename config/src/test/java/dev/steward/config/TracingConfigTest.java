package dev.steward.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The {@code tracing} section: off when absent, defaults, the traces path, and its problems. */
class TracingConfigTest {

  @Test
  void absent_tracingIsOff() {
    assertThat(Yaml.parse(Yaml.MINIMAL).tracing()).isNull();
  }

  @Test
  void endpointOnly_defaultsAndTracesPathAppended() {
    TracingConfig t = tracing(Yaml.MINIMAL + "tracing:\n  otlp-endpoint: http://127.0.0.1:4318\n");

    assertThat(t.otlpEndpoint()).isEqualTo(URI.create("http://127.0.0.1:4318/v1/traces"));
    assertThat(t.serviceName()).isEqualTo("steward");
    assertThat(t.sampleRatio()).isEqualTo(1.0);
    assertThat(t.headers()).isEmpty();
  }

  @Test
  void tracesUrl_keepsAGivenTracesPathAndDropsATrailingSlash() {
    assertThat(TracingConfig.tracesUrl(URI.create("https://otel.example/v1/traces")))
        .isEqualTo(URI.create("https://otel.example/v1/traces"));
    assertThat(TracingConfig.tracesUrl(URI.create("https://otel.example/otlp/")))
        .isEqualTo(URI.create("https://otel.example/otlp/v1/traces"));
  }

  @Test
  void everyKey_bound_secretHeaderReadFromTheEnvironment() {
    String yaml =
        Yaml.MINIMAL
            + """
            tracing:
              otlp-endpoint: https://collector.example:4318/v1/traces
              service-name: steward-eu
              sample-ratio: 0.25
              headers:
                X-Tenant: health
                Authorization: {env: OTEL_TOKEN}
            """;
    TracingConfig t = tracing(yaml);

    assertThat(t.otlpEndpoint()).isEqualTo(URI.create("https://collector.example:4318/v1/traces"));
    assertThat(t.serviceName()).isEqualTo("steward-eu");
    assertThat(t.sampleRatio()).isEqualTo(0.25);
    assertThat(header(t, "X-Tenant").resolve(Map.of())).isEqualTo("health");
    assertThat(t.headers().get("Authorization"))
        .isEqualTo(new TracingConfig.HeaderValue.FromSecret(new Secret.Env("OTEL_TOKEN")));
    assertThat(header(t, "Authorization").resolve(Map.of("OTEL_TOKEN", "Bearer s3cret")))
        .isEqualTo("Bearer s3cret");
    assertThat(SchemaSupport.validate(yaml)).isEmpty();
  }

  @Test
  void missingEndpoint_reportedWithLineAndExpectation() {
    String yaml = Yaml.MINIMAL + "tracing:\n  service-name: steward\n";

    assertThat(Yaml.problems(yaml))
        .containsExactly(
            "steward.yaml:11:3: tracing.otlp-endpoint: missing (expected: an http(s) URL of an"
                + " OTLP/HTTP collector, e.g. http://127.0.0.1:4318)");
    assertThat(SchemaSupport.validate(yaml)).isNotEmpty();
  }

  @Test
  void notAnHttpUrl_rejected() {
    String yaml = Yaml.MINIMAL + "tracing:\n  otlp-endpoint: grpc://127.0.0.1:4317\n";

    assertThat(Yaml.problems(yaml))
        .containsExactly(
            "steward.yaml:11:18: tracing.otlp-endpoint: 'grpc://127.0.0.1:4317' (expected: an"
                + " http(s) URL of an OTLP/HTTP collector, e.g. http://127.0.0.1:4318)");
    assertThat(SchemaSupport.validate(yaml)).isNotEmpty();
  }

  @Test
  void sampleRatioAboveOne_rejected() {
    String yaml =
        Yaml.MINIMAL + "tracing:\n  otlp-endpoint: http://127.0.0.1:4318\n  sample-ratio: 1.5\n";

    assertThat(Yaml.problems(yaml))
        .containsExactly(
            "steward.yaml:12:17: tracing.sample-ratio: 1.5 (expected: a number from 0 to 1, e.g."
                + " 0.1)");
    assertThat(SchemaSupport.validate(yaml)).isNotEmpty();
  }

  @Test
  void secretWrittenInline_headerNamedAndOthersKept() {
    String yaml =
        Yaml.MINIMAL
            + """
            tracing:
              otlp-endpoint: http://127.0.0.1:4318
              headers:
                Authorization: {value: x}
            """;

    assertThat(Yaml.problems(yaml))
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p).contains("tracing.headers.Authorization"));
    assertThat(SchemaSupport.validate(yaml)).isNotEmpty();
  }

  private static TracingConfig tracing(String yaml) {
    return Objects.requireNonNull(Yaml.parse(yaml).tracing(), "tracing");
  }

  private static TracingConfig.HeaderValue header(TracingConfig t, String name) {
    return Objects.requireNonNull(t.headers().get(name), name);
  }
}
