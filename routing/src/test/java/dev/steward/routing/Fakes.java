package dev.steward.routing;

import dev.steward.config.BreakerConfig;
import dev.steward.config.Capacity;
import dev.steward.config.Classification;
import dev.steward.config.ModelConfig;
import dev.steward.config.ModelKind;
import dev.steward.config.Protocol;
import dev.steward.config.ProviderConfig;
import dev.steward.config.Residency;
import dev.steward.config.RetryConfig;
import dev.steward.config.RouteConfig;
import dev.steward.config.Timeouts;
import dev.steward.core.AsyncChatStream;
import dev.steward.core.ChatRequest;
import dev.steward.core.ChatResponse;
import dev.steward.core.ChatStream;
import dev.steward.core.Embedding;
import dev.steward.core.EmbeddingRequest;
import dev.steward.core.EmbeddingResponse;
import dev.steward.core.Futures;
import dev.steward.core.Message;
import dev.steward.core.ProviderCall;
import dev.steward.core.ProviderClient;
import dev.steward.core.Role;
import dev.steward.core.StreamEvent;
import dev.steward.core.UpstreamException;
import dev.steward.core.Usage;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/** In-memory fakes and fixtures for router tests. */
final class Fakes {
  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private Fakes() {}

  static RouteConfig route(String provider, String model, int priority, int weight) {
    return new RouteConfig(provider, model, priority, weight, null);
  }

  static ModelConfig chatModel(RetryConfig retry, BreakerConfig breaker, RouteConfig... routes) {
    return new ModelConfig("assistant", ModelKind.CHAT, List.of(routes), retry, breaker, null);
  }

  static ModelConfig chatModel(RouteConfig... routes) {
    return chatModel(
        new RetryConfig(3, Duration.ofMillis(100), Duration.ofSeconds(2)),
        new BreakerConfig(100, Duration.ofSeconds(30)),
        routes);
  }

  static ProviderCall call() {
    return new ProviderCall(
        "req-1",
        ChatRequest.builder("assistant").messages(List.of(Message.of(Role.USER, "hi"))).build(),
        Map.of());
  }

  static ProviderConfig provider(
      String name, @Nullable Capacity capacity, Map<String, Map<String, String>> modelOptions) {
    return new ProviderConfig(
        name,
        Protocol.OPENAI_COMPATIBLE,
        null,
        null,
        Residency.UK,
        Classification.OFFICIAL,
        true,
        Timeouts.DEFAULT,
        capacity,
        Map.of(),
        modelOptions);
  }

  static UpstreamException status(int status) {
    return UpstreamException.fromStatus(status, null, "upstream status " + status, null);
  }

  static UpstreamException rateLimited(Duration retryAfter) {
    return UpstreamException.fromStatus(429, null, "slow down", retryAfter);
  }

  /** A clock that moves only when told to. */
  static final class FakeClock implements InstantSource {
    private volatile Instant now = T0;

    @Override
    public Instant instant() {
      return now;
    }

    synchronized void advance(Duration d) {
      now = now.plus(d);
    }
  }

  /** Records each wait and advances the fake clock by it, then completes at once. */
  static final class RecordingTimer implements Timer {
    final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
    private final FakeClock clock;

    RecordingTimer(FakeClock clock) {
      this.clock = clock;
    }

    @Override
    public CompletionStage<Void> after(Duration delay) {
      waits.add(delay);
      clock.advance(delay);
      return CompletableFuture.completedFuture(null);
    }
  }

  /**
   * A timer whose waits complete only when a test fires them. A non-cancellable one ignores
   * cancellation, like a timer that fires anyway, so tests can race a firing against a grant.
   */
  static final class ManualTimer implements Timer {
    final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
    final List<CompletableFuture<Void>> pending = Collections.synchronizedList(new ArrayList<>());
    private final boolean cancellable;

    ManualTimer(boolean cancellable) {
      this.cancellable = cancellable;
    }

    @Override
    public CompletionStage<Void> after(Duration delay) {
      CompletableFuture<Void> wait =
          cancellable
              ? new CompletableFuture<>()
              : new CompletableFuture<>() {
                @Override
                public boolean cancel(boolean mayInterruptIfRunning) {
                  return false;
                }
              };
      waits.add(delay);
      pending.add(wait);
      return wait;
    }

    /** Fires the i-th wait asked for. */
    void fire(int i) {
      pending.get(i).complete(null);
    }

    /** How many waits were cancelled. */
    long cancelled() {
      return pending.stream().filter(CompletableFuture::isCancelled).count();
    }
  }

  /** Collects every listener callback. */
  static final class RecordingListener implements RouterListener {
    final List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());
    final List<String> breakerChanges = Collections.synchronizedList(new ArrayList<>());
    final List<Integer> depths = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onAttempt(Attempt attempt) {
      attempts.add(attempt);
    }

