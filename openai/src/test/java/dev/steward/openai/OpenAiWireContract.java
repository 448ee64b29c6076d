package dev.steward.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.config.Protocol;
import dev.steward.config.ProviderConfig;
import dev.steward.config.Timeouts;
import dev.steward.core.ProviderClient;
import dev.steward.testing.FakeUpstream.RecordedRequest;
import dev.steward.testing.ProviderContract;
import java.net.URI;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the OpenAI and the vLLM contract tests share: the adapter is built the way the server builds
 * it, transcripts load from {@code transcripts/<vendor>/}, and the request shape checks differ only
 * in the dialect's output limit field and authentication.
 */
abstract class OpenAiWireContract extends ProviderContract {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The transcript folder under {@code transcripts/}. */
  abstract String vendor();

  abstract Protocol protocol();

  /** The key the adapter is given, or null. */
  abstract @Nullable String apiKey();

  /** Extra headers configured for the provider. */
  Map<String, String> configuredHeaders() {
    return Map.of();
  }

  @Override
  protected ProviderClient newClient(URI baseUri, Timeouts timeouts) {
    ProviderConfig config =
        providerConfig(
            vendor(), protocol(), URI.create(baseUri + "/v1"), timeouts, configuredHeaders());
    return OpenAiClient.create(config, apiKey(), transport(), new OpenAiCodec());
  }

  @Override
  protected String transcriptDirectory() {
    return "transcripts/" + vendor() + "/";
  }

  /** The field the dialect limits output with, and the one it must not send. */
  abstract String maxTokensField();

  abstract String otherMaxTokensField();

  @Override
  protected void assertRequestShape(Scenario scenario, RecordedRequest request) throws Exception {
    assertThat(request.method()).isEqualTo("POST");
    String key = apiKey();
    if (key == null) {
      assertThat(request.header("authorization")).isNull();
    } else {
      assertThat(request.header("authorization")).isEqualTo("Bearer " + key);
    }
    configuredHeaders().forEach((k, v) -> assertThat(request.header(k)).isEqualTo(v));
    assertThat(request.header("x-request-id")).isNull();
    JsonNode body = json(request);
    assertThat(body.path("model").asText()).isEqualTo(UPSTREAM_MODEL);
    switch (scenario) {
      case EMBEDDINGS -> {
        assertThat(request.path()).isEqualTo("/v1/embeddings");
        assertThat(body.path("input")).isEqualTo(JSON.readTree("[\"alpha\",\"beta\"]"));
        assertThat(body.path("encoding_format").asText()).isEqualTo("float");
      }
      case CHAT_TEXT, STREAM_TEXT -> {
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        assertThat(body.path("messages"))
            .isEqualTo(
                JSON.readTree(
                    "[{\"role\":\"system\",\"content\":\"You are terse.\"},"
                        + "{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]"));
        assertThat(body.path(maxTokensField()).asInt()).isEqualTo(64);
        assertThat(body.has(otherMaxTokensField())).isFalse();
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.path("stop")).isEqualTo(JSON.readTree("[\"\\n\\n\"]"));
        assertThat(body.has("metadata")).isFalse();
        if (scenario == Scenario.STREAM_TEXT) {
          assertThat(request.header("accept")).isEqualTo("text/event-stream");
          assertThat(body.path("stream").asBoolean()).isTrue();
          assertThat(body.path("stream_options"))
              .isEqualTo(JSON.readTree("{\"include_usage\":true}"));
        } else {
          assertThat(request.header("accept")).isEqualTo("application/json");
          assertThat(body.has("stream")).isFalse();
          assertThat(body.has("stream_options")).isFalse();
        }
      }
      case CHAT_TOOL_CALL -> {
        assertThat(request.path()).isEqualTo("/v1/chat/completions");
        JsonNode tool = body.path("tools").path(0);
        assertThat(tool.path("type").asText()).isEqualTo("function");
        assertThat(tool.path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(tool.path("function").path("description").asText())
            .isEqualTo("Current weather for a city");
        assertThat(tool.path("function").path("parameters"))
            .isEqualTo(JSON.readTree(WEATHER_SCHEMA));
        assertThat(body.path("tool_choice").asText()).isEqualTo("auto");
        assertThat(body.path(maxTokensField()).asInt()).isEqualTo(128);
      }
      default -> throw new AssertionError("no request shape check for " + scenario);
    }
  }
}
