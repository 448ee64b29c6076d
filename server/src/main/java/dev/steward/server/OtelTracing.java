package dev.steward.server;

import dev.steward.config.ProviderConfig;
import dev.steward.config.RouteConfig;
import dev.steward.config.StewardConfig;
import dev.steward.config.TracingConfig;
import dev.steward.core.AsyncChatStream;
import dev.steward.core.ChatResponse;
import dev.steward.core.ChatStream;
import dev.steward.core.EmbeddingRequest;
import dev.steward.core.EmbeddingResponse;
import dev.steward.core.Futures;
import dev.steward.core.ProviderCall;
import dev.steward.core.ProviderClient;
import dev.steward.core.StewardException;
import dev.steward.core.StreamEvent;
import dev.steward.core.Usage;
import dev.steward.store.Principal;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracing with the OpenTelemetry SDK. Loaded only when the configuration has a {@code tracing}
 * section. Spans carry ids, names, routes, models, token counts and reason codes: never a prompt,
 * an answer or a key (docs/spec/tracing.md).
 */
final class OtelTracing implements Tracing {
  private static final Logger LOG = LoggerFactory.getLogger(OtelTracing.class);

  static final String INSTRUMENTATION = "dev.steward.server";

  static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
  static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("steward.request_id");
  static final AttributeKey<String> DEPARTMENT = AttributeKey.stringKey("steward.department");
  static final AttributeKey<String> SERVICE = AttributeKey.stringKey("steward.service");
  static final AttributeKey<String> USE_CASE = AttributeKey.stringKey("steward.use_case");
  static final AttributeKey<String> ROUTE = AttributeKey.stringKey("steward.route");
  static final AttributeKey<String> STAGE = AttributeKey.stringKey("steward.stage");
  static final AttributeKey<String> REASON = AttributeKey.stringKey("steward.reason");
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("steward.outcome");
  static final AttributeKey<String> GEN_AI_SYSTEM = AttributeKey.stringKey("gen_ai.system");
  static final AttributeKey<String> GEN_AI_OPERATION =
      AttributeKey.stringKey("gen_ai.operation.name");
  static final AttributeKey<String> GEN_AI_REQUEST_MODEL =
      AttributeKey.stringKey("gen_ai.request.model");
  static final AttributeKey<String> GEN_AI_RESPONSE_MODEL =
      AttributeKey.stringKey("gen_ai.response.model");
  static final AttributeKey<Long> GEN_AI_INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> GEN_AI_OUTPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.output_tokens");

  private static final String CLIENT_GONE = "client.disconnected";

