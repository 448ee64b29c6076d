package dev.steward.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.config.Classification;
import dev.steward.config.Protocol;
import dev.steward.config.ProviderConfig;
import dev.steward.config.Residency;
import dev.steward.config.Timeouts;
import dev.steward.core.ChatRequest;
import dev.steward.core.ChatResponse;
import dev.steward.core.ChatStream;
import dev.steward.core.Choice;
import dev.steward.core.EmbeddingRequest;
import dev.steward.core.EmbeddingResponse;
import dev.steward.core.ErrorCode;
import dev.steward.core.Message;
import dev.steward.core.ProviderCall;
import dev.steward.core.ProviderClient;
import dev.steward.core.Role;
import dev.steward.core.StopReason;
import dev.steward.core.StreamEvent;
import dev.steward.core.Tool;
import dev.steward.core.ToolCall;
import dev.steward.core.ToolChoice;
import dev.steward.core.UpstreamException;
import dev.steward.core.Usage;
import dev.steward.provider.HelidonHttpTransport;
import dev.steward.provider.HttpTransport;
import dev.steward.testing.FakeUpstream.RecordedRequest;
import dev.steward.testing.FakeUpstream.Scripted;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one suite every provider adapter passes. Each adapter's test extends it and supplies the
 * vendor's recorded answer for each {@link Scenario}; the suite drives the adapter against a real
 * local HTTP server replaying that answer and checks the same canonical result for every vendor.
 *
 * <p>Every transcript encodes the same facts, in its vendor's wire format:
 *
 * <ul>
 *   <li>{@link Scenario#CHAT_TEXT}: text {@value #ANSWER}, natural end of turn, usage 21 in / 8 out
 *       / 0 cached.
 *   <li>{@link Scenario#CHAT_TOOL_CALL}: one call of {@code get_weather} with arguments {@code
 *       {"city":"London"}} and id {@value #TOOL_CALL_ID}, stop for tool use, usage 50 / 15 / 0.
 *   <li>{@link Scenario#CHAT_MAX_TOKENS}: text {@code "The capital of France"}, stopped by the
 *       token limit, usage 21 / 5 / 0.
 *   <li>{@link Scenario#STREAM_TEXT}: {@value #ANSWER} in at least two text deltas, natural end,
 *       usage 21 in / 8 out / 16 cached at the end (0 cached where the vendor cannot report it).
 *   <li>{@link Scenario#STREAM_TOOL_CALL}: {@code get_weather} with id {@value #TOOL_CALL_ID},
 *       arguments {@code {"city":"London"}} in at least two fragments, stop for tool use, usage 50
 *       / 15 / 0.
 *   <li>{@link Scenario#ERROR_RATE_LIMITED}: HTTP 429 with {@code Retry-After: 7}.
 *   <li>{@link Scenario#ERROR_OVERLOADED}: the vendor's overloaded or server error (5xx).
 *   <li>{@link Scenario#ERROR_BAD_REQUEST}: HTTP 400 with the vendor's error body whose message is
 *       {@value #BAD_REQUEST_MESSAGE}.
 *   <li>{@link Scenario#EMBEDDINGS}: vectors {@code [0.1,0.2,0.3]} and {@code [0.4,0.5,0.6]} for
 *       inputs "alpha" and "beta", usage 4 in.
 * </ul>
 */
public abstract class ProviderContract {
  public static final String ANSWER = "The capital of France is Paris.";
  public static final String TOOL_CALL_ID = "call_w1";
  public static final String BAD_REQUEST_MESSAGE = "max_tokens: must be positive";
  public static final String UPSTREAM_MODEL = "vendor-model-1";
  public static final String WEATHER_SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
          + "\"required\":[\"city\"]}";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the fake upstream is asked to answer. */
  public enum Scenario {
    CHAT_TEXT,
    CHAT_TOOL_CALL,
    CHAT_MAX_TOKENS,
    STREAM_TEXT,
    STREAM_TOOL_CALL,
    ERROR_RATE_LIMITED,
    ERROR_OVERLOADED,
    ERROR_BAD_REQUEST,
    EMBEDDINGS
  }

  protected FakeUpstream upstream = FakeUpstream.start();
  private final HelidonHttpTransport transport = new HelidonHttpTransport();
  private ProviderClient client = new UnusedClient();

  /**
   * The adapter under test, talking to {@code baseUri} with these timeouts through {@link
   * #transport()}.
   */
  protected abstract ProviderClient newClient(URI baseUri, Timeouts timeouts);

  /**
   * Where the vendor's transcripts lie on the class path, e.g. {@code transcripts/openai/}: one
   * file per scenario, named after it ({@code chat_text.json}, {@code stream_text.sse}, …).
   */
  protected abstract String transcriptDirectory();

  /** The HTTP status of the vendor's overloaded answer. */
  protected int overloadedStatus() {
    return 503;
  }

  /** The vendor's recorded answer for a scenario, read from {@link #transcriptDirectory()}. */
  protected Scripted transcript(Scenario scenario) {
    return switch (scenario) {
      case CHAT_TEXT -> Scripted.json(200, read("chat_text.json"));
      case CHAT_TOOL_CALL -> Scripted.json(200, read("chat_tool_call.json"));
      case CHAT_MAX_TOKENS -> Scripted.json(200, read("chat_max_tokens.json"));
      case STREAM_TEXT -> Scripted.sse(read("stream_text.sse"));
      case STREAM_TOOL_CALL -> Scripted.sse(read("stream_tool_call.sse"));
      case ERROR_RATE_LIMITED ->
          Scripted.json(429, read("error_rate_limited.json")).header("retry-after", "7");
      case ERROR_OVERLOADED -> Scripted.json(overloadedStatus(), read("error_overloaded.json"));
      case ERROR_BAD_REQUEST -> Scripted.json(400, read("error_bad_request.json"));
      case EMBEDDINGS -> Scripted.json(200, read("embeddings.json"));
    };
  }

  private String read(String file) {
    return Transcripts.read(transcriptDirectory() + file);
  }

  /** The transport every client of this test shares; closed after the test. */
  protected HttpTransport transport() {
    return transport;
  }

  /** A provider configuration for tests: no key reference, UK, OFFICIAL, no pool. */
  protected static ProviderConfig providerConfig(
      String name, Protocol protocol, URI baseUri, Timeouts timeouts, Map<String, String> headers) {
    return new ProviderConfig(
        name,
        protocol,
        baseUri,
        null,
        Residency.UK,
        Classification.OFFICIAL,
        false,
        timeouts,
        null,
        headers,
        Map.of());
  }

  /**
   * Checks the vendor-specific shape of the request the adapter sent for a scenario: path,
   * authentication header, and how the canonical request was encoded.
   */
  protected abstract void assertRequestShape(Scenario scenario, RecordedRequest request)
      throws Exception;

  /** Whether the vendor reports cached prompt tokens in a stream's usage. */
  protected boolean reportsCachedTokens() {
    return true;
  }

  /** Whether the adapter serves embeddings. */
  protected boolean supportsEmbeddings() {
    return true;
  }

  @BeforeEach
  void startClient() {
    client = newClient(upstream.baseUri(), timeouts(Duration.ofSeconds(5)));
  }

  @AfterEach
  void stop() {
    client.close();
    upstream.close();
    transport.close();
  }

  protected static Timeouts timeouts(Duration idle) {
    return new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), idle, Duration.ofSeconds(30));
  }

  protected static ChatRequest textRequest(boolean stream) {
    return ChatRequest.builder(UPSTREAM_MODEL)
        .messages(
            List.of(
                Message.of(Role.SYSTEM, "You are terse."),
                Message.of(Role.USER, "What is the capital of France?")))
        .maxTokens(64)
        .temperature(0.2)
        .stop(List.of("\n\n"))
        .stream(stream)
        .includeUsage(stream)
        .build();
  }

  protected static ChatRequest toolRequest(boolean stream) {
    return ChatRequest.builder(UPSTREAM_MODEL)
        .messages(List.of(Message.of(Role.USER, "What is the weather in London?")))
        .tools(List.of(new Tool("get_weather", "Current weather for a city", WEATHER_SCHEMA, null)))
        .toolChoice(ToolChoice.AUTO)
        .maxTokens(128)
        .stream(stream)
        .includeUsage(stream)
        .build();
  }

  private static ProviderCall call(ChatRequest request) {
    return new ProviderCall("req-contract-1", request, Map.of());
  }

  @Test
  void chat_text_mapsTextStopReasonAndUsage() throws Exception {
    upstream.enqueue(transcript(Scenario.CHAT_TEXT));

    ChatResponse response = client.chat(call(textRequest(false)));

    assertThat(response.choices()).hasSize(1);
    Choice choice = response.choices().get(0);
    assertThat(choice.message().role()).isEqualTo(Role.ASSISTANT);
    assertThat(choice.message().text()).isEqualTo(ANSWER);
    assertThat(choice.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(response.usage()).isEqualTo(new Usage(21, 8, 0));
    assertThat(response.id()).isNotBlank();
    assertRequestShape(Scenario.CHAT_TEXT, upstream.lastRequest());
  }

  @Test
  void chat_toolCall_mapsCallAndArguments() throws Exception {
    upstream.enqueue(transcript(Scenario.CHAT_TOOL_CALL));

    ChatResponse response = client.chat(call(toolRequest(false)));

    Choice choice = response.choices().get(0);
    assertThat(choice.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(choice.message().toolCalls()).hasSize(1);
    ToolCall toolCall = choice.message().toolCalls().get(0);
    assertThat(toolCall.id()).isEqualTo(TOOL_CALL_ID);
    assertThat(toolCall.name()).isEqualTo("get_weather");
    assertThat(JSON.readTree(toolCall.argumentsJson())).isEqualTo(JSON.readTree(CITY));
    assertThat(response.usage()).isEqualTo(new Usage(50, 15, 0));
    assertRequestShape(Scenario.CHAT_TOOL_CALL, upstream.lastRequest());
  }

  private static final String CITY = "{\"city\":\"London\"}";

  @Test
  void chat_maxTokens_mapsStopReason() {
    upstream.enqueue(transcript(Scenario.CHAT_MAX_TOKENS));

    ChatResponse response = client.chat(call(textRequest(false)));

    assertThat(response.choices().get(0).stopReason()).isEqualTo(StopReason.MAX_TOKENS);
    assertThat(response.choices().get(0).message().text()).isEqualTo("The capital of France");
    assertThat(response.usage()).isEqualTo(new Usage(21, 5, 0));
  }

  @Test
  void stream_text_deltasConcatenateAndUsageComesLast() throws Exception {
    upstream.enqueue(transcript(Scenario.STREAM_TEXT));

    List<StreamEvent> events = drain(client.stream(call(textRequest(true))));

    assertThat(events.get(0)).isInstanceOf(StreamEvent.Started.class);
    List<StreamEvent.TextDelta> deltas =
        events.stream()
            .filter(StreamEvent.TextDelta.class::isInstance)
            .map(StreamEvent.TextDelta.class::cast)
            .toList();
    assertThat(deltas).hasSizeGreaterThanOrEqualTo(2);
    assertThat(String.join("", deltas.stream().map(StreamEvent.TextDelta::text).toList()))
        .isEqualTo(ANSWER);
    assertThat(events)
        .filteredOn(StreamEvent.Finished.class::isInstance)
        .singleElement()
        .extracting(e -> ((StreamEvent.Finished) e).reason())
        .isEqualTo(StopReason.END_TURN);
    StreamEvent last = events.get(events.size() - 1);
    assertThat(last)
        .isEqualTo(new StreamEvent.UsageReported(new Usage(21, 8, reportsCachedTokens() ? 16 : 0)));
    assertRequestShape(Scenario.STREAM_TEXT, upstream.lastRequest());
  }

  @Test
  void stream_toolCall_fragmentsAssembleArguments() throws Exception {
    upstream.enqueue(transcript(Scenario.STREAM_TOOL_CALL));

    List<StreamEvent> events = drain(client.stream(call(toolRequest(true))));

    List<StreamEvent.ToolCallStarted> starts =
        events.stream()
            .filter(StreamEvent.ToolCallStarted.class::isInstance)
            .map(StreamEvent.ToolCallStarted.class::cast)
            .toList();
    assertThat(starts).hasSize(1);
    assertThat(starts.get(0).id()).isEqualTo(TOOL_CALL_ID);
    assertThat(starts.get(0).name()).isEqualTo("get_weather");
    List<StreamEvent.ToolCallDelta> fragments =
        events.stream()
            .filter(StreamEvent.ToolCallDelta.class::isInstance)
            .map(StreamEvent.ToolCallDelta.class::cast)
            .toList();
    assertThat(fragments).hasSizeGreaterThanOrEqualTo(2);
    assertThat(fragments).allSatisfy(f -> assertThat(f.index()).isEqualTo(starts.get(0).index()));
    String arguments =
        String.join(
            "", fragments.stream().map(StreamEvent.ToolCallDelta::argumentsFragment).toList());
    assertThat(JSON.readTree(arguments)).isEqualTo(JSON.readTree(CITY));
    assertThat(events)
        .filteredOn(StreamEvent.Finished.class::isInstance)
        .singleElement()
        .extracting(e -> ((StreamEvent.Finished) e).reason())
        .isEqualTo(StopReason.TOOL_USE);
    assertThat(events.get(events.size() - 1))
        .isEqualTo(new StreamEvent.UsageReported(new Usage(50, 15, 0)));
  }

  @Test
  void error_rateLimited_isRetryableAndKeepsRetryAfter() {
    upstream.enqueue(transcript(Scenario.ERROR_RATE_LIMITED));

    assertThatThrownBy(() -> client.chat(call(textRequest(false))))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_RATE_LIMITED);
              assertThat(e.retryable()).isTrue();
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
              assertThat(e.upstreamStatus()).isEqualTo(429);
            });
  }

  @Test
  void error_overloaded_isRetryable() {
    upstream.enqueue(transcript(Scenario.ERROR_OVERLOADED));

    assertThatThrownBy(() -> client.chat(call(textRequest(false))))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.upstreamStatus()).isGreaterThanOrEqualTo(500);
            });
  }

  @Test
  void error_badRequest_isNotRetryableAndKeepsVendorMessage() {
    upstream.enqueue(transcript(Scenario.ERROR_BAD_REQUEST));

    assertThatThrownBy(() -> client.chat(call(textRequest(false))))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_REJECTED);
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).contains(BAD_REQUEST_MESSAGE);
            });
  }

  @Test
  void error_beforeStreamStarts_isThrownByStream() {
    upstream.enqueue(transcript(Scenario.ERROR_RATE_LIMITED));

    assertThatThrownBy(() -> client.stream(call(textRequest(true))))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_RATE_LIMITED));
  }

  @Test
  void stream_brokenMidway_failsWithRetryableUpstreamError() {
    Scripted full = transcript(Scenario.STREAM_TEXT);
    upstream.enqueue(full.breakAfterChunks(2));

    ChatStream stream = client.stream(call(textRequest(true)));

    assertThatThrownBy(() -> drain(stream))
        .isInstanceOfSatisfying(
            UpstreamException.class, e -> assertThat(e.code().reason()).startsWith("upstream."));
  }

  @Test
  void stream_silentPastIdleTimeout_failsWithTimeout() {
    client.close();
    client = newClient(upstream.baseUri(), timeouts(Duration.ofMillis(300)));
    upstream.enqueue(transcript(Scenario.STREAM_TEXT).stallAfterFirstChunk(Duration.ofSeconds(10)));

    ChatStream stream = client.stream(call(textRequest(true)));

    assertThatThrownBy(() -> drain(stream))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_TIMEOUT));
  }

  @Test
  void embeddings_vectorsComeBackInInputOrder() throws Exception {
    Assumptions.assumeTrue(supportsEmbeddings(), "this adapter serves no embeddings");
    upstream.enqueue(transcript(Scenario.EMBEDDINGS));

    EmbeddingResponse response =
        client.embed(
            "req-contract-2",
            new EmbeddingRequest(UPSTREAM_MODEL, List.of("alpha", "beta"), null, null));

    assertThat(response.data()).hasSize(2);
    assertThat(response.data().get(0).index()).isZero();
    assertThat(response.data().get(0).vector()).containsExactly(0.1f, 0.2f, 0.3f);
    assertThat(response.data().get(1).vector()).containsExactly(0.4f, 0.5f, 0.6f);
    assertThat(response.usage().inputTokens()).isEqualTo(4);
    assertRequestShape(Scenario.EMBEDDINGS, upstream.lastRequest());
  }

  /** Reads a stream to its end. */
  protected static List<StreamEvent> drain(ChatStream stream) {
    List<StreamEvent> events = new ArrayList<>();
    try (stream) {
      StreamEvent e;
      while ((e = stream.next()) != null) {
        events.add(e);
      }
    }
    return events;
  }

  /** Parses a recorded request body. */
  protected static JsonNode json(RecordedRequest request) throws Exception {
    return JSON.readTree(request.body());
  }

  private static final class UnusedClient implements ProviderClient {
    @Override
    public ChatResponse chat(ProviderCall call) {
      throw new IllegalStateException("client not started");
    }

    @Override
    public ChatStream stream(ProviderCall call) {
      throw new IllegalStateException("client not started");
    }

    @Override
    public EmbeddingResponse embed(String requestId, EmbeddingRequest request) {
      throw new IllegalStateException("client not started");
    }
  }
}