    @Override
    public void onBreakerStateChange(String routeId, BreakerState from, BreakerState to) {
      breakerChanges.add(routeId + ":" + from + "->" + to);
    }

    @Override
    public void onQueueDepthChange(String pool, int depth) {
      depths.add(depth);
    }
  }

  static ChatResponse answer(String id, String model) {
    return new ChatResponse(id, model, 0, List.of(), Usage.ZERO, null);
  }

  /**
   * A provider that answers from scripts, synchronously unless a script step is a future the test
   * completes by hand: each chat, stream or embed call takes the next scripted step, and answers
   * successfully once its script is used up.
   */
  static final class FakeClient implements ProviderClient {
    final String name;
    final List<ProviderCall> chatCalls = Collections.synchronizedList(new ArrayList<>());
    final List<ProviderCall> streamCalls = Collections.synchronizedList(new ArrayList<>());
    final List<EmbeddingRequest> embedCalls = Collections.synchronizedList(new ArrayList<>());
    final List<FakeStream> streams = Collections.synchronizedList(new ArrayList<>());
    private final Deque<Object> chatScripts = new ArrayDeque<>();
    private final Deque<Object> streamScripts = new ArrayDeque<>();

    FakeClient(String name) {
      this.name = name;
    }

    /** The next chat or embed calls fail with these, in order. */
    synchronized FakeClient failing(RuntimeException... errors) {
      chatScripts.addAll(List.of(errors));
      return this;
    }

    /** The next chat call answers with this future, completed by the test. */
    synchronized FakeClient answering(CompletableFuture<ChatResponse> answer) {
      chatScripts.add(answer);
      return this;
    }

    /** The next stream() call throws this. */
    synchronized FakeClient streamThrows(RuntimeException error) {
      streamScripts.add(error);
      return this;
    }

    /**
     * The next stream() call returns a stream of these items: events, errors to fail with, or
     * futures of an event that the test completes.
     */
    synchronized FakeClient streamOf(Object... items) {
      streamScripts.add(List.of(items));
      return this;
    }

    int calls() {
      return chatCalls.size() + streamCalls.size() + embedCalls.size();
    }

    @Override
    @SuppressWarnings("unchecked") // scripts hold futures of the type the call returns
    public CompletionStage<ChatResponse> chatAsync(ProviderCall call) {
      chatCalls.add(call);
      Object script;
      synchronized (this) {
        script = chatScripts.poll();
      }
      if (script instanceof RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
      if (script instanceof CompletableFuture<?> f) {
        return (CompletableFuture<ChatResponse>) f;
      }
      return CompletableFuture.completedFuture(answer(name + "-answer", call.request().model()));
    }

    @Override
    public CompletionStage<AsyncChatStream> streamAsync(ProviderCall call) {
      streamCalls.add(call);
      Object script;
      synchronized (this) {
        script = streamScripts.poll();
      }
      if (script instanceof RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
      List<?> items =
          script == null
              ? List.of(new StreamEvent.Started(name, call.request().model(), 0))
              : (List<?>) script;
      FakeStream stream = new FakeStream(items);
      streams.add(stream);
      return CompletableFuture.completedFuture(stream);
    }

    @Override
    public CompletionStage<EmbeddingResponse> embedAsync(
        String requestId, EmbeddingRequest request) {
      embedCalls.add(request);
      Object script;
      synchronized (this) {
        script = chatScripts.poll();
      }
      if (script instanceof RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
      return CompletableFuture.completedFuture(
          new EmbeddingResponse(
              request.model(), List.of(new Embedding(0, new float[] {0.5f})), Usage.ZERO));
    }

    @Override
    public ChatResponse chat(ProviderCall call) {
      return Futures.join(chatAsync(call));
    }

    @Override
    public ChatStream stream(ProviderCall call) {
      return AsyncChatStream.blocking(Futures.join(streamAsync(call)));
    }

    @Override
    public EmbeddingResponse embed(String requestId, EmbeddingRequest request) {
      return Futures.join(embedAsync(requestId, request));
    }
  }

  /** A scripted stream: yields events, fails with errors, records closing. */
  static final class FakeStream implements AsyncChatStream {
    private final Deque<Object> items;
    final AtomicBoolean closed = new AtomicBoolean();

    FakeStream(List<?> items) {
      this.items = new ArrayDeque<>(items);
    }

    @Override
    @SuppressWarnings("unchecked") // scripts hold futures of events
    public synchronized CompletionStage<@Nullable StreamEvent> next() {
      Object item = items.poll();
      if (item instanceof RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
      if (item instanceof CompletableFuture<?> f) {
        return (CompletableFuture<@Nullable StreamEvent>) f;
      }
      return CompletableFuture.completedFuture((StreamEvent) item);
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }
}
