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
import dev.steward.core.AsyncChatStream;
import dev.steward.core.ChatRequest;
import dev.steward.core.ChatResponse;
import dev.steward.core.ChatStream;
import dev.steward.core.Choice;
import dev.steward.core.EmbeddingRequest;
import dev.steward.core.EmbeddingResponse;
import dev.steward.core.ErrorCode;
import dev.steward.core.Futures;
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
import dev.steward.provider.HttpTransport;
import dev.steward.provider.VertxHttpTransport;
import dev.steward.testing.FakeUpstream.RecordedRequest;
import dev.steward.testing.FakeUpstream.Scripted;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
 *
 * <p>Every case runs through both {@link Api}s on the same {@link VertxHttpTransport}: the blocking
 * methods from the test thread, and the asynchronous ones from a Vert.x event loop, whose stages
 * must all complete on that same event loop.
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

  /** How a case calls the adapter. */
  public enum Api {
    /** {@code chat}, {@code stream}, {@code embed}, from the test thread. */
    BLOCKING,
    /** {@code chatAsync}, {@code streamAsync}, {@code embedAsync}, from an event loop. */
    ASYNC
  }

  private static final Vertx VERTX = Vertx.vertx();

  protected FakeUpstream upstream = FakeUpstream.start();
  private final VertxHttpTransport transport = VertxHttpTransport.create(VERTX);
  private final Context eventLoop = VERTX.getOrCreateContext();
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

  protected static ProviderCall call(ChatRequest request) {
    return new ProviderCall("req-contract-1", request, Map.of());
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void chat_text_mapsTextStopReasonAndUsage(Api api) throws Exception {
    upstream.enqueue(transcript(Scenario.CHAT_TEXT));

    ChatResponse response = chat(api, client, call(textRequest(false)));

    assertThat(response.choices()).hasSize(1);
    Choice choice = response.choices().get(0);
    assertThat(choice.message().role()).isEqualTo(Role.ASSISTANT);
    assertThat(choice.message().text()).isEqualTo(ANSWER);
    assertThat(choice.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(response.usage()).isEqualTo(new Usage(21, 8, 0));
    assertThat(response.id()).isNotBlank();
    assertRequestShape(Scenario.CHAT_TEXT, upstream.lastRequest());
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void chat_toolCall_mapsCallAndArguments(Api api) throws Exception {
    upstream.enqueue(transcript(Scenario.CHAT_TOOL_CALL));

    ChatResponse response = chat(api, client, call(toolRequest(false)));

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

  @ParameterizedTest
  @EnumSource(Api.class)
  void chat_maxTokens_mapsStopReason(Api api) {
    upstream.enqueue(transcript(Scenario.CHAT_MAX_TOKENS));

    ChatResponse response = chat(api, client, call(textRequest(false)));

    assertThat(response.choices().get(0).stopReason()).isEqualTo(StopReason.MAX_TOKENS);
    assertThat(response.choices().get(0).message().text()).isEqualTo("The capital of France");
    assertThat(response.usage()).isEqualTo(new Usage(21, 5, 0));
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void stream_text_deltasConcatenateAndUsageComesLast(Api api) throws Exception {
    upstream.enqueue(transcript(Scenario.STREAM_TEXT));

    List<StreamEvent> events = drain(stream(api, client, call(textRequest(true))));

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

  @ParameterizedTest
  @EnumSource(Api.class)
  void stream_toolCall_fragmentsAssembleArguments(Api api) throws Exception {
    upstream.enqueue(transcript(Scenario.STREAM_TOOL_CALL));

    List<StreamEvent> events = drain(stream(api, client, call(toolRequest(true))));

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

  @ParameterizedTest
  @EnumSource(Api.class)
  void error_rateLimited_isRetryableAndKeepsRetryAfter(Api api) {
    upstream.enqueue(transcript(Scenario.ERROR_RATE_LIMITED));

    assertThatThrownBy(() -> chat(api, client, call(textRequest(false))))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_RATE_LIMITED);
              assertThat(e.retryable()).isTrue();
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
              assertThat(e.upstreamStatus()).isEqualTo(429);
            });
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void error_overloaded_isRetryable(Api api) {
    upstream.enqueue(transcript(Scenario.ERROR_OVERLOADED));

    assertThatThrownBy(() -> chat(api, client, call(textRequest(false))))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.upstreamStatus()).isGreaterThanOrEqualTo(500);
            });
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void error_badRequest_isNotRetryableAndKeepsVendorMessage(Api api) {
    upstream.enqueue(transcript(Scenario.ERROR_BAD_REQUEST));

    assertThatThrownBy(() -> chat(api, client, call(textRequest(false))))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_REJECTED);
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).contains(BAD_REQUEST_MESSAGE);
            });
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void error_beforeStreamStarts_failsTheStreamCall(Api api) {
    upstream.enqueue(transcript(Scenario.ERROR_RATE_LIMITED));

    assertThatThrownBy(() -> stream(api, client, call(textRequest(true))))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_RATE_LIMITED);
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
            });
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void stream_brokenMidway_failsWithRetryableUpstreamError(Api api) {
    Scripted full = transcript(Scenario.STREAM_TEXT);
    upstream.enqueue(full.breakAfterChunks(2));

    ChatStream stream = stream(api, client, call(textRequest(true)));

    assertThatThrownBy(() -> drain(stream))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.code().reason()).startsWith("upstream.");
              assertThat(e.retryable()).isTrue();
            });
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void stream_silentPastIdleTimeout_failsWithTimeout(Api api) {
    client.close();
    client = newClient(upstream.baseUri(), timeouts(Duration.ofMillis(300)));
    upstream.enqueue(transcript(Scenario.STREAM_TEXT).stallAfterFirstChunk(Duration.ofSeconds(10)));

    ChatStream stream = stream(api, client, call(textRequest(true)));

    assertThatThrownBy(() -> drain(stream))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_TIMEOUT);
              assertThat(e.retryable()).isTrue();
            });
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void chat_noResponseWithinFirstByteTimeout_failsWithTimeout(Api api) {
    client.close();
    client =
        newClient(
            upstream.baseUri(),
            new Timeouts(
                Duration.ofSeconds(2),
                Duration.ofMillis(300),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30)));
    upstream.enqueue(transcript(Scenario.CHAT_TEXT).delayHeaders(Duration.ofSeconds(10)));

    assertThatThrownBy(() -> chat(api, client, call(textRequest(false))))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_TIMEOUT);
              assertThat(e.retryable()).isTrue();
              assertThat(e.upstreamStatus()).isZero();
            });
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void embeddings_vectorsComeBackInInputOrder(Api api) throws Exception {
    Assumptions.assumeTrue(supportsEmbeddings(), "this adapter serves no embeddings");
    upstream.enqueue(transcript(Scenario.EMBEDDINGS));

    EmbeddingRequest request =
        new EmbeddingRequest(UPSTREAM_MODEL, List.of("alpha", "beta"), null, null);
    EmbeddingResponse response =
        switch (api) {
          case BLOCKING -> client.embed("req-contract-2", request);
          case ASYNC -> onEventLoop(() -> client.embedAsync("req-contract-2", request));
        };

    assertThat(response.data()).hasSize(2);
    assertThat(response.data().get(0).index()).isZero();
    assertThat(response.data().get(0).vector()).containsExactly(0.1f, 0.2f, 0.3f);
    assertThat(response.data().get(1).vector()).containsExactly(0.4f, 0.5f, 0.6f);
    assertThat(response.usage().inputTokens()).isEqualTo(4);
    assertRequestShape(Scenario.EMBEDDINGS, upstream.lastRequest());
  }

  /**
   * A call's own headers (Steward's trace context, say) reach the upstream request beside the
   * configured ones, for complete answers, streams and embeddings, and never replace a header the
   * adapter sets itself; a call without any sends none.
   */
  @ParameterizedTest
  @EnumSource(Api.class)
  void callHeaders_reachTheUpstreamRequest_besideTheAdaptersOwn(Api api) {
    String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    Map<String, String> extra =
        Map.of(
            "traceparent", traceparent,
            "tracestate", "steward=t61rcwm",
            "Content-Type", "text/plain");
    upstream.enqueue(
        transcript(Scenario.CHAT_TEXT),
        transcript(Scenario.CHAT_TEXT),
        transcript(Scenario.STREAM_TEXT));

    chat(api, client, call(textRequest(false)));
    chat(api, client, call(textRequest(false)).withHeaders(extra));
    drain(stream(api, client, call(textRequest(true)).withHeaders(extra)));
    if (supportsEmbeddings()) {
      upstream.enqueue(transcript(Scenario.EMBEDDINGS));
      EmbeddingRequest request = new EmbeddingRequest(UPSTREAM_MODEL, List.of("alpha"), null, null);
      switch (api) {
        case BLOCKING -> Futures.join(client.embedAsync("req-contract-3", request, extra));
        case ASYNC -> onEventLoop(() -> client.embedAsync("req-contract-3", request, extra));
      }
    }

    List<RecordedRequest> requests = upstream.requests();
    assertThat(requests).hasSize(supportsEmbeddings() ? 4 : 3);
    assertThat(requests.getFirst().header("traceparent")).isNull();
    assertThat(requests.getFirst().header("tracestate")).isNull();
    assertThat(requests.subList(1, requests.size()))
        .allSatisfy(
            r -> {
              assertThat(r.header("traceparent")).isEqualTo(traceparent);
              assertThat(r.header("tracestate")).isEqualTo("steward=t61rcwm");
              assertThat(r.header("content-type")).isEqualTo("application/json");
            });
  }

  /**
   * Answers read to their end leave the connection to the pool: calls made one after another on one
   * event loop all travel on one connection.
   */
  @ParameterizedTest
  @EnumSource(value = Api.class, names = "ASYNC")
  void calls_oneAfterAnotherOnOneEventLoop_shareOneConnection(Api api) {
    upstream.enqueue(
        transcript(Scenario.CHAT_TEXT),
        transcript(Scenario.STREAM_TEXT),
        transcript(Scenario.CHAT_TEXT));

    chat(api, client, call(textRequest(false)));
    drain(stream(api, client, call(textRequest(true))));
    chat(api, client, call(textRequest(false)));

    assertThat(upstream.requests())
        .extracting(RecordedRequest::clientPort)
        .containsOnly(upstream.requests().get(0).clientPort());
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

  /** A complete answer through {@code api}. */
  protected ChatResponse chat(Api api, ProviderClient adapter, ProviderCall providerCall) {
    return switch (api) {
      case BLOCKING -> adapter.chat(providerCall);
      case ASYNC -> onEventLoop(() -> adapter.chatAsync(providerCall));
    };
  }

  /**
   * A streamed answer through {@code api}. For {@link Api#ASYNC}, the stream is opened and every
   * event asked for on the test's event loop, as the gateway does.
   */
  protected ChatStream stream(Api api, ProviderClient adapter, ProviderCall providerCall) {
    return switch (api) {
      case BLOCKING -> adapter.stream(providerCall);
      case ASYNC -> {
        AsyncChatStream async = onEventLoop(() -> adapter.streamAsync(providerCall));
        yield new ChatStream() {
          @Override
          public @Nullable StreamEvent next() {
            return onEventLoop(async::next);
          }

          @Override
          public void close() {
            async.close();
          }
        };
      }
    };
  }

  /**
   * Starts an asynchronous call on the test's event loop and waits for it; checks that the call
   * fails through its stage rather than by throwing, and that the stage completes on the same event
   * loop. A failure is rethrown unwrapped.
   */
  protected <T extends @Nullable Object> T onEventLoop(Supplier<CompletionStage<T>> asyncCall) {
    CompletableFuture<T> result = new CompletableFuture<>();
    eventLoop.runOnContext(
        v -> {
          Thread loop = Thread.currentThread();
          CompletionStage<T> stage;
          try {
            stage = asyncCall.get();
          } catch (RuntimeException e) {
            result.completeExceptionally(
                new AssertionError("the asynchronous call threw instead of failing its stage", e));
            return;
          }
          stage.whenComplete(
              (value, error) -> {
                if (Thread.currentThread() != loop) {
                  result.completeExceptionally(
                      new AssertionError(
                          "stage completed on "
                              + Thread.currentThread().getName()
                              + " (expected: the calling event loop "
                              + loop.getName()
                              + ")"));
                } else if (error != null) {
                  result.completeExceptionally(Futures.unwrap(error));
                } else {
                  result.complete(value);
                }
              });
        });
    return Futures.join(result);
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
