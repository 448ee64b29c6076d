package dev.steward.cohere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.config.Classification;
import dev.steward.config.Protocol;
import dev.steward.config.ProviderConfig;
import dev.steward.config.Residency;
import dev.steward.config.Timeouts;
import dev.steward.core.ChatRequest;
import dev.steward.core.ChatResponse;
import dev.steward.core.ChatStream;
import dev.steward.core.EmbeddingRequest;
import dev.steward.core.ErrorCode;
import dev.steward.core.Message;
import dev.steward.core.ProviderCall;
import dev.steward.core.Role;
import dev.steward.core.StreamEvent;
import dev.steward.core.UpstreamException;
import dev.steward.provider.VertxHttpTransport;
import dev.steward.testing.FakeUpstream;
import dev.steward.testing.FakeUpstream.Scripted;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CohereClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final InstantSource CLOCK =
      InstantSource.fixed(Instant.parse("2025-03-01T12:00:00Z"));

  private final FakeUpstream upstream = FakeUpstream.start();
  private final VertxHttpTransport transport = VertxHttpTransport.create();

  @AfterEach
  void stop() {
    transport.close();
    upstream.close();
  }

  private static ProviderConfig config(
      @Nullable URI baseUri,
      Map<String, String> headers,
      Map<String, Map<String, String>> options) {
    return new ProviderConfig(
        "co",
        Protocol.COHERE,
        baseUri,
        null,
        Residency.EU,
        Classification.OFFICIAL,
        false,
        new Timeouts(
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10)),
        null,
        headers,
        options);
  }

  private CohereClient client(@Nullable String key) {
    return CohereClient.create(
        config(upstream.baseUri(), Map.of(), Map.of()), key, transport, new CohereCodec(), CLOCK);
  }

  private static ProviderCall call(boolean stream) {
    return new ProviderCall(
        "req-9",
        ChatRequest.builder("command-a-03-2025")
            .messages(List.of(Message.of(Role.USER, "Hi")))
            .stream(stream)
            .build(),
        Map.of());
  }

  private static final String ANSWER =
      "{\"id\":\"a1\",\"finish_reason\":\"COMPLETE\",\"message\":{\"role\":\"assistant\","
          + "\"content\":[{\"type\":\"text\",\"text\":\"Hello\"}]},"
          + "\"usage\":{\"tokens\":{\"input_tokens\":1,\"output_tokens\":1}}}";

  @Test
  void create_baseUriWithVersion_rejectsNamingTheKey() {
    ProviderConfig c = config(URI.create("https://api.cohere.com/v2"), Map.of(), Map.of());

    assertThatThrownBy(() -> CohereClient.create(c, "k", transport, new CohereCodec()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("providers.co.base-uri: https://api.cohere.com/v2 (expected:");
  }

  @Test
  void create_missingBaseUri_rejects() {
    ProviderConfig c = config(null, Map.of(), Map.of());

    assertThatThrownBy(() -> CohereClient.create(c, "k", transport, new CohereCodec()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("providers.co.base-uri: missing");
  }

  @Test
  void create_unknownInputTypeOption_rejects() {
    ProviderConfig c =
        config(
            upstream.baseUri(), Map.of(), Map.of("embed-v4.0", Map.of("input-type", "documents")));

    assertThatThrownBy(() -> CohereClient.create(c, "k", transport, new CohereCodec()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("providers.co.model-options.embed-v4.0.input-type: documents");
  }

  @Test
  void chat_fillsRequestedModelAndClockTime() {
    upstream.enqueue(Scripted.json(200, ANSWER));

    ChatResponse response = client("k").chat(call(false));

    assertThat(response.model()).isEqualTo("command-a-03-2025");
    assertThat(response.created()).isEqualTo(CLOCK.instant().getEpochSecond());
    assertThat(response.choices().get(0).message().text()).isEqualTo("Hello");
  }

  @Test
  void chat_streamingRequest_isSentAsComplete() throws Exception {
    upstream.enqueue(Scripted.json(200, ANSWER));

    client("k").chat(call(true));

    assertThat(JSON.readTree(upstream.lastRequest().body()).path("stream").asBoolean()).isFalse();
  }

  @Test
  void chat_baseUriWithPathPrefixAndSlash_keepsPrefix() {
    upstream.enqueue(Scripted.json(200, ANSWER));
    CohereClient client =
        CohereClient.create(
            config(URI.create(upstream.baseUri() + "/cohere/"), Map.of(), Map.of()),
            "k",
            transport,
            new CohereCodec());

    client.chat(call(false));

    assertThat(upstream.lastRequest().path()).isEqualTo("/cohere/v2/chat");
  }

  @Test
  void chat_noKey_sendsConfiguredAuthorizationOnly() {
    upstream.enqueue(Scripted.json(200, ANSWER));
    CohereClient client =
        CohereClient.create(
            config(upstream.baseUri(), Map.of("Authorization", "Bearer proxy"), Map.of()),
            null,
            transport,
            new CohereCodec());

    client.chat(call(false));

    assertThat(upstream.lastRequest().header("authorization")).isEqualTo("Bearer proxy");
  }

  @Test
  void chat_errorWithoutCohereBody_namesTheStatus() {
    upstream.enqueue(Scripted.status(502).body("<html>bad gateway</html>"));

    assertThatThrownBy(() -> client("k").chat(call(false)))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.getMessage()).isEqualTo("cohere: HTTP 502");
              assertThat(e.retryable()).isTrue();
            });
  }

  @Test
  void chat_unauthorized_isNotRetryableAndKeepsMessage() {
    upstream.enqueue(Scripted.json(401, "{\"id\":\"e1\",\"message\":\"invalid api token\"}"));

    assertThatThrownBy(() -> client("bad").chat(call(false)))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).isEqualTo("cohere: invalid api token");
            });
  }

  @Test
  void stream_endsWithoutMessageEnd_failsRetryably() {
    upstream.enqueue(
        Scripted.sse(
            "event: message-start\ndata: {\"id\":\"s1\",\"type\":\"message-start\"}\n\n"
                + "event: content-delta\ndata: {\"type\":\"content-delta\",\"index\":0,"
                + "\"delta\":{\"message\":{\"content\":{\"text\":\"Hel\"}}}}\n\n"));

    ChatStream stream = client("k").stream(call(true));

    assertThat(stream.next())
        .isEqualTo(
            new StreamEvent.Started("s1", "command-a-03-2025", CLOCK.instant().getEpochSecond()));
    assertThat(stream.next()).isEqualTo(new StreamEvent.TextDelta(0, "Hel"));
    assertThatThrownBy(stream::next)
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage()).isEqualTo("cohere: stream ended before message-end");
            });
    // A failed stream keeps failing rather than pretending to have ended normally.
    assertThatThrownBy(stream::next).isInstanceOf(UpstreamException.class);
  }

  @Test
  void stream_afterMessageEnd_returnsNullEvenIfMoreFollows() {
    upstream.enqueue(
        Scripted.sse(
            "event: message-end\ndata: {\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"COMPLETE\"}}\n\n"
                + "data: [DONE]\n\n"));

    try (ChatStream stream = client("k").stream(call(false))) {
      assertThat(stream.next()).isInstanceOf(StreamEvent.Started.class);
      assertThat(stream.next()).isInstanceOf(StreamEvent.Finished.class);
      assertThat(stream.next()).isNull();
      assertThat(stream.next()).isNull();
    }
  }

  @Test
  void stream_nonStreamingRequest_isSentAsStream() throws Exception {
    upstream.enqueue(
        Scripted.sse(
            "event: message-end\ndata: {\"type\":\"message-end\",\"delta\":{\"finish_reason\":\"COMPLETE\"}}\n\n"));

    try (ChatStream stream = client("k").stream(call(false))) {
      assertThat(stream.next()).isNotNull();
    }

    assertThat(JSON.readTree(upstream.lastRequest().body()).path("stream").asBoolean()).isTrue();
  }

  @Test
  void embed_inputTypeOption_isSent() throws Exception {
    upstream.enqueue(
        Scripted.json(
            200,
            "{\"id\":\"e\",\"embeddings\":{\"float\":[[1.0,2.0]]},"
                + "\"meta\":{\"billed_units\":{\"input_tokens\":2}},\"response_type\":\"embeddings_by_type\"}"));
    CohereClient client =
        CohereClient.create(
            config(
                upstream.baseUri(),
                Map.of(),
                Map.of("embed-v4.0", Map.of("input-type", "search_query"))),
            "k",
            transport,
            new CohereCodec());

    var response = client.embed("r", new EmbeddingRequest("embed-v4.0", List.of("q"), 256, null));

    assertThat(response.data().get(0).vector()).containsExactly(1.0f, 2.0f);
    assertThat(response.model()).isEqualTo("embed-v4.0");
    var body = JSON.readTree(upstream.lastRequest().body());
    assertThat(body.path("input_type").asText()).isEqualTo("search_query");
    assertThat(body.path("output_dimension").asInt()).isEqualTo(256);
  }
}
