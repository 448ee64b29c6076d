package dev.steward.server;

import static dev.steward.server.GatewayFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.config.ConfigLoader;
import dev.steward.config.StewardConfig;
import dev.steward.core.ProviderClient;
import dev.steward.store.ApiKeys;
import dev.steward.store.H2Storage;
import dev.steward.store.NewApiKey;
import dev.steward.store.Principal;
import dev.steward.store.Storage;
import dev.steward.testing.FakeUpstream;
import dev.steward.tlog.TileLog;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spans of real exchanges through a real gateway and the sandbox provider, recorded in memory: the
 * server span, one span per stage each the child of the stage before it, a client span per upstream
 * call, the right attributes, and never a prompt, an answer or a key.
 */
class TracingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROMPT = "Tell me about hearing HX-4471-confidential";
  private static final String CHAT =
      "{\"model\":\"sandbox-chat\",\"messages\":[{\"role\":\"user\",\"content\":\""
          + PROMPT
          + "\"}]}";
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";
  private static final String UPSTREAM_ANSWER =
      "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":"
          + "\"gpt-x-2\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
          + "\"assistant\",\"content\":\"Fine.\"},\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,"
          + "\"total_tokens\":15}}";

  @TempDir static Path dir;
  private static final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private static Gateway gw;

  @BeforeAll
  static void start() {
    gw =
        Gateway.start(
            dir,
            config ->
                new OtelTracing(
                    SdkTracerProvider.builder()
                        .addSpanProcessor(SimpleSpanProcessor.create(spans))
                        .build(),
                    config));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @BeforeEach
  void clear() {
    spans.reset();
  }

  @Test
  void chatCompletion_serverSpanThenOneSpanPerStageInPipelineOrder_andAClientSpan()
      throws Exception {
    HttpResponse<String> r =
        gw.post(
            "/v1/chat/completions",
            CHAT,
            "traceparent",
            "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01");
    assertThat(r.statusCode()).isEqualTo(200);
    String answer = JSON.readTree(r.body()).at("/choices/0/message/content").asText();
    String requestId = r.headers().firstValue("X-Steward-Request-Id").orElseThrow();

    SpanData server = serverSpan(requestId);
    List<SpanData> trace = trace(server);

    // The caller's traceparent is the server span's parent.
    assertThat(server.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(server.getParentSpanId()).isEqualTo(CALLER_SPAN_ID);
    assertThat(server.getName()).isEqualTo("POST /v1/chat/completions");
    assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(attr(server, "http.request.method")).isEqualTo("POST");
    assertThat(attr(server, "url.path")).isEqualTo("/v1/chat/completions");
    assertThat(server.getAttributes().get(OtelTracing.HTTP_STATUS)).isEqualTo(200L);
    assertThat(attr(server, "steward.department")).isEqualTo("justice");
    assertThat(attr(server, "steward.service")).isEqualTo("courts");
    assertThat(attr(server, "steward.use_case")).isEqualTo("summarise");
    assertThat(attr(server, "steward.route")).isEqualTo("sandbox/sim-1");
    assertThat(attr(server, "gen_ai.system")).isEqualTo("sandbox");
    assertThat(attr(server, "gen_ai.operation.name")).isEqualTo("chat");
    assertThat(attr(server, "gen_ai.request.model")).isEqualTo("sandbox-chat");
    assertThat(server.getAttributes().get(OtelTracing.GEN_AI_INPUT_TOKENS)).isPositive();
    assertThat(server.getAttributes().get(OtelTracing.GEN_AI_OUTPUT_TOKENS)).isPositive();

    // Stages nest as they run: each stage's span is the child of the one that forwarded to it.
    List<SpanData> stages = stageChain(server, trace);
    assertThat(
            "HTTP → "
                + String.join(" → ", stages.stream().map(s -> s.getName().substring(6)).toList())
                + " → HTTP")
        .isEqualTo(gw.server.pipeline());
    assertThat(stages).extracting(SpanData::getName).startsWith("stage ledger");
    assertThat(stages).extracting(SpanData::getName).contains("stage authenticate");
    assertThat(stages)
        .allSatisfy(
            s -> {
              assertThat(s.getKind()).isEqualTo(SpanKind.INTERNAL);
              assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
              assertThat(s.getTraceId()).isEqualTo(TRACE_ID);
            });

    // The upstream call: a client span under the route stage.
    SpanData route = stages.getLast();
    assertThat(route.getName()).isEqualTo("stage route → provider");
    List<SpanData> calls = children(route, trace);
    assertThat(calls).hasSize(1);
    SpanData call = calls.getFirst();
    assertThat(call.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(call.getName()).isEqualTo("chat sim-1");
    assertThat(attr(call, "steward.route")).isEqualTo("sandbox/sim-1");
    assertThat(attr(call, "steward.outcome")).isEqualTo("ok");

    // Every span of the trace: the server span, one per stage, the call.
    assertThat(trace).hasSize(1 + stages.size() + 1);
    assertNoContent(trace, answer);
  }

  @Test
  void deniedRequest_serverSpanAndDenyingStageAreErrors_withTheReason() throws Exception {
    String body = CHAT.replace("sandbox-chat", "not-for-courts");
    HttpResponse<String> r = gw.post("/v1/chat/completions", body);
    assertThat(r.statusCode()).isEqualTo(403);
    String reason = r.headers().firstValue("X-Steward-Reason").orElseThrow();
    String requestId = r.headers().firstValue("X-Steward-Request-Id").orElseThrow();

    SpanData server = serverSpan(requestId);
    List<SpanData> trace = trace(server);

    assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(attr(server, "steward.reason")).isEqualTo(reason);
    assertThat(server.getAttributes().get(OtelTracing.HTTP_STATUS)).isEqualTo(403L);
    assertThat(attr(server, "steward.route")).isNull();
    List<SpanData> failed =
        trace.stream()
            .filter(s -> s != server && s.getStatus().getStatusCode() == StatusCode.ERROR)
            .toList();
    assertThat(failed).extracting(SpanData::getName).containsExactly("stage model-access");
    assertThat(attr(failed.getFirst(), "steward.reason")).isEqualTo(reason);
    // The stages it passed through on the way back did not fail themselves; later ones never ran.
    assertThat(stageChain(server, trace).getLast().getName()).isEqualTo("stage model-access");
    assertNoContent(trace, "");
  }

  @Test
  void stream_serverSpanEndsWithTheStream_afterTheRouteStage() throws Exception {
    HttpResponse<String> r =
        gw.post("/v1/chat/completions", CHAT.replace("{\"model\"", "{\"stream\":true,\"model\""));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("[DONE]");
    String requestId = r.headers().firstValue("X-Steward-Request-Id").orElseThrow();

    SpanData server = serverSpan(requestId);
    List<SpanData> trace = trace(server);
    SpanData route = stageChain(server, trace).getLast();
    SpanData call = children(route, trace).getFirst();

    assertThat(call.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(call.hasEnded()).isTrue();
    // The route stage ends when the stream starts; the call and the server span when it ends.
    assertThat(server.getEndEpochNanos()).isGreaterThanOrEqualTo(call.getEndEpochNanos());
    assertThat(server.getEndEpochNanos()).isGreaterThanOrEqualTo(route.getEndEpochNanos());
    assertThat(server.getAttributes().get(OtelTracing.GEN_AI_OUTPUT_TOKENS)).isPositive();
    assertNoContent(trace, "");
  }

  @Test
  void retryThenFallback_aClientSpanPerCall_failedCallsAreErrorsWithTheirReason() throws Exception {
    String failed = "{\"error\":{\"message\":\"down\"}}";
    gw.upstream.enqueue(
        FakeUpstream.Scripted.json(500, failed),
        FakeUpstream.Scripted.json(500, failed),
        FakeUpstream.Scripted.json(
            200,
            "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":"
                + "\"local-x-2\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
                + "\"assistant\",\"content\":\"Fine.\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,"
                + "\"total_tokens\":15}}"));

    HttpResponse<String> r = gw.post("/v1/chat/completions", CHAT.replace("sandbox-chat", "relay"));
    assertThat(r.statusCode()).isEqualTo(200);
    SpanData server = serverSpan(r.headers().firstValue("X-Steward-Request-Id").orElseThrow());
    List<SpanData> trace = trace(server);
    List<SpanData> calls =
        children(stageChain(server, trace).getLast(), trace).stream()
            .sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos))
            .toList();

    assertThat(calls)
        .extracting(s -> attr(s, "steward.route"))
        .containsExactly("flaky/gpt-x", "flaky/gpt-x", "backup/local-x");
    assertThat(calls).extracting(SpanData::getKind).containsOnly(SpanKind.CLIENT);
    assertThat(calls.subList(0, 2))
        .allSatisfy(
            c -> {
              assertThat(c.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
              assertThat(attr(c, "steward.outcome")).startsWith("upstream.");
              assertThat(attr(c, "steward.reason")).isEqualTo(attr(c, "steward.outcome"));
              assertThat(attr(c, "gen_ai.system")).isEqualTo("openai");
            });
    assertThat(attr(calls.get(2), "steward.outcome")).isEqualTo("ok");
    assertThat(attr(calls.get(2), "gen_ai.system")).isEqualTo("openai-compatible");
    assertThat(calls.get(2).getAttributes().get(OtelTracing.GEN_AI_OUTPUT_TOKENS)).isEqualTo(5L);
    // The exchange itself succeeded: neither it nor any stage is an error.
    assertThat(server.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(attr(server, "steward.route")).isEqualTo("backup/local-x");
    assertThat(stageChain(server, trace))
        .allSatisfy(s -> assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET));
    assertNoContent(trace, "Fine.");
  }

  @Test
  void upstreamRequest_carriesTheClientSpansTraceparent_notTheCallers() throws Exception {
    int before = gw.upstream.requests().size();
    gw.upstream.enqueue(FakeUpstream.Scripted.json(200, UPSTREAM_ANSWER));

    HttpResponse<String> r =
        gw.post(
            "/v1/chat/completions",
            CHAT.replace("sandbox-chat", "relay"),
            "traceparent",
            "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01",
            "tracestate",
            "caller=t61rcwm");
    assertThat(r.statusCode()).isEqualTo(200);
    SpanData server = serverSpan(r.headers().firstValue("X-Steward-Request-Id").orElseThrow());
    List<SpanData> trace = trace(server);
    List<SpanData> calls = children(stageChain(server, trace).getLast(), trace);
    assertThat(calls).hasSize(1);
    SpanData call = calls.getFirst();
    assertThat(call.getKind()).isEqualTo(SpanKind.CLIENT);

    List<FakeUpstream.RecordedRequest> sent = gw.upstream.requests();
    assertThat(sent).hasSize(before + 1);
    FakeUpstream.RecordedRequest upstream = sent.getLast();
    // W3C: version-traceid-parentid-flags, the parent being the client span of this very call.
    assertThat(upstream.header("traceparent"))
        .isEqualTo("00-" + server.getTraceId() + "-" + call.getSpanId() + "-01");
    assertThat(server.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(call.getSpanId()).isNotEqualTo(CALLER_SPAN_ID);
    // The trace's vendor state travels with it, as W3C asks.
    assertThat(upstream.header("tracestate")).isEqualTo("caller=t61rcwm");
  }

  @Test
  void tracingOff_noTraceparentReachesTheUpstream_evenWhenTheCallerSentOne() throws Exception {
    try (Gateway off = Gateway.start(dir.resolve("off-upstream"), c -> Tracing.OFF)) {
      off.upstream.enqueue(FakeUpstream.Scripted.json(200, UPSTREAM_ANSWER));

      HttpResponse<String> r =
          off.post(
              "/v1/chat/completions",
              CHAT.replace("sandbox-chat", "relay"),
              "traceparent",
              "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01",
              "tracestate",
              "caller=t61rcwm");

      assertThat(r.statusCode()).isEqualTo(200);
      FakeUpstream.RecordedRequest upstream = off.upstream.lastRequest();
      assertThat(upstream.header("traceparent")).isNull();
      assertThat(upstream.header("tracestate")).isNull();
    }
  }

  @Test
  void sampledOutByTheCaller_noSpansExported_andTheAnswerIsUnchanged() throws Exception {
    HttpResponse<String> r =
        gw.post(
            "/v1/chat/completions",
            CHAT,
            "traceparent",
            "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-00");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(spans.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void tracingOff_pipelineNeverStartsASpan_andClientsAreUnwrapped() throws Exception {
    StewardConfig config =
        ConfigLoader.parse(
            GatewayFixture.yaml(URI.create("http://127.0.0.1:9")),
            dir.resolve("steward.yaml"),
            Map.of("TEST_UPSTREAM_KEY", "k", "TEST_ADMIN_KEY", GatewayFixture.ADMIN_KEY));
    assertThat(config.tracing()).isNull();
    assertThat(Tracing.create(config, Map.of())).isSameAs(Tracing.OFF);
    Map<String, ProviderClient> clients = Map.of();
    assertThat(Tracing.OFF.clients(clients)).isSameAs(clients);

    // Tracing.OFF refuses to start a span: a pipeline that asked for one would fail the request.
    try (Gateway off = Gateway.start(dir.resolve("off"), c -> Tracing.OFF)) {
      HttpResponse<String> r = off.post("/v1/chat/completions", CHAT);

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(r.body()).at("/choices/0/message/content").asText()).isNotEmpty();
    }
    assertThat(spans.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void pipelineWithTracingOff_runsTheUntracedPath() {
    Exchange ex =
        new Exchange(
            "req_1",
            Api.OPENAI,
            Endpoint.CHAT,
            0,
            Map.<String, String>of()::get,
            new byte[0],
            (b, e) -> {});
    Stage answer =
        new Stage() {
          @Override
          public String name() {
            return "answer";
          }

          @Override
          public CompletionStage<Reply> handle(Exchange e, Next next) {
            throw new dev.steward.core.StewardException(
                dev.steward.core.ErrorCode.MODEL_NOT_FOUND, "none");
          }
        };

    Reply reply =
        new Pipeline(List.of(answer), Tracing.OFF)
            .run(ex, "POST", "/v1/chat/completions")
            .toCompletableFuture()
            .join();

    assertThat(reply)
        .isInstanceOfSatisfying(
            Reply.Failure.class,
            f ->
                assertThat(f.error().code()).isEqualTo(dev.steward.core.ErrorCode.MODEL_NOT_FOUND));
  }

  // ---------------------------------------------------------------- helpers

  private static SpanData serverSpan(String requestId) throws InterruptedException {
    return eventually(
        () ->
            spans.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.SERVER)
                .filter(s -> requestId.equals(attr(s, "steward.request_id")))
                .findFirst());
  }

  /** The finished spans of the server span's trace. */
  private static List<SpanData> trace(SpanData server) {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getTraceId().equals(server.getTraceId()))
        .toList();
  }

  private static List<SpanData> children(SpanData parent, List<SpanData> trace) {
    return trace.stream().filter(s -> s.getParentSpanId().equals(parent.getSpanId())).toList();
  }

  /** The stage spans from the server span down, each the only stage child of the one before. */
  private static List<SpanData> stageChain(SpanData server, List<SpanData> trace) {
    List<SpanData> chain = new ArrayList<>();
    SpanData parent = server;
    while (true) {
      List<SpanData> stages =
          children(parent, trace).stream().filter(s -> s.getName().startsWith("stage ")).toList();
      if (stages.isEmpty()) {
        return chain;
      }
      assertThat(stages).hasSize(1);
      parent = stages.getFirst();
      chain.add(parent);
    }
  }

  private static @Nullable String attr(SpanData s, String key) {
    return s.getAttributes().get(AttributeKey.stringKey(key));
  }

  /** No span name or attribute holds the prompt, the answer or the caller's key. */
  private static void assertNoContent(List<SpanData> trace, String answer) {
    for (SpanData s : trace) {
      List<String> texts = new ArrayList<>();
      texts.add(s.getName());
      s.getAttributes().forEach((k, v) -> texts.add(String.valueOf(v)));
      s.getEvents().forEach(e -> texts.add(e.getName() + e.getAttributes()));
      for (String text : texts) {
        assertThat(text).doesNotContain("HX-4471").doesNotContain(gw.key);
        if (!answer.isBlank()) {
          assertThat(text).doesNotContain(answer);
        }
      }
    }
  }

  /** A real gateway (the {@link GatewayFixture} configuration) with the tracing given. */
  static final class Gateway implements AutoCloseable {
    final FakeUpstream upstream = FakeUpstream.start();
    final Storage storage;
    final StewardServer server;
    final String key;
    private final HttpClient http = HttpClient.newHttpClient();

    interface TracingFactory {
      Tracing create(StewardConfig config);
    }

    private Gateway(
        Path dir, String extraYaml, Map<String, String> moreEnv, @Nullable TracingFactory tracing) {
      try {
        Files.createDirectories(dir);
        Path file = dir.resolve("steward.yaml");
        Files.writeString(file, GatewayFixture.yaml(upstream.baseUri()) + extraYaml);
        Map<String, String> env = new java.util.HashMap<>(moreEnv);
        env.put("TEST_UPSTREAM_KEY", "sk-upstream-test");
        env.put("TEST_ADMIN_KEY", GatewayFixture.ADMIN_KEY);
        StewardConfig config = ConfigLoader.load(file, env);
        this.storage = H2Storage.open(dir.resolve("data"));
        TileLog log = TransparencyLogs.open(config.transparencyLog(), dir.resolve("data"), env);
        this.server =
            tracing == null
                ? StewardServer.start(config, storage, env, InstantSource.system(), 0, log)
                : StewardServer.start(
                    config, storage, env, InstantSource.system(), 0, log, tracing.create(config));
        NewApiKey k =
            ApiKeys.create(
                Principal.of("justice", "courts", "summarise"), "test", "test", Instant.now());
        storage.keys().insert(k.record());
        this.key = k.plaintext();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    static Gateway start(Path dir, TracingFactory tracing) {
      return new Gateway(dir, "", Map.of(), tracing);
    }

    /** A gateway whose tracing comes from its configuration file, as {@code steward serve}'s. */
    static Gateway configured(Path dir, String tracingYaml, Map<String, String> env) {
      return new Gateway(dir, tracingYaml, env, null);
    }

    HttpResponse<String> post(String path, String body, String... headers) throws Exception {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(server.baseUri().resolve(path))
              .timeout(Duration.ofSeconds(20))
              .header("Authorization", "Bearer " + key)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body));
      if (headers.length > 0) {
        b.headers(headers);
      }
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
      server.close();
      storage.close();
      upstream.close();
    }
  }
}
