package dev.steward.routing;

import static dev.steward.routing.Fakes.T0;
import static dev.steward.routing.Fakes.call;
import static dev.steward.routing.Fakes.chatModel;
import static dev.steward.routing.Fakes.provider;
import static dev.steward.routing.Fakes.rateLimited;
import static dev.steward.routing.Fakes.route;
import static dev.steward.routing.Fakes.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.config.BreakerConfig;
import dev.steward.config.Capacity;
import dev.steward.config.ModelConfig;
import dev.steward.config.ModelKind;
import dev.steward.config.ProviderConfig;
import dev.steward.config.RetryConfig;
import dev.steward.config.RouteConfig;
import dev.steward.core.AsyncChatStream;
import dev.steward.core.ChatResponse;
import dev.steward.core.ChatStream;
import dev.steward.core.EmbeddingRequest;
import dev.steward.core.EmbeddingResponse;
import dev.steward.core.ErrorCode;
import dev.steward.core.Futures;
import dev.steward.core.ProviderCall;
import dev.steward.core.ProviderClient;
import dev.steward.core.StreamEvent;
import dev.steward.core.UpstreamException;
import dev.steward.core.Usage;
import dev.steward.routing.Fakes.FakeClient;
import dev.steward.routing.Fakes.FakeClock;
import dev.steward.routing.Fakes.ManualTimer;
import dev.steward.routing.Fakes.RecordingListener;
import dev.steward.routing.Fakes.RecordingTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class RouterTest {
  private static final RetryConfig RETRY_3 =
      new RetryConfig(3, Duration.ofMillis(100), Duration.ofSeconds(2));
  private static final BreakerConfig NO_TRIP = new BreakerConfig(100, Duration.ofSeconds(30));

  private final FakeClock clock = new FakeClock();
  private final RecordingTimer timer = new RecordingTimer(clock);
  private final RecordingListener listener = new RecordingListener();
  private final FakeClient a = new FakeClient("a");
  private final FakeClient b = new FakeClient("b");
  private final FakeClient c = new FakeClient("c");
  private final RouteConfig routeA = route("a", "model-a", 1, 1);
  private final RouteConfig routeB = route("b", "model-b", 2, 1);
  private final RouteConfig routeC = route("c", "model-c", 3, 1);
  private final RouteContext ctx = RouteContext.of("justice", T0.plusSeconds(60));

  private Router.Builder builder() {
    Map<String, ProviderClient> clients = Map.of("a", a, "b", b, "c", c);
    return Router.builder()
        .clients(clients)
        .clock(clock)
        .random(new SplittableRandom(1))
        .timer(timer)
        .listener(listener);
  }

  private Router router() {
    return builder().build();
  }

  private static <T> T join(CompletionStage<T> stage) {
    return Futures.join(stage);
  }

  private static @Nullable StreamEvent next(AsyncChatStream stream) {
    return Futures.join(stream.next());
  }

  private static PoolStats statsA(Router router) {
    return Objects.requireNonNull(router.poolStats().get("a"));
  }

  @Test
  void chat_firstRouteAnswers_usesItAddressedToUpstreamModel() {
    Routed<ChatResponse> routed = join(router().chatAsync(chatModel(routeA, routeB), call(), ctx));

    assertThat(routed.route()).isEqualTo(routeA);
    assertThat(routed.value().id()).isEqualTo("a-answer");
    assertThat(routed.attempts()).containsExactly(new Attempt("a/model-a", null, Duration.ZERO));
    assertThat(a.chatCalls)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.request().model()).isEqualTo("model-a");
              assertThat(c.requestId()).isEqualTo("req-1");
            });
    assertThat(listener.attempts).isEqualTo(routed.attempts());
  }

  @Test
  void chat_503ThenSuccess_retriesSameRoute() {
    a.failing(status(503));

    Routed<ChatResponse> routed = join(router().chatAsync(chatModel(routeA, routeB), call(), ctx));

    assertThat(routed.route()).isEqualTo(routeA);
    assertThat(a.chatCalls).hasSize(2);
    assertThat(b.calls()).isZero();
    assertThat(routed.attempts())
        .extracting(Attempt::outcome)
        .containsExactly("upstream.error", "ok");
    assertThat(timer.waits)
        .singleElement()
        .satisfies(w -> assertThat(w).isBetween(Duration.ZERO, Duration.ofMillis(100)));
  }

  @Test
  void chat_retries_backoffCeilingDoubles() {
    a.failing(status(503), status(503));

    join(router().chatAsync(chatModel(routeA), call(), ctx));

    assertThat(timer.waits).hasSize(2);
    assertThat(timer.waits.get(0)).isLessThanOrEqualTo(Duration.ofMillis(100));
    assertThat(timer.waits.get(1)).isLessThanOrEqualTo(Duration.ofMillis(200));
  }

  @Test
  void chat_retryAfter_timerWaitsAtLeastThatLong() {
    a.failing(rateLimited(Duration.ofSeconds(3)));

    Routed<ChatResponse> routed = join(router().chatAsync(chatModel(routeA, routeB), call(), ctx));

    assertThat(routed.route()).isEqualTo(routeA);
    assertThat(timer.waits)
        .singleElement()
        .satisfies(w -> assertThat(w).isGreaterThanOrEqualTo(Duration.ofSeconds(3)));
  }

  @Test
  void chat_retryAfterBeyondCap_fallsBackWithoutWaiting() {
    a.failing(rateLimited(Duration.ofSeconds(9)));

    Routed<ChatResponse> routed = join(router().chatAsync(chatModel(routeA, routeB), call(), ctx));

    assertThat(routed.route()).isEqualTo(routeB);
    assertThat(a.chatCalls).hasSize(1);
    assertThat(timer.waits).isEmpty();
  }

  @Test
  void chat_configuredRetryAfterCap_replacesDefault() {
    a.failing(rateLimited(Duration.ofSeconds(9)));
    Router router = builder().retryAfterCap(Duration.ofSeconds(10)).build();

    Routed<ChatResponse> routed = join(router.chatAsync(chatModel(routeA, routeB), call(), ctx));

    assertThat(routed.route()).isEqualTo(routeA);
    assertThat(timer.waits).containsExactly(Duration.ofSeconds(9));
  }

  @Test
  void chat_rejectedRequest_notRetriedNorFallenBack() {
    UpstreamException rejected = status(400);
    a.failing(rejected);

    assertThatThrownBy(() -> join(router().chatAsync(chatModel(routeA, routeB), call(), ctx)))
        .isInstanceOfSatisfying(
            RoutingException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_REJECTED);
              assertThat(e).hasMessage("upstream status 400").hasCause(rejected);
              assertThat(e.attempts())
                  .extracting(Attempt::outcome)
                  .containsExactly("upstream.rejected");
            });
    assertThat(a.chatCalls).hasSize(1);
    assertThat(b.calls()).isZero();
    assertThat(timer.waits).isEmpty();
  }

  @Test
  void chat_credentialsRefused_fallsBackWithoutRetry() {
    a.failing(status(401));

    Routed<ChatResponse> routed = join(router().chatAsync(chatModel(routeA, routeB), call(), ctx));

    assertThat(routed.route()).isEqualTo(routeB);
    assertThat(a.chatCalls).hasSize(1);
    assertThat(timer.waits).isEmpty();
  }

  @Test
  void chat_firstRouteExhausted_fallsBackToSecond() {
    a.failing(status(503), status(502), status(500));

    Routed<ChatResponse> routed = join(router().chatAsync(chatModel(routeA, routeB), call(), ctx));

    assertThat(routed.route()).isEqualTo(routeB);
    assertThat(a.chatCalls).hasSize(3);
    assertThat(routed.attempts())
        .extracting(Attempt::routeId)
        .containsExactly("a/model-a", "a/model-a", "a/model-a", "b/model-b");
    assertThat(timer.waits).hasSize(2);
  }

  @Test
  void chat_everyRouteFails_throwsLastErrorWithAllAttempts() {
    a.failing(status(503), status(503), status(503));
    UpstreamException lastError = rateLimited(Duration.ofSeconds(100));
    b.failing(status(503), status(503), lastError);

    assertThatThrownBy(() -> join(router().chatAsync(chatModel(routeA, routeB), call(), ctx)))
        .isInstanceOfSatisfying(
            RoutingException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_RATE_LIMITED);
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(100));
              assertThat(e.getCause()).isSameAs(lastError);
              assertThat(e.attempts()).hasSize(6);
              assertThat(e)
                  .hasMessage(
                      "model 'assistant': every eligible route failed (6 attempts); last: slow"
                          + " down");
            });
  }

  @Test
  void chat_ineligibleRoute_neverTriedEvenAsFallback() {
    a.failing(status(503), status(503), status(503));
    c.failing(status(503), status(503), status(503));
    RouteContext noB = new RouteContext("justice", r -> !r.provider().equals("b"), ctx.deadline());

    assertThatThrownBy(
            () -> join(router().chatAsync(chatModel(routeA, routeB, routeC), call(), noB)))
        .isInstanceOf(RoutingException.class);
    assertThat(b.calls()).isZero();
    assertThat(a.chatCalls).hasSize(3);
    assertThat(c.chatCalls).hasSize(3);
  }

  @Test
  void chat_noEligibleRoute_rejectsWithoutCalling() {
    RouteContext none = new RouteContext("justice", r -> false, ctx.deadline());

    assertThatThrownBy(() -> join(router().chatAsync(chatModel(routeA, routeB), call(), none)))
        .isInstanceOfSatisfying(
            RoutingException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_UNAVAILABLE);
              assertThat(e.attempts()).isEmpty();
            })
        .hasMessage("model 'assistant': no eligible route");
    assertThat(a.calls() + b.calls()).isZero();
  }

  @Test
  void chat_deadlinePassedDuringSlowAttempt_triesNoFurtherRoute() {
    UpstreamException slowFailure = status(503);
    ProviderClient slow =
        new ProviderClient() {
          @Override
          public ChatResponse chat(ProviderCall call) {
            clock.advance(Duration.ofSeconds(2));
            throw slowFailure;
          }

          @Override
          public ChatStream stream(ProviderCall call) {
            throw new UnsupportedOperationException();
          }

          @Override
          public EmbeddingResponse embed(String requestId, EmbeddingRequest request) {
            throw new UnsupportedOperationException();
          }
        };
    Router router =
        Router.builder().clients(Map.of("a", slow, "b", b)).clock(clock).timer(timer).build();
    RouteContext tight = RouteContext.of("justice", T0.plusSeconds(1));

    assertThatThrownBy(() -> join(router.chatAsync(chatModel(routeA, routeB), call(), tight)))
        .isInstanceOfSatisfying(
            RoutingException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_TIMEOUT);
              assertThat(e.getCause()).isSameAs(slowFailure);
              assertThat(e.attempts()).hasSize(1);
            })
        .hasMessage("model 'assistant': deadline passed after 1 attempts");
    assertThat(b.calls()).isZero();
    assertThat(timer.waits).isEmpty();
  }

  @Test
  void chat_backoffLongerThanRemainingDeadline_fallsBackInsteadOfWaiting() {
    a.failing(rateLimited(Duration.ofSeconds(5)));
    RouteContext tight = RouteContext.of("justice", T0.plusSeconds(4));

    Routed<ChatResponse> routed =
        join(router().chatAsync(chatModel(routeA, routeB), call(), tight));

    assertThat(routed.route()).isEqualTo(routeB);
    assertThat(timer.waits).isEmpty();
  }

  @Test
  void chat_routeOptions_sentAsDirectivesUnderCallersOwn() {
    Router router =
        builder()
            .providers(
                Map.of(
                    "a",
                    provider(
                        "a",
                        null,
                        Map.of("model-a", Map.of("behaviour", "echo", "speed", "fast")))))
            .build();
    ProviderCall call = new ProviderCall("req-1", call().request(), Map.of("behaviour", "refuse"));

    join(router.chatAsync(chatModel(routeA), call, ctx));

    assertThat(a.chatCalls.get(0).directives())
        .containsExactlyInAnyOrderEntriesOf(Map.of("behaviour", "refuse", "speed", "fast"));
  }

  @Test
  void chat_embeddingAlias_rejectsAsUnsupported() {
    ModelConfig embedding =
        new ModelConfig("vectors", ModelKind.EMBEDDING, List.of(routeA), RETRY_3, NO_TRIP, null);

    assertThatThrownBy(() -> join(router().chatAsync(embedding, call(), ctx)))
        .isInstanceOfSatisfying(
            RoutingException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CAPABILITY_UNSUPPORTED))
        .hasMessage("model 'vectors': serves embedding (expected: chat)");
  }

  @Test
  void chat_clientThrowsUnexpectedly_failsAsInternalWithoutFallback() {
    a.failing(new IllegalStateException("bug"));

    assertThatThrownBy(() -> join(router().chatAsync(chatModel(routeA, routeB), call(), ctx)))
        .isInstanceOfSatisfying(
            RoutingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL))
        .hasMessage("route 'a/model-a': provider client failed (IllegalStateException)");
    assertThat(b.calls()).isZero();
  }

  @Test
  void embed_503OnFirstRoute_fallsBackAfterRetries() {
    a.failing(status(503), status(503), status(503));
    ModelConfig embedding =
        new ModelConfig(
            "vectors", ModelKind.EMBEDDING, List.of(routeA, routeB), RETRY_3, NO_TRIP, null);

    Routed<EmbeddingResponse> routed =
        join(
            router()
                .embedAsync(
                    embedding,
                    "req-9",
                    new EmbeddingRequest("vectors", List.of("x"), null, null),
                    ctx));

    assertThat(routed.route()).isEqualTo(routeB);
    assertThat(routed.value().model()).isEqualTo("model-b");
    assertThat(a.embedCalls).extracting(EmbeddingRequest::model).containsOnly("model-a");
  }

  // --- streams ---

  private static final StreamEvent STARTED = new StreamEvent.Started("s1", "model-b", 0);
  private static final StreamEvent HELLO = new StreamEvent.TextDelta(0, "hello");

  @Test
  void stream_streamCallFails_fallsBackBeforeFirstEvent() {
    RetryConfig once = new RetryConfig(1, Duration.ZERO, Duration.ZERO);
    a.streamThrows(status(503));
    b.streamOf(STARTED, HELLO);

    Routed<ChatStream> routed =
        router().stream(chatModel(once, NO_TRIP, routeA, routeB), call(), ctx);

    assertThat(routed.route()).isEqualTo(routeB);
    try (ChatStream s = routed.value()) {
      assertThat(s.next()).isEqualTo(STARTED);
      assertThat(s.next()).isEqualTo(HELLO);
      assertThat(s.next()).isNull();
    }
  }

  @Test
  void stream_firstEventFails_closesAndFallsBack() {
    RetryConfig once = new RetryConfig(1, Duration.ZERO, Duration.ZERO);
    a.streamOf(UpstreamException.io("connection reset", false, new RuntimeException()));
    b.streamOf(STARTED);

    Routed<AsyncChatStream> routed =
        join(router().streamAsync(chatModel(once, NO_TRIP, routeA, routeB), call(), ctx));

    assertThat(routed.route()).isEqualTo(routeB);
    assertThat(a.streams).singleElement().satisfies(s -> assertThat(s.closed).isTrue());
    assertThat(routed.attempts())
        .extracting(Attempt::outcome)
        .containsExactly("upstream.unavailable", "ok");
  }

  @Test
  void stream_failureAfterFirstEvent_reachesCallerWithoutFallback() {
    UpstreamException broken = UpstreamException.io("idle timeout", true, new RuntimeException());
    a.streamOf(STARTED, HELLO, broken);

    Routed<AsyncChatStream> routed =
        join(router().streamAsync(chatModel(routeA, routeB), call(), ctx));

    AsyncChatStream s = routed.value();
    assertThat(next(s)).isEqualTo(STARTED);
    assertThat(next(s)).isEqualTo(HELLO);
    assertThatThrownBy(() -> next(s)).isSameAs(broken);
    s.close();
    assertThat(a.streamCalls).hasSize(1);
    assertThat(b.calls()).isZero();
  }

  @Test
  void stream_retryableBeforeFirstEvent_retriesSameRoute() {
    a.streamThrows(status(503)).streamOf(STARTED);

    Routed<AsyncChatStream> routed =
        join(router().streamAsync(chatModel(routeA, routeB), call(), ctx));

    assertThat(routed.route()).isEqualTo(routeA);
    assertThat(a.streamCalls).hasSize(2);
    assertThat(next(routed.value())).isEqualTo(STARTED);
  }

  // --- circuit breaker ---

  @Test
  void chat_breakerOpened_routeSkippedAsCircuitOpen() {
    RetryConfig once = new RetryConfig(1, Duration.ZERO, Duration.ZERO);
    BreakerConfig two = new BreakerConfig(2, Duration.ofSeconds(30));
    ModelConfig model = chatModel(once, two, routeA, routeB);
    a.failing(status(503), status(503));
    Router router = router();
    join(router.chatAsync(model, call(), ctx));
    join(router.chatAsync(model, call(), ctx));
    assertThat(router.breakerStates()).containsEntry("a/model-a", BreakerState.OPEN);

    Routed<ChatResponse> routed = join(router.chatAsync(model, call(), ctx));

    assertThat(a.chatCalls).hasSize(2);
    assertThat(routed.route()).isEqualTo(routeB);
    assertThat(routed.attempts())
        .containsExactly(
            new Attempt("a/model-a", ErrorCode.CIRCUIT_OPEN, Duration.ZERO),
            new Attempt("b/model-b", null, Duration.ZERO));
    assertThat(listener.breakerChanges).containsExactly("a/model-a:CLOSED->OPEN");
  }

  @Test
  void chat_breakerAfterOpenPeriod_trialSuccessCloses() {
    RetryConfig once = new RetryConfig(1, Duration.ZERO, Duration.ZERO);
    BreakerConfig one = new BreakerConfig(1, Duration.ofSeconds(30));
    ModelConfig model = chatModel(once, one, routeA, routeB);
    a.failing(status(503));
    Router router = router();
    join(router.chatAsync(model, call(), RouteContext.of("justice", T0.plusSeconds(600))));
    clock.advance(Duration.ofSeconds(30));

    Routed<ChatResponse> routed =
        join(router.chatAsync(model, call(), RouteContext.of("justice", T0.plusSeconds(600))));

    assertThat(routed.route()).isEqualTo(routeA);
    assertThat(router.breakerStates()).containsEntry("a/model-a", BreakerState.CLOSED);
    assertThat(listener.breakerChanges)
        .containsExactly(
            "a/model-a:CLOSED->OPEN", "a/model-a:OPEN->HALF_OPEN", "a/model-a:HALF_OPEN->CLOSED");
  }

  @Test
  void chat_rejectedRequests_doNotOpenBreaker() {
    BreakerConfig one = new BreakerConfig(1, Duration.ofSeconds(30));
    ModelConfig model = chatModel(RETRY_3, one, routeA);
    a.failing(status(400), status(400));
    Router router = router();

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> join(router.chatAsync(model, call(), ctx)))
          .isInstanceOf(RoutingException.class);
    }

    assertThat(router.breakerStates()).containsEntry("a/model-a", BreakerState.CLOSED);
  }

  @Test
  void chat_breakerSharedAcrossAliasesUsingSameRoute() {
    RetryConfig once = new RetryConfig(1, Duration.ZERO, Duration.ZERO);
    BreakerConfig one = new BreakerConfig(1, Duration.ofSeconds(30));
    a.failing(status(503));
    Router router = router();
    join(router.chatAsync(chatModel(once, one, routeA, routeB), call(), ctx));
    ModelConfig other =
        new ModelConfig("other", ModelKind.CHAT, List.of(routeA, routeC), once, one, null);

    Routed<ChatResponse> routed = join(router.chatAsync(other, call(), ctx));

    assertThat(routed.route()).isEqualTo(routeC);
    assertThat(a.chatCalls).hasSize(1);
  }

  // --- capacity ---

  private Router pooled(int maxConcurrency, int maxQueue) {
    Map<String, ProviderConfig> providers = new HashMap<>();
    providers.put(
        "a", provider("a", new Capacity(maxConcurrency, maxQueue, Duration.ofMillis(5)), Map.of()));
    return builder().providers(providers).departmentWeights(Map.of("justice", 2)).build();
  }

  @Test
  void stream_pooledRoute_permitHeldUntilClosed() {
    Router router = pooled(1, 0);

    Routed<AsyncChatStream> routed = join(router.streamAsync(chatModel(routeA), call(), ctx));
    assertThat(statsA(router)).isEqualTo(new PoolStats(1, 0, 1, 0));

    routed.value().close();

    assertThat(statsA(router)).isEqualTo(new PoolStats(0, 0, 1, 0));
    assertThat(a.streams).singleElement().satisfies(s -> assertThat(s.closed).isTrue());
  }

  @Test
  void stream_pooledRoute_permitReleasedAtEndOfStream() {
    Router router = pooled(1, 0);
    a.streamOf(STARTED, HELLO);

    AsyncChatStream s = join(router.streamAsync(chatModel(routeA), call(), ctx)).value();
    next(s);
    next(s);
    assertThat(statsA(router).inFlight()).isEqualTo(1);
    assertThat(next(s)).isNull();

    assertThat(statsA(router).inFlight()).isZero();
    s.close();
    assertThat(statsA(router).inFlight()).isZero();
  }

  @Test
  void stream_pooledRouteFull_fallsBackToNextRoute() {
    Router router = pooled(1, 0);
    AsyncChatStream held = join(router.streamAsync(chatModel(routeA), call(), ctx)).value();

    Routed<AsyncChatStream> routed =
        join(router.streamAsync(chatModel(routeA, routeB), call(), ctx));

    assertThat(routed.route()).isEqualTo(routeB);
    assertThat(routed.attempts())
        .extracting(Attempt::outcome)
        .containsExactly("capacity.queue_full", "ok");
    held.close();
    routed.value().close();
  }

  @Test
  void chat_pooledRouteQueueTimesOut_reportsQueueTimeout() {
    Router router = pooled(1, 5);
    AsyncChatStream held = join(router.streamAsync(chatModel(routeA), call(), ctx)).value();

    assertThatThrownBy(() -> join(router.chatAsync(chatModel(routeA), call(), ctx)))
        .isInstanceOfSatisfying(
            RoutingException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.QUEUE_TIMEOUT));
    assertThat(statsA(router)).isEqualTo(new PoolStats(1, 0, 1, 5));
    held.close();
  }

  @Test
  void chat_pooledRouteFailure_releasesPermit() {
    Router router = pooled(1, 0);
    a.failing(status(503), status(503), status(503));

    assertThatThrownBy(() -> join(router.chatAsync(chatModel(routeA), call(), ctx)))
        .isInstanceOf(RoutingException.class);

    assertThat(statsA(router).inFlight()).isZero();
  }

  @Test
  void chat_pooledRoute_concurrentCallersNeverExceedMaxConcurrency() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    CountDownLatch finish = new CountDownLatch(1);
    CountDownLatch threeQueued = new CountDownLatch(1);
    CountDownLatch twoInside = new CountDownLatch(2);
    ProviderClient blocking =
        new ProviderClient() {
          @Override
          public ChatResponse chat(ProviderCall call) {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            twoInside.countDown();
            try {
              finish.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return new ChatResponse("ok", call.request().model(), 0, List.of(), Usage.ZERO, null);
          }

          @Override
          public ChatStream stream(ProviderCall call) {
            throw new UnsupportedOperationException();
          }

          @Override
          public EmbeddingResponse embed(String requestId, EmbeddingRequest request) {
            throw new UnsupportedOperationException();
          }
        };
    Router router =
        Router.builder()
            .clients(Map.of("a", blocking))
            .providers(
                Map.of("a", provider("a", new Capacity(2, 10, Duration.ofSeconds(30)), Map.of())))
            .clock(clock)
            .listener(
                new RouterListener() {
                  @Override
                  public void onQueueDepthChange(String pool, int depth) {
                    if (depth == 3) {
                      threeQueued.countDown();
                    }
                  }
                })
            .build();
    AtomicInteger succeeded = new AtomicInteger();
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      callers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    router.chat(chatModel(routeA), call(), ctx);
                    succeeded.incrementAndGet();
                  }));
    }

    assertThat(threeQueued.await(10, TimeUnit.SECONDS)).isTrue();
    // Both permit holders are inside the upstream call before any is let go: otherwise the first
    // could finish before the second got in, and the peak would prove nothing.
    assertThat(twoInside.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(statsA(router)).isEqualTo(new PoolStats(2, 3, 2, 10));
    finish.countDown();
    for (Thread caller : callers) {
      caller.join(10_000);
    }

    assertThat(succeeded).hasValue(5);
    assertThat(peak).hasValue(2);
    assertThat(statsA(router)).isEqualTo(new PoolStats(0, 0, 2, 10));
  }

  // --- builder ---

  @Test
  void builder_optionSetTwice_failsLoudly() {
    Router.Builder builder = Router.builder().clock(clock);

    assertThatThrownBy(() -> builder.clock(clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("clock was already set to");
  }

  @Test
  void builder_withoutClients_fails() {
    assertThatThrownBy(() -> Router.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("clients: not set (expected: a client per provider)");
  }

  @Test
  void builder_departmentWeightZero_rejects() {
    assertThatThrownBy(() -> builder().departmentWeights(Map.of("justice", 0)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("department-weights.justice: 0 (expected: >= 1)");
  }

  @Test
  void chat_listenerThrows_routingUnaffected() {
    Router router =
        Router.builder()
            .clients(Map.of("a", a))
            .clock(clock)
            .listener(
                new RouterListener() {
                  @Override
                  public void onAttempt(Attempt attempt) {
                    throw new IllegalStateException("broken metrics");
                  }
                })
            .build();

    assertThat(join(router.chatAsync(chatModel(routeA), call(), ctx)).route()).isEqualTo(routeA);
  }

  @Test
  void chat_weightedRoutesOfOnePriority_spreadByWeight() {
    RouteConfig heavy = route("a", "model-a", 1, 2);
    RouteConfig light = route("b", "model-b", 1, 1);
    Router router = router();
    int heavyCount = 0;
    for (int i = 0; i < 3_000; i++) {
      if (join(router.chatAsync(chatModel(heavy, light), call(), ctx)).route().equals(heavy)) {
        heavyCount++;
      }
    }
    assertThat(heavyCount).isBetween(1_850, 2_150);
  }

  // --- asynchronous behaviour ---

  @Test
  void chatAsync_slowClient_stageReturnedBeforeTheAnswer() {
    CompletableFuture<ChatResponse> upstream = new CompletableFuture<>();
    a.answering(upstream);

    CompletionStage<Routed<ChatResponse>> stage =
        router().chatAsync(chatModel(routeA, routeB), call(), ctx);

    assertThat(stage.toCompletableFuture()).isNotDone();
    assertThat(a.chatCalls).hasSize(1);
    upstream.complete(Fakes.answer("late", "model-a"));
    assertThat(join(stage).value().id()).isEqualTo("late");
    assertThat(join(stage).attempts()).extracting(Attempt::outcome).containsExactly("ok");
  }

  @Test
  void chatAsync_answer_completesOnTheThreadThatCompletedTheProviderCall() throws Exception {
    CompletableFuture<ChatResponse> upstream = new CompletableFuture<>();
    a.answering(upstream);
    CompletableFuture<String> continuedOn =
        router()
            .chatAsync(chatModel(routeA), call(), ctx)
            .thenApply(routed -> Thread.currentThread().getName())
            .toCompletableFuture();

    Thread transport =
        Thread.ofPlatform()
            .name("transport-1")
            .start(() -> upstream.complete(Fakes.answer("x", "model-a")));
    transport.join(10_000);

    assertThat(continuedOn).isCompletedWithValue("transport-1");
  }

  @Test
  void chatAsync_slowClientFails_waitsOnTheTimerThenRetries() {
    ManualTimer manual = new ManualTimer(true);
    Router router =
        Router.builder()
            .clients(Map.of("a", a, "b", b))
            .clock(clock)
            .random(new SplittableRandom(1))
            .timer(manual)
            .build();
    CompletableFuture<ChatResponse> first = new CompletableFuture<>();
    a.answering(first);

    CompletionStage<Routed<ChatResponse>> stage =
        router.chatAsync(chatModel(routeA, routeB), call(), ctx);
    first.completeExceptionally(status(503));

    assertThat(stage.toCompletableFuture()).isNotDone();
    assertThat(manual.waits).hasSize(1);
    assertThat(a.chatCalls).hasSize(1);
    manual.fire(0);
    assertThat(join(stage).route()).isEqualTo(routeA);
    assertThat(a.chatCalls).hasSize(2);
  }

  @Test
  void chatAsync_embeddingAlias_failsTheStageInsteadOfThrowing() {
    ModelConfig embedding =
        new ModelConfig("vectors", ModelKind.EMBEDDING, List.of(routeA), RETRY_3, NO_TRIP, null);

    CompletionStage<Routed<ChatResponse>> stage = router().chatAsync(embedding, call(), ctx);

    assertThat(stage.toCompletableFuture())
        .failsWithin(Duration.ZERO)
        .withThrowableThat()
        .havingCause()
        .isInstanceOf(RoutingException.class);
  }

  @Test
  void chatAsync_thousandsOfSynchronousFailures_doNotGrowTheStack() throws Exception {
    int attempts = 20_000;
    RuntimeException[] failures = new RuntimeException[attempts - 1];
    Arrays.fill(failures, status(503));
    a.failing(failures);
    ModelConfig model =
        chatModel(
            new RetryConfig(attempts, Duration.ZERO, Duration.ZERO),
            new BreakerConfig(Integer.MAX_VALUE, Duration.ofSeconds(30)),
            routeA);

    Routed<ChatResponse> routed =
        router()
            .chatAsync(model, call(), RouteContext.of("justice", T0.plusSeconds(60)))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);

    assertThat(routed.attempts()).hasSize(attempts);
    assertThat(timer.waits).hasSize(attempts - 1);
  }

  @Test
  void chatAsync_thousandsOfRoutesFailingSynchronously_doNotGrowTheStack() throws Exception {
    RetryConfig once = new RetryConfig(1, Duration.ZERO, Duration.ZERO);
    List<RouteConfig> routes = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      routes.add(route("a", "m" + i, i, 1));
      a.failing(status(401));
    }
    routes.add(route("b", "last", 5_000, 1));
    ModelConfig model = new ModelConfig("many", ModelKind.CHAT, routes, once, NO_TRIP, null);

    Routed<ChatResponse> routed =
        router().chatAsync(model, call(), ctx).toCompletableFuture().get(10, TimeUnit.SECONDS);

    assertThat(routed.route().provider()).isEqualTo("b");
    assertThat(routed.attempts()).hasSize(5_001);
  }

  @Test
  void streamAsync_firstEventFailsLater_closesAndFallsBack() {
    RetryConfig once = new RetryConfig(1, Duration.ZERO, Duration.ZERO);
    CompletableFuture<StreamEvent> firstEvent = new CompletableFuture<>();
    a.streamOf(firstEvent);
    b.streamOf(STARTED, HELLO);

    CompletionStage<Routed<AsyncChatStream>> stage =
        router().streamAsync(chatModel(once, NO_TRIP, routeA, routeB), call(), ctx);
    assertThat(stage.toCompletableFuture()).isNotDone();
    assertThat(b.calls()).isZero();
    firstEvent.completeExceptionally(
        UpstreamException.io("connection reset", false, new RuntimeException()));

    Routed<AsyncChatStream> routed = join(stage);
    assertThat(routed.route()).isEqualTo(routeB);
    assertThat(a.streams).singleElement().satisfies(s -> assertThat(s.closed).isTrue());
    assertThat(next(routed.value())).isEqualTo(STARTED);
    assertThat(next(routed.value())).isEqualTo(HELLO);
    assertThat(next(routed.value())).isNull();
  }

  @Test
  void streamAsync_pooledRoute_permitReleasedWhenStreamFailsAfterFirstEvent() {
    Router router = pooled(1, 0);
    UpstreamException broken = UpstreamException.io("idle timeout", true, new RuntimeException());
    CompletableFuture<StreamEvent> second = new CompletableFuture<>();
    a.streamOf(STARTED, second);
    AsyncChatStream s = join(router.streamAsync(chatModel(routeA), call(), ctx)).value();
    assertThat(next(s)).isEqualTo(STARTED);
    CompletableFuture<@Nullable StreamEvent> pending = s.next().toCompletableFuture();
    assertThat(statsA(router).inFlight()).isEqualTo(1);

    second.completeExceptionally(broken);

    assertThat(pending).isCompletedExceptionally();
    assertThat(statsA(router).inFlight()).isZero();
    s.close();
    assertThat(statsA(router).inFlight()).isZero();
  }

  @Test
  void streamAsync_pooledRouteEmptyStream_permitReleasedAtOnce() {
    Router router = pooled(1, 0);
    a.streamOf();

    AsyncChatStream s = join(router.streamAsync(chatModel(routeA), call(), ctx)).value();

    assertThat(statsA(router).inFlight()).isZero();
    assertThat(next(s)).isNull();
  }

  private Router pooledManually(int maxConcurrency, int maxQueue, Timer timer) {
    return Router.builder()
        .clients(Map.of("a", a, "b", b))
        .providers(
            Map.of(
                "a",
                provider(
                    "a", new Capacity(maxConcurrency, maxQueue, Duration.ofSeconds(30)), Map.of())))
        .departmentWeights(Map.of("justice", 2))
        .clock(clock)
        .random(new SplittableRandom(1))
        .timer(timer)
        .listener(listener)
        .build();
  }

  private static ProviderCall callWithId(String requestId) {
    return new ProviderCall(requestId, Fakes.call().request(), Map.of());
  }

  @Test
  void chatAsync_queuedCall_proceedsWhenTheHolderFinishesWithoutAThreadWaiting() {
    Router router = pooledManually(1, 5, new ManualTimer(true));
    CompletableFuture<ChatResponse> holding = new CompletableFuture<>();
    a.answering(holding);
    CompletionStage<Routed<ChatResponse>> first = router.chatAsync(chatModel(routeA), call(), ctx);

    CompletionStage<Routed<ChatResponse>> second = router.chatAsync(chatModel(routeA), call(), ctx);

    assertThat(second.toCompletableFuture()).isNotDone();
    assertThat(a.chatCalls).hasSize(1);
    assertThat(statsA(router)).isEqualTo(new PoolStats(1, 1, 1, 5));
    holding.complete(Fakes.answer("first", "model-a"));
    assertThat(join(first).value().id()).isEqualTo("first");
    assertThat(join(second).route()).isEqualTo(routeA);
    assertThat(statsA(router)).isEqualTo(new PoolStats(0, 0, 1, 5));
  }

  @Test
  void chatAsync_queuedCallsOfTwoDepartments_servedInWeightedFairOrder() {
    Router router = pooledManually(1, 20, new ManualTimer(true));
    List<CompletableFuture<ChatResponse>> answers = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      CompletableFuture<ChatResponse> answer = new CompletableFuture<>();
      answers.add(answer);
      a.answering(answer);
    }
    RouteContext health = RouteContext.of("health", ctx.deadline());
    List<CompletionStage<Routed<ChatResponse>>> stages = new ArrayList<>();
    stages.add(router.chatAsync(chatModel(routeA), callWithId("holder"), health));
    for (String id : List.of("j1", "j2", "j3")) {
      stages.add(router.chatAsync(chatModel(routeA), callWithId(id), ctx));
    }
    for (String id : List.of("h1", "h2")) {
      stages.add(router.chatAsync(chatModel(routeA), callWithId(id), health));
    }
    stages.add(router.chatAsync(chatModel(routeA), callWithId("j4"), ctx));

    for (int i = 0; i < 7; i++) {
      answers.get(i).complete(Fakes.answer("answer-" + i, "model-a"));
    }

    assertThat(a.chatCalls)
        .extracting(ProviderCall::requestId)
        .containsExactly("holder", "j1", "j2", "h1", "j3", "j4", "h2");
    assertThat(stages).allSatisfy(st -> assertThat(st.toCompletableFuture()).isCompleted());
    assertThat(statsA(router)).isEqualTo(new PoolStats(0, 0, 1, 20));
  }

  @Test
  void chatAsync_queuedCallTimesOut_failsAsQueueTimeoutAndLeaksNoPermit() {
    ManualTimer manual = new ManualTimer(true);
    Router router = pooledManually(1, 5, manual);
    CompletableFuture<ChatResponse> holding = new CompletableFuture<>();
    a.answering(holding);
    router.chatAsync(chatModel(routeA), call(), ctx);
    CompletionStage<Routed<ChatResponse>> queued = router.chatAsync(chatModel(routeA), call(), ctx);
    clock.advance(Duration.ofSeconds(30));

    manual.fire(0);

    assertThatThrownBy(() -> join(queued))
        .isInstanceOfSatisfying(
            RoutingException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.QUEUE_TIMEOUT);
              assertThat(e.attempts())
                  .containsExactly(
                      new Attempt("a/model-a", ErrorCode.QUEUE_TIMEOUT, Duration.ofSeconds(30)));
            });
    assertThat(a.chatCalls).hasSize(1);
    holding.complete(Fakes.answer("first", "model-a"));
    assertThat(statsA(router)).isEqualTo(new PoolStats(0, 0, 1, 5));
  }

  @Test
  void chatAsync_cancelledWhileQueued_leavesQueueAndNeverCalls() {
    Router router = pooledManually(1, 5, new ManualTimer(true));
    CompletableFuture<ChatResponse> holding = new CompletableFuture<>();
    a.answering(holding);
    router.chatAsync(chatModel(routeA), call(), ctx);
    CompletionStage<Routed<ChatResponse>> queued = router.chatAsync(chatModel(routeA), call(), ctx);

    queued.toCompletableFuture().cancel(false);

    assertThat(statsA(router)).isEqualTo(new PoolStats(1, 0, 1, 5));
    holding.complete(Fakes.answer("first", "model-a"));
    assertThat(a.chatCalls).hasSize(1);
    assertThat(statsA(router)).isEqualTo(new PoolStats(0, 0, 1, 5));
  }

  @Test
  void streamAsync_cancelledWhileFirstEventPending_closesTheLateStreamAndFreesThePermit() {
    Router router = pooledManually(1, 5, new ManualTimer(true));
    CompletableFuture<StreamEvent> firstEvent = new CompletableFuture<>();
    a.streamOf(firstEvent);
    CompletionStage<Routed<AsyncChatStream>> stage =
        router.streamAsync(chatModel(routeA), call(), ctx);

    stage.toCompletableFuture().cancel(false);
    firstEvent.complete(STARTED);

    assertThat(a.streams).singleElement().satisfies(s -> assertThat(s.closed).isTrue());
    assertThat(statsA(router)).isEqualTo(new PoolStats(0, 0, 1, 5));
  }

  @Test
  void chatAsync_cancelledDuringBackoff_makesNoFurtherAttempt() {
    ManualTimer manual = new ManualTimer(true);
    Router router = pooledManually(1, 5, manual);
    a.failing(status(503));
    CompletionStage<Routed<ChatResponse>> stage =
        router.chatAsync(chatModel(routeA, routeB), call(), ctx);
    assertThat(manual.waits).hasSize(1);

    stage.toCompletableFuture().cancel(false);

    assertThat(manual.cancelled()).isEqualTo(1);
    assertThat(a.chatCalls).hasSize(1);
    assertThat(b.calls()).isZero();
    assertThat(statsA(router)).isEqualTo(new PoolStats(0, 0, 1, 5));
  }

  // --- blocking wrappers ---

  @Test
  void chat_blocking_returnsTheRoutedAnswer() {
    a.failing(status(503));

    Routed<ChatResponse> routed = router().chat(chatModel(routeA, routeB), call(), ctx);

    assertThat(routed.value().id()).isEqualTo("a-answer");
    assertThat(routed.attempts())
        .extracting(Attempt::outcome)
        .containsExactly("upstream.error", "ok");
  }

  @Test
  void chat_blockingFailure_throwsTheRoutingException() {
    a.failing(status(400));

    assertThatThrownBy(() -> router().chat(chatModel(routeA, routeB), call(), ctx))
        .isInstanceOfSatisfying(
            RoutingException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_REJECTED));
  }

  @Test
  void embed_blocking_returnsTheRoutedVectors() {
    ModelConfig embedding =
        new ModelConfig("vectors", ModelKind.EMBEDDING, List.of(routeA), RETRY_3, NO_TRIP, null);

    Routed<EmbeddingResponse> routed =
        router()
            .embed(
                embedding, "req-9", new EmbeddingRequest("vectors", List.of("x"), null, null), ctx);

    assertThat(routed.value().model()).isEqualTo("model-a");
  }

  @Test
  void stream_blockingPooled_permitReleasedWhenClosed() {
    Router router = pooled(1, 0);
    a.streamOf(STARTED, HELLO);

    ChatStream s = router.stream(chatModel(routeA), call(), ctx).value();
    assertThat(s.next()).isEqualTo(STARTED);
    assertThat(statsA(router).inFlight()).isEqualTo(1);
    s.close();

    assertThat(statsA(router).inFlight()).isZero();
  }
}