  private static final TextMapGetter<Exchange> HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Exchange carrier) {
          return List.of();
        }

        @Override
        public @Nullable String get(@Nullable Exchange carrier, String key) {
          return carrier == null ? null : carrier.header(key);
        }
      };

  private static final TextMapSetter<Map<String, String>> PUT =
      (carrier, key, value) -> {
        if (carrier != null) {
          carrier.put(key, value);
        }
      };

  private final SdkTracerProvider provider;
  private final Tracer tracer;
  private final Map<String, String> protocols;

  /** The exchanges under way, by request id: where an upstream call finds its parent span. */
  private final Map<String, Request> active = new ConcurrentHashMap<>();

  OtelTracing(SdkTracerProvider provider, StewardConfig config) {
    this.provider = provider;
    this.tracer = provider.get(INSTRUMENTATION);
    Map<String, String> byProvider = new LinkedHashMap<>();
    config.providers().forEach((id, p) -> byProvider.put(id, genAiSystem(p)));
    this.protocols = Map.copyOf(byProvider);
  }

  /**
   * Spans exported to the configured OTLP/HTTP endpoint by a batch processor, sampled by the
   * caller's decision when it sent a {@code traceparent}, else by {@code sample-ratio}.
   */
  static OtelTracing create(TracingConfig tracing, StewardConfig config, Map<String, String> env) {
    OtlpHttpSpanExporterBuilder exporter =
        OtlpHttpSpanExporter.builder()
            .setEndpoint(tracing.otlpEndpoint().toString())
            .setTimeout(Duration.ofSeconds(10));
    tracing.headers().forEach((name, value) -> exporter.addHeader(name, value.resolve(env)));
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(
                        Resource.create(
                            Attributes.of(
                                AttributeKey.stringKey("service.name"), tracing.serviceName()))))
            .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(tracing.sampleRatio())))
            .addSpanProcessor(BatchSpanProcessor.builder(exporter.build()).build())
            .build();
    LOG.info(
        "tracing on: spans to {} as service {}, sample ratio {}",
        tracing.otlpEndpoint(),
        tracing.serviceName(),
        tracing.sampleRatio());
    return new OtelTracing(provider, config);
  }

  /** The GenAI semantic conventions' name for a provider's system. */
  private static String genAiSystem(ProviderConfig p) {
    return switch (p.protocol()) {
      case OPENAI -> "openai";
      case ANTHROPIC -> "anthropic";
      case COHERE -> "cohere";
      case OPENAI_COMPATIBLE, SANDBOX -> p.protocol().configName();
    };
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public RequestSpan start(Exchange ex, String method, String path) {
    Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), ex, HEADERS);
    Instant now = Instant.now();
    long startEpochNanos =
        now.getEpochSecond() * 1_000_000_000L
            + now.getNano()
            - Math.max(0, System.nanoTime() - ex.startNanos());
    Span span =
        tracer
            .spanBuilder(method + " " + path)
            .setParent(parent)
            .setSpanKind(SpanKind.SERVER)
            .setStartTimestamp(startEpochNanos, TimeUnit.NANOSECONDS)
            .setAttribute(HTTP_METHOD, method)
            .setAttribute(URL_PATH, path)
            .setAttribute(REQUEST_ID, ex.requestId())
            .startSpan();
    if (!span.isRecording()) {
      // Not sampled: nothing below it would be recorded either, so no stage span is started.
      return UNRECORDED;
    }
    Request request = new Request(span);
    active.put(ex.requestId(), request);
    return request;
  }

  /** The spans of an exchange that is not sampled: none. */
  private static final RequestSpan UNRECORDED =
      new RequestSpan() {
        private final StageSpan none =
            new StageSpan() {
              @Override
              public void downstream(@Nullable Reply reply, @Nullable Throwable error) {}

              @Override
              public void end(@Nullable Reply reply, @Nullable Throwable error) {}
            };

        @Override
        public StageSpan stage(String name, @Nullable StageSpan parent) {
          return none;
        }

        @Override
        public void end(Exchange ex) {}
      };

  @Override
  public Map<String, ProviderClient> clients(Map<String, ProviderClient> clients) {
    Map<String, ProviderClient> traced = new LinkedHashMap<>();
    clients.forEach((id, client) -> traced.put(id, new TracedClient(id, client)));
    return traced;
  }

  @Override
  public void close() {
    CompletableResultCode done = provider.shutdown().join(10, TimeUnit.SECONDS);
    if (!done.isSuccess()) {
      LOG.warn("tracing: spans still buffered at shutdown were not all exported");
    }
  }

  private static String reason(@Nullable Reply reply, @Nullable Throwable error) {
    if (reply instanceof Reply.Failure f) {
      return f.error().code().reason();
    }
    Throwable t = error == null ? null : Futures.unwrap(error);
    return t instanceof StewardException e ? e.code().reason() : "internal";
  }

  private static boolean failed(@Nullable Reply reply, @Nullable Throwable error) {
    return error != null || reply instanceof Reply.Failure;
  }

  /** An exchange's server span, and its innermost stage span (the parent of upstream calls). */
  private final class Request implements RequestSpan {
    private final Span span;
    private final Context context;
    private volatile Context innermost;

    Request(Span span) {
      this.span = span;
      this.context = Context.root().with(span);
      this.innermost = context;
    }

    @Override
    public StageSpan stage(String name, @Nullable StageSpan parent) {
      Context parentContext = parent instanceof Stage s ? s.context : context;
      Span stage =
          tracer
              .spanBuilder("stage " + name)
              .setParent(parentContext)
              .setSpanKind(SpanKind.INTERNAL)
              .setAttribute(STAGE, name)
              .startSpan();
      Stage s = new Stage(stage, parentContext.with(stage));
      innermost = s.context;
      return s;
    }

    @Override
    public void end(Exchange ex) {
      try {
        active.remove(ex.requestId());
        span.setAttribute(HTTP_STATUS, (long) ex.status());
        Principal p = ex.principal();
        if (p != null) {
          span.setAttribute(DEPARTMENT, p.department());
          span.setAttribute(SERVICE, p.service());
          span.setAttribute(USE_CASE, p.useCase());
        }
        span.setAttribute(
            GEN_AI_OPERATION,
            switch (ex.endpoint()) {
              case CHAT -> "chat";
              case EMBEDDINGS -> "embeddings";
              case MODELS -> "models";
            });
        String model = ex.requestedModel();
        if (model != null) {
          span.setAttribute(GEN_AI_REQUEST_MODEL, model);
        }
        RouteConfig route = ex.route();
        if (route != null) {
          span.setAttribute(ROUTE, route.provider() + "/" + route.model());
          String system = protocols.get(route.provider());
          if (system != null) {
            span.setAttribute(GEN_AI_SYSTEM, system);
          }
          String version = ex.upstreamVersion();
          if (version != null) {
            span.setAttribute(GEN_AI_RESPONSE_MODEL, version);
          }
          Usage usage = ex.usage();
          span.setAttribute(GEN_AI_INPUT_TOKENS, usage.inputTokens());
          span.setAttribute(GEN_AI_OUTPUT_TOKENS, usage.outputTokens());
        }
        String outcome = ex.outcome();
        if (!outcome.equals("ok")) {
          span.setAttribute(REASON, outcome);
          if (!outcome.equals(CLIENT_GONE)) {
            span.setStatus(StatusCode.ERROR, outcome);
          }
        }
      } finally {
        span.end();
      }
    }

    /** A stage's span. */
    private final class Stage implements StageSpan {
      private final Span span;
      private final Context context;
      private boolean downstreamFailed;

      Stage(Span span, Context context) {
        this.span = span;
        this.context = context;
      }

      @Override
      public void downstream(@Nullable Reply reply, @Nullable Throwable error) {
        downstreamFailed = failed(reply, error);
      }

      @Override
      public void end(@Nullable Reply reply, @Nullable Throwable error) {
        // Only the stage where a failure began is marked: the stages it passed through on the way
        // back did not fail themselves.
        if (failed(reply, error) && !downstreamFailed) {
          String reason = reason(reply, error);
          span.setAttribute(REASON, reason);
          span.setStatus(StatusCode.ERROR, reason);
        }
        span.end();
      }
    }
  }

  /** A provider client whose calls for traced exchanges are client spans. */
  private final class TracedClient implements ProviderClient {
    private final String providerId;
    private final ProviderClient inner;

    TracedClient(String providerId, ProviderClient inner) {
      this.providerId = providerId;
      this.inner = inner;
    }

    private @Nullable Span start(String requestId, String operation, String model) {
      Request request = active.get(requestId);
      if (request == null) {
        return null;
      }
      String system = protocols.get(providerId);
      return tracer
          .spanBuilder(operation + " " + model)
          .setParent(request.innermost)
          .setSpanKind(SpanKind.CLIENT)
          .setAttribute(ROUTE, providerId + "/" + model)
          .setAttribute(GEN_AI_OPERATION, operation)
          .setAttribute(GEN_AI_SYSTEM, system == null ? providerId : system)
          .setAttribute(GEN_AI_REQUEST_MODEL, model)
          .startSpan();
    }

    /**
     * The W3C {@code traceparent} (and {@code tracestate}, when there is one) of a client span: the
     * only headers tracing adds to an upstream request. A caller's own are never forwarded.
     */
    private static Map<String, String> traceHeaders(Span span) {
      Map<String, String> headers = new HashMap<>(4);
      W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), headers, PUT);
      return headers;
    }

    private static void end(Span span, @Nullable Throwable error) {
      if (error == null) {
        span.setAttribute(OUTCOME, "ok");
      } else {
        String reason = reason(null, error);
        span.setAttribute(OUTCOME, reason);
        span.setAttribute(REASON, reason);
        span.setStatus(StatusCode.ERROR, reason);
      }
      span.end();
    }

    private static void usage(Span span, Usage usage) {
      span.setAttribute(GEN_AI_INPUT_TOKENS, usage.inputTokens());
      span.setAttribute(GEN_AI_OUTPUT_TOKENS, usage.outputTokens());
    }

    @Override
    public ChatResponse chat(ProviderCall call) {
      return inner.chat(call);
    }

    @Override
    public ChatStream stream(ProviderCall call) {
      return inner.stream(call);
    }

    @Override
    public EmbeddingResponse embed(String requestId, EmbeddingRequest request) {
      return inner.embed(requestId, request);
    }

    @Override
    public CompletionStage<ChatResponse> chatAsync(ProviderCall call) {
      Span span = start(call.requestId(), "chat", call.request().model());
      if (span == null) {
        return inner.chatAsync(call);
      }
      return calling(span, () -> inner.chatAsync(call.withHeaders(traceHeaders(span))))
          .whenComplete(
              (r, t) -> {
                if (r != null) {
                  usage(span, r.usage());
                  span.setAttribute(GEN_AI_RESPONSE_MODEL, r.model());
                }
                end(span, t);
              });
    }

    @Override
    public CompletionStage<AsyncChatStream> streamAsync(ProviderCall call) {
      Span span = start(call.requestId(), "chat", call.request().model());
      if (span == null) {
        return inner.streamAsync(call);
      }
      return calling(span, () -> inner.streamAsync(call.withHeaders(traceHeaders(span))))
          .whenComplete(
              (stream, t) -> {
                if (t != null) {
                  end(span, t);
                }
              })
          .thenApply(stream -> new TracedStream(stream, span));
    }

    @Override
    public CompletionStage<EmbeddingResponse> embedAsync(
        String requestId, EmbeddingRequest request) {
      return embedAsync(requestId, request, Map.of());
    }

    @Override
    public CompletionStage<EmbeddingResponse> embedAsync(
        String requestId, EmbeddingRequest request, Map<String, String> headers) {
      Span span = start(requestId, "embeddings", request.model());
      if (span == null) {
        return inner.embedAsync(requestId, request, headers);
      }
      return calling(
              span,
              () -> {
                Map<String, String> traced = new HashMap<>(headers);
                traced.putAll(traceHeaders(span));
                return inner.embedAsync(requestId, request, ProviderCall.checkHeaders(traced));
              })
          .whenComplete(
              (r, t) -> {
                if (r != null) {
                  usage(span, r.usage());
                }
                end(span, t);
              });
    }

    @Override
    public void close() {
      inner.close();
    }

    /** Starts the upstream call; should starting it throw, the span ends with the failure. */
    private static <T> CompletionStage<T> calling(Span span, Supplier<CompletionStage<T>> call) {
      try {
        return call.get();
      } catch (RuntimeException e) {
        end(span, e);
        throw e;
      }
    }
  }

  /** An upstream stream whose client span ends with it: at its last event, failure or close. */
  private static final class TracedStream implements AsyncChatStream {
    private final AsyncChatStream inner;
    private final Span span;
    private boolean ended;

    TracedStream(AsyncChatStream inner, Span span) {
      this.inner = inner;
      this.span = span;
    }

    @Override
    public CompletionStage<@Nullable StreamEvent> next() {
      return inner
          .next()
          .whenComplete(
              (e, t) -> {
                if (t != null) {
                  finish(t);
                } else if (e == null) {
                  finish(null);
                } else if (e instanceof StreamEvent.UsageReported u) {
                  TracedClient.usage(span, u.usage());
                }
              });
    }

    private synchronized void finish(@Nullable Throwable error) {
      if (!ended) {
        ended = true;
        TracedClient.end(span, error);
      }
    }

    @Override
    public void close() {
      try {
        inner.close();
      } finally {
        finish(null);
      }
    }
  }
}
