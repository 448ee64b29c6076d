package dev.steward.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.config.Protocol;
import dev.steward.config.Timeouts;
import dev.steward.core.EmbeddingRequest;
import dev.steward.core.ErrorCode;
import dev.steward.core.ProviderCall;
import dev.steward.core.ProviderClient;
import dev.steward.core.StewardException;
import dev.steward.core.StreamEvent;
import dev.steward.core.UpstreamException;
import dev.steward.testing.FakeUpstream.RecordedRequest;
import dev.steward.testing.FakeUpstream.Scripted;
import dev.steward.testing.ProviderContract;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AnthropicClientContractTest extends ProviderContract {
  static final String KEY = "sk-ant-test-key";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  protected ProviderClient newClient(URI baseUri, Timeouts timeouts) {
    return AnthropicClient.create(
        providerConfig(
            "anthropic-test",
            Protocol.ANTHROPIC,
            URI.create(baseUri + "/v1"),
            timeouts,
            Map.of("anthropic-beta", "test-beta-1")),
        KEY,
        transport(),
        AnthropicCodec.create());
  }

  @Override
  protected boolean supportsEmbeddings() {
    return false;
  }

  @Override
  protected String transcriptDirectory() {
    return "transcripts/anthropic/";
  }

  @Override
  protected int overloadedStatus() {
    return 529;
  }

  @Override
  protected void assertRequestShape(Scenario scenario, RecordedRequest request) throws Exception {
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v1/messages");
    assertThat(request.header("x-api-key")).isEqualTo(KEY);
    assertThat(request.header("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(request.header("anthropic-beta")).isEqualTo("test-beta-1");
    assertThat(request.header("content-type")).isEqualTo("application/json");
    assertThat(request.header("authorization")).isNull();
    JsonNode body = json(request);
    assertThat(body.path("model").asText()).isEqualTo(UPSTREAM_MODEL);
    switch (scenario) {
      case CHAT_TEXT, STREAM_TEXT -> {
        assertThat(body.path("system").asText()).isEqualTo("You are terse.");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(body.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.path("stop_sequences")).isEqualTo(JSON.readTree("[\"\\n\\n\"]"));
        assertThat(body.path("messages"))
            .isEqualTo(
                JSON.readTree(
                    "[{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]"));
        assertThat(body.path("stream").asBoolean(false))
            .isEqualTo(scenario == Scenario.STREAM_TEXT);
      }
      case CHAT_TOOL_CALL, STREAM_TOOL_CALL -> {
        assertThat(body.has("system")).isFalse();
        assertThat(body.path("max_tokens").asInt()).isEqualTo(128);
        JsonNode tool = body.path("tools").path(0);
        assertThat(tool.path("name").asText()).isEqualTo("get_weather");
        assertThat(tool.path("description").asText()).isEqualTo("Current weather for a city");
        assertThat(tool.path("input_schema")).isEqualTo(JSON.readTree(WEATHER_SCHEMA));
        assertThat(tool.has("parameters")).isFalse();
        assertThat(body.path("tool_choice")).isEqualTo(JSON.readTree("{\"type\":\"auto\"}"));
      }
      default -> {
        // the error scenarios send the text request, checked above
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void embed_isRefusedAsUnsupportedWithoutCallingUpstream(Api api) {
    ProviderClient client =
        newClient(upstream.baseUri(), timeouts(java.time.Duration.ofSeconds(1)));
    EmbeddingRequest request = new EmbeddingRequest(UPSTREAM_MODEL, List.of("alpha"), null, null);

    assertThatThrownBy(
            () -> {
              switch (api) {
                case BLOCKING -> client.embed("req-1", request);
                case ASYNC -> onEventLoop(() -> client.embedAsync("req-1", request));
              }
            })
        .isInstanceOfSatisfying(
            StewardException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.CAPABILITY_UNSUPPORTED);
              assertThat(e.param()).isEqualTo("model");
            });
    assertThat(upstream.requests()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void error_overloaded_keepsVendorTypeAndStatus(Api api) {
    upstream.enqueue(transcript(Scenario.ERROR_OVERLOADED));
    ProviderClient client =
        newClient(upstream.baseUri(), timeouts(java.time.Duration.ofSeconds(1)));

    assertThatThrownBy(() -> chat(api, client, new ProviderCall("r", textRequest(false), Map.of())))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.upstreamStatus()).isEqualTo(529);
              assertThat(e.vendorType()).isEqualTo("overloaded_error");
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage()).contains("Overloaded");
            });
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void stream_errorEventMidway_failsRetryableWithVendorType(Api api) {
    upstream.enqueue(
        Scripted.sse(
            """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"vendor-model-1","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":1}}}

            event: error
            data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}

            """));
    ProviderClient client =
        newClient(upstream.baseUri(), timeouts(java.time.Duration.ofSeconds(1)));
    var stream = stream(api, client, new ProviderCall("r", textRequest(true), Map.of()));

    assertThat(stream.next()).isInstanceOf(StreamEvent.Started.class);
    assertThatThrownBy(stream::next)
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.vendorType()).isEqualTo("overloaded_error");
              assertThat(e.retryable()).isTrue();
            });
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void stream_endingBeforeMessageStop_fails(Api api) {
    upstream.enqueue(
        Scripted.sse(
            """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"vendor-model-1","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":1}}}

            """));
    ProviderClient client =
        newClient(upstream.baseUri(), timeouts(java.time.Duration.ofSeconds(1)));
    var stream = stream(api, client, new ProviderCall("r", textRequest(true), Map.of()));

    assertThatThrownBy(() -> drain(stream))
        .isInstanceOfSatisfying(
            UpstreamException.class, e -> assertThat(e.getMessage()).contains("message_stop"));
  }
}
