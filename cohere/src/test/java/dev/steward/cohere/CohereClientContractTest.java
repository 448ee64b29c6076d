package dev.steward.cohere;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.config.Protocol;
import dev.steward.config.Timeouts;
import dev.steward.core.ProviderClient;
import dev.steward.testing.FakeUpstream.RecordedRequest;
import dev.steward.testing.ProviderContract;
import java.net.URI;
import java.util.Map;

/**
 * Cohere's v2 adapter against the shared provider contract, replaying recorded Cohere answers.
 * Cohere reports cached prompt tokens in {@code usage.cached_tokens}, in complete answers and in a
 * stream's {@code message-end} alike ("The number of prompt tokens that hit the inference cache",
 * Cohere's Usage type), so the suite's cached-token check applies unchanged.
 */
class CohereClientContractTest extends ProviderContract {
  static final String KEY = "co-test-key";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  protected ProviderClient newClient(URI baseUri, Timeouts timeouts) {
    return CohereClient.create(
        providerConfig(
            "cohere", Protocol.COHERE, baseUri, timeouts, Map.of("X-Steward-Test", "contract")),
        KEY,
        transport(),
        new CohereCodec());
  }

  @Override
  protected String transcriptDirectory() {
    return "transcripts/cohere/";
  }

  @Override
  protected void assertRequestShape(Scenario scenario, RecordedRequest request) throws Exception {
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.header("authorization")).isEqualTo("Bearer " + KEY);
    assertThat(request.header("x-steward-test")).isEqualTo("contract");
    assertThat(request.header("content-type")).startsWith("application/json");
    JsonNode body = json(request);
    assertThat(body.path("model").asText()).isEqualTo(UPSTREAM_MODEL);
    switch (scenario) {
      case EMBEDDINGS -> {
        assertThat(request.path()).isEqualTo("/v2/embed");
        assertThat(body.path("texts")).isEqualTo(JSON.readTree("[\"alpha\",\"beta\"]"));
        assertThat(body.path("input_type").asText()).isEqualTo("search_document");
        assertThat(body.path("embedding_types")).isEqualTo(JSON.readTree("[\"float\"]"));
        assertThat(body.has("output_dimension")).isFalse();
      }
      case CHAT_TEXT, CHAT_MAX_TOKENS, STREAM_TEXT -> {
        assertThat(request.path()).isEqualTo("/v2/chat");
        boolean stream = scenario == Scenario.STREAM_TEXT;
        assertThat(body.path("stream").asBoolean()).isEqualTo(stream);
        assertThat(request.header("accept"))
            .isEqualTo(stream ? "text/event-stream" : "application/json");
        assertThat(body.path("messages"))
            .isEqualTo(
                JSON.readTree(
                    """
                    [{"role":"system","content":"You are terse."},
                     {"role":"user","content":"What is the capital of France?"}]
                    """));
        assertThat(body.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.path("stop_sequences")).isEqualTo(JSON.readTree("[\"\\n\\n\"]"));
        assertThat(body.has("tools")).isFalse();
        assertThat(body.has("tool_choice")).isFalse();
      }
      case CHAT_TOOL_CALL, STREAM_TOOL_CALL -> {
        assertThat(request.path()).isEqualTo("/v2/chat");
        assertThat(body.path("stream").asBoolean())
            .isEqualTo(scenario == Scenario.STREAM_TOOL_CALL);
        assertThat(body.path("messages"))
            .isEqualTo(
                JSON.readTree(
                    "[{\"role\":\"user\",\"content\":\"What is the weather in London?\"}]"));
        JsonNode tool = body.path("tools").path(0);
        assertThat(body.path("tools").size()).isEqualTo(1);
        assertThat(tool.path("type").asText()).isEqualTo("function");
        assertThat(tool.path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(tool.path("function").path("description").asText())
            .isEqualTo("Current weather for a city");
        assertThat(tool.path("function").path("parameters"))
            .isEqualTo(JSON.readTree(WEATHER_SCHEMA));
        // AUTO is Cohere's default: the field is left out.
        assertThat(body.has("tool_choice")).isFalse();
        assertThat(body.path("max_tokens").asInt()).isEqualTo(128);
      }
      case ERROR_RATE_LIMITED, ERROR_OVERLOADED, ERROR_BAD_REQUEST -> {
        assertThat(request.path()).isEqualTo("/v2/chat");
      }
    }
  }
}
