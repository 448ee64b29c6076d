package dev.steward.routing;

import dev.steward.config.ModelConfig;
import dev.steward.config.ModelKind;
import dev.steward.config.ProviderConfig;
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
import dev.steward.core.StewardException;
import dev.steward.core.StreamEvent;
import dev.steward.core.UpstreamException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one call to a model alias over the alias's routes.
 *
 * <ol>
 *   <li>Order: the routes the context finds eligible (the others are never tried), by priority,
 *       then in weighted random order within a priority; weight-0 routes only after the others of
 *       their priority.
 *   <li>Each route: skipped while its {@link BreakerState circuit} is open; on a self-hosted pool,
 *       a permit from its fair capacity queue; then the call, addressed to the route's upstream
 *       model with the route's configured options as directives (the call's own win).
 *   <li>A retryable upstream error is retried on the same route up to {@code max-attempts}, after
 *       an exponential backoff with full jitter, or at least the upstream's {@code Retry-After};
 *       when that is longer than the cap, or would pass the deadline, the router moves on to the
 *       next route instead of waiting. A route that is unusable for this request (circuit open,
 *       queue full or timed out, credentials or model refused by the provider, a capability it
 *       lacks) is left for the next route without retry. A rejected request ({@link
 *       ErrorCode#UPSTREAM_REJECTED}) or any other error goes straight to the caller.
 *   <li>Streams fall back only before the first event: the router pulls it before answering.
 * </ol>
 *
 * <p>Every failure is a {@link RoutingException} carrying the deciding error's code and the
 * attempts made. Circuit breakers are per route ({@code provider/model}), shared across aliases;
 * capacity pools are per provider.
 *
 * <p>The asynchronous methods never block: waits (backoff, {@code Retry-After}, a capacity queue)
 * go through the {@link Timer}, and their stages complete on the thread that completed what the
 * router last waited for (the provider's transport, the timer, or the caller that released a
 * capacity permit). Cancelling a returned stage's {@code toCompletableFuture()} stops the routing:
 * no further attempt and the capacity queue left; a call already sent runs on, and its answer is
 * disposed of (a stream closed, its permit released). The blocking methods wait for them, for
 * callers with their own thread. Thread-safe.
 */
public final class Router {
  private static final Logger log = LoggerFactory.getLogger(Router.class);

  private final Map<String, ProviderClient> clients;
  private final Map<String, ProviderConfig> providers;
  private final InstantSource clock;
  private final RandomGenerator random;
  private final Timer timer;
  private final RouterListener listener;
  private final @Nullable Duration retryAfterCap;
  private final Map<String, CapacityPool> pools;
  private final ConcurrentHashMap<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

  private Router(Builder b) {
    this.clients = Map.copyOf(Objects.requireNonNull(b.clients, "clients were not set"));
    this.providers = b.providers == null ? Map.of() : Map.copyOf(b.providers);
    Map<String, Integer> weights =
        b.departmentWeights == null ? Map.of() : Map.copyOf(b.departmentWeights);
    weights.forEach(
        (department, weight) -> {
          if (weight < 1) {
            throw new IllegalArgumentException(
                "department-weights." + department + ": " + weight + " (expected: >= 1)");
          }
        });
    this.clock = b.clock == null ? InstantSource.system() : b.clock;
    this.random = new LockedRandom(b.random == null ? new SplittableRandom() : b.random);
    this.timer = b.timer == null ? Timer.system() : b.timer;
    this.listener = new SafeListener(b.listener == null ? RouterListener.NOOP : b.listener);
    this.retryAfterCap = b.retryAfterCap;
    InstantSource poolClock = this.clock;
    // The pools share their time by wall-clock differences: from the injected clock when there is
    // one (so tests control it), else from the monotonic nanosecond timer.
    LongSupplier nanos =
        b.clock == null
            ? System::nanoTime
            : () -> {
              Instant now = poolClock.instant();
              return now.getEpochSecond() * 1_000_000_000L + now.getNano();
            };
    Map<String, CapacityPool> pools = new HashMap<>();
    providers.forEach(
        (name, provider) -> {
          if (provider.capacity() != null) {
            pools.put(
                name,
                new CapacityPool(
                    name,
                    provider.capacity(),
                    department -> weights.getOrDefault(department, 1),
                    listener,
                    timer,
                    nanos));
          }
        });
    this.pools = Map.copyOf(pools);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A complete chat answer from the first route that gives one. */
  public CompletionStage<Routed<ChatResponse>> chatAsync(
      ModelConfig model, ProviderCall call, RouteContext ctx) {
    Objects.requireNonNull(call, "call");
    return route(
        model,
        ModelKind.CHAT,
        ctx,
        Op.<ChatResponse>whole((client, route) -> client.chatAsync(addressed(call, route))));
  }

  /**
   * A streamed chat answer. The router pulls the first event itself, so any failure up to it is
   * retried or falls back; later failures reach the caller from {@link AsyncChatStream#next()}. The
   * route's capacity permit is held until the stream ends, fails or is closed: the caller must
   * close it.
   */
  public CompletionStage<Routed<AsyncChatStream>> streamAsync(
      ModelConfig model, ProviderCall call, RouteContext ctx) {
    Objects.requireNonNull(call, "call");
    return route(
        model,
        ModelKind.CHAT,
        ctx,
        new Op<Primed, AsyncChatStream>() {
          @Override
          public CompletionStage<Primed> invoke(ProviderClient client, RouteConfig route) {
            return client
                .streamAsync(addressed(call, route))
                .thenCompose(upstream -> prime(upstream, route));
          }

          @Override
          public AsyncChatStream finish(Primed value, Permit permit) {
            return new PrimedStream(value.first(), value.upstream(), permit);
          }

          @Override
          public void discard(AsyncChatStream value) {
            value.close();
          }
        });
  }

  /** Vectors from the first route that gives them. */
  public CompletionStage<Routed<EmbeddingResponse>> embedAsync(
      ModelConfig model, String requestId, EmbeddingRequest request, RouteContext ctx) {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(request, "request");
    return route(
        model,
        ModelKind.EMBEDDING,
        ctx,
        Op.<EmbeddingResponse>whole(
            (client, route) -> client.embedAsync(requestId, request.withModel(route.model()))));
  }

  /**
   * {@link #chatAsync}, waiting on the calling (virtual) thread. Never call it on an event loop.
   */
  public Routed<ChatResponse> chat(ModelConfig model, ProviderCall call, RouteContext ctx) {
    return await(model, chatAsync(model, call, ctx));
  }

  /**
   * {@link #streamAsync}, waiting on the calling (virtual) thread for the answer and then for each
   * event. Never call it on an event loop.
   */
  public Routed<ChatStream> stream(ModelConfig model, ProviderCall call, RouteContext ctx) {
    Routed<AsyncChatStream> routed = await(model, streamAsync(model, call, ctx));
    return new Routed<>(
        AsyncChatStream.blocking(routed.value()),
        routed.route(),
        routed.attempts(),
        routed.poolTime());
  }

  /**
   * {@link #embedAsync}, waiting on the calling (virtual) thread. Never call it on an event loop.
   */
  public Routed<EmbeddingResponse> embed(
      ModelConfig model, String requestId, EmbeddingRequest request, RouteContext ctx) {
    return await(model, embedAsync(model, requestId, request, ctx));
  }

  /** The state of every route's circuit breaker used so far, by route id. */
  public Map<String, BreakerState> breakerStates() {
    Map<String, BreakerState> states = new TreeMap<>();
    breakers.forEach((id, breaker) -> states.put(id, breaker.state()));
    return states;
  }

  /** Each capacity pool's state, by provider name. */
  public Map<String, PoolStats> poolStats() {
    Map<String, PoolStats> stats = new TreeMap<>();
    pools.forEach((name, pool) -> stats.put(name, pool.stats()));
    return stats;
  }

  private <A, T> CompletionStage<Routed<T>> route(
      ModelConfig model, ModelKind kind, RouteContext ctx, Op<A, T> op) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(ctx, "ctx");
    if (model.kind() != kind) {
      return CompletableFuture.failedFuture(wrongKind(model, kind));
    }
    Run<A, T> run = new Run<>(model, ctx, op);
    run.start();
    return run;
  }

  private static <T> T await(ModelConfig model, CompletionStage<T> stage) {
    try {
      return Futures.join(stage);
    } catch (CancellationException e) {
      stage.toCompletableFuture().cancel(false);
      if (!Thread.currentThread().isInterrupted()) {
        throw e;
      }
      throw new RoutingException(
          ErrorCode.UPSTREAM_UNAVAILABLE,
          "model '%s': interrupted while waiting for an answer".formatted(model.alias()),
          null,
          null,
          e,
          List.of());
    }
  }

  private ProviderCall addressed(ProviderCall call, RouteConfig route) {
    Map<String, String> directives = call.directives();
    ProviderConfig provider = providers.get(route.provider());
    if (provider != null) {
      Map<String, String> options = provider.optionsFor(route.model());
      if (!options.isEmpty()) {
        Map<String, String> merged = new HashMap<>(options);
        merged.putAll(call.directives());
        directives = merged;
      }
    }
    return new ProviderCall(
        call.requestId(), call.request().withModel(route.model()), directives, call.headers());
  }

  /** Pulls a stream's first event; a failure up to it closes the stream and fails the attempt. */
  private static CompletionStage<Primed> prime(AsyncChatStream upstream, RouteConfig route) {
    CompletionStage<@Nullable StreamEvent> first;
    try {
      first = upstream.next();
    } catch (RuntimeException e) {
      closeQuietly(upstream, route);
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Primed> primed = new CompletableFuture<>();
    first.whenComplete(
        (event, error) -> {
          if (error != null) {
            closeQuietly(upstream, route);
            primed.completeExceptionally(error);
          } else {
            primed.complete(new Primed(event, upstream));
          }
        });
    return primed;
  }

  private static RoutingException wrongKind(ModelConfig model, ModelKind kind) {
    return new RoutingException(
        ErrorCode.CAPABILITY_UNSUPPORTED,
        "model '%s': serves %s (expected: %s)"
            .formatted(
                model.alias(),
                model.kind().name().toLowerCase(Locale.ROOT),
                kind.name().toLowerCase(Locale.ROOT)),
        "model",
        null,
        null,
        List.of());
  }

  private static void closeQuietly(AsyncChatStream stream, RouteConfig route) {
    try {
      stream.close();
    } catch (RuntimeException e) {
      log.debug("route '{}': closing a failed stream failed too", route.id(), e);
    }
  }

  /** What the router does after an error. */
  private enum Disposition {
    /** Retry the route, then fall back. */
    RETRY,
    /** The route cannot serve this request: fall back without retrying. */
    NEXT_ROUTE,
    /** The request itself is at fault, or something unexpected broke: tell the caller. */
    FAIL
  }

  private static Disposition dispositionOf(Throwable e) {
    if (e instanceof UpstreamException u) {
      if (u.retryable()) {
        return Disposition.RETRY;
      }
      return u.code() == ErrorCode.UPSTREAM_REJECTED ? Disposition.FAIL : Disposition.NEXT_ROUTE;
    }
    if (e instanceof StewardException s && s.code() == ErrorCode.CAPABILITY_UNSUPPORTED) {
      return Disposition.NEXT_ROUTE;
    }
    return Disposition.FAIL;
  }

  /** One kind of call: the provider call, and what becomes of its value and permit on success. */
  private interface Op<A, T> {
    CompletionStage<A> invoke(ProviderClient client, RouteConfig route);

    /** Takes over the permit: releases it now, or when the value is done with. */
    T finish(A value, Permit permit);

    /** Disposes of a finished value nobody will take (the caller cancelled). */
    void discard(T value);

    /** A call whose answer is complete when it arrives: the permit goes back at once. */
    static <V> Op<V, V> whole(BiFunction<ProviderClient, RouteConfig, CompletionStage<V>> call) {
      return new Op<>() {
        @Override
        public CompletionStage<V> invoke(ProviderClient client, RouteConfig route) {
          return call.apply(client, route);
        }

        @Override
        public V finish(V value, Permit permit) {
          permit.release();
          return value;
        }

        @Override
        public void discard(V value) {}
      };
    }
  }

  private record Primed(@Nullable StreamEvent first, AsyncChatStream upstream) {}

  /** Where a {@link Run} goes next. */
  private enum Step {
    NEXT_ROUTE,
    ATTEMPT,
    PERMITTED,
    ANSWERED,
    /** Nothing to do now: the run is complete, or a callback resumes it. */
    PAUSE
  }

  /**
   * One routed call: a state machine over the route order, and the stage the caller holds. Steps
   * that can go on at once do so in a loop; a step that must wait for a stage that is not complete
   * yet registers a callback that resumes the loop, so a run never holds a thread and its stack
   * stays flat however many attempts complete synchronously. One thread at a time drives a run; the
   * completion of the awaited stage hands it to the next.
   */
  private final class Run<A, T> extends CompletableFuture<Routed<T>> {
    private final ModelConfig model;
    private final RouteContext ctx;
    private final Op<A, T> op;
    private final List<Attempt> attempts = new ArrayList<>();
    private @Nullable StewardException last;
    private List<RouteConfig> order = List.of();
    private int nextRoute;

    // the route being tried
    private @Nullable RouteConfig route;
    private @Nullable ProviderClient client;
    private @Nullable CircuitBreaker breaker;
    private @Nullable CapacityPool pool;
    private int tries;

    // the attempt in progress
    private CircuitBreaker.Pass pass = CircuitBreaker.Pass.DENIED;
    private Permit permit = Permit.NONE;
    private Instant started = Instant.EPOCH;
    private @Nullable Permit granted;
    private @Nullable A answer;
    private @Nullable Throwable failure;

    /** A wait to cancel when the caller cancels the run. */
    private volatile @Nullable CompletableFuture<?> waiting;

    Run(ModelConfig model, RouteContext ctx, Op<A, T> op) {
      this.model = model;
      this.ctx = ctx;
      this.op = op;
    }

    void start() {
      try {
        order = RouteOrder.of(model.routes(), ctx.eligible(), random);
      } catch (RuntimeException e) {
        completeExceptionally(e);
        return;
      }
      if (order.isEmpty()) {
        completeExceptionally(
            new RoutingException(
                ErrorCode.UPSTREAM_UNAVAILABLE,
                "model '%s': no eligible route".formatted(model.alias()),
                null,
                null,
                null,
                List.of()));
        return;
      }
      resume(Step.NEXT_ROUTE);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      CompletableFuture<?> w = waiting;
      if (cancelled && w != null) {
        w.cancel(false);
      }
      return cancelled;
    }

    private void resume(Step from) {
      Step step = from;
      try {
        while (step != Step.PAUSE) {
          step =
              switch (step) {
                case NEXT_ROUTE -> nextRoute();
                case ATTEMPT -> attempt();
                case PERMITTED -> permitted();
                case ANSWERED -> answered();
                case PAUSE -> Step.PAUSE;
              };
        }
      } catch (RuntimeException | Error e) {
        permit.release();
        log.error("model '{}': routing failed unexpectedly", model.alias(), e);
        completeExceptionally(e);
      }
    }

    private Step nextRoute() {
      if (nextRoute == order.size()) {
        StewardException cause = Objects.requireNonNull(last, "last");
        completeExceptionally(
            new RoutingException(
                cause.code(),
                "model '%s': every eligible route failed (%d attempts); last: %s"
                    .formatted(model.alias(), attempts.size(), cause.getMessage()),
                cause.param(),
                cause.retryAfter(),
                cause,
                attempts));
        return Step.PAUSE;
      }
      RouteConfig r = order.get(nextRoute++);
      route = r;
      client = clients.get(r.provider());
      if (client == null) {
        log.warn("route '{}': no client for provider '{}'", r.id(), r.provider());
        skip(
            new StewardException(
                ErrorCode.UPSTREAM_UNAVAILABLE,
                "route '%s': provider '%s' has no client".formatted(r.id(), r.provider())),
            Duration.ZERO);
        return Step.NEXT_ROUTE;
      }
      CircuitBreaker b = breakers.get(r.id());
      breaker =
          b != null ? b : breakers.computeIfAbsent(r.id(), id -> new CircuitBreaker(id, listener));
      pool = pools.get(r.provider());
      tries = 0;
      return Step.ATTEMPT;
    }

    @SuppressWarnings("FutureReturnValueIgnored") // the callback handles every outcome itself
    private Step attempt() {
      if (isDone()) {
        return Step.PAUSE;
      }
      tries++;
      Instant now = clock.instant();
      if (!now.isBefore(ctx.deadline())) {
        completeExceptionally(
            new RoutingException(
                ErrorCode.UPSTREAM_TIMEOUT,
                "model '%s': deadline passed after %d attempts"
                    .formatted(model.alias(), attempts.size()),
                null,
                null,
                last,
                attempts));
        return Step.PAUSE;
      }
      pass = breaker().tryAcquire(now);
      if (pass == CircuitBreaker.Pass.DENIED) {
        skip(
            new StewardException(
                ErrorCode.CIRCUIT_OPEN, "route '%s': circuit open".formatted(route().id())),
            Duration.ZERO);
        return Step.NEXT_ROUTE;
      }
      CapacityPool p = pool;
      if (p == null) {
        return call(Permit.NONE, now);
      }
      started = now;
      CompletableFuture<Permit> acquired = p.acquireAsync(ctx.department(), remaining(now));
      if (acquired.isDone()) {
        failure = failureOf(acquired);
        granted = failure == null ? acquired.resultNow() : null;
        return Step.PERMITTED;
      }
      cancelWithRun(acquired);
      acquired.whenComplete(
          (value, error) -> {
            granted = value;
            failure = error;
            resume(Step.PERMITTED);
          });
      return Step.PAUSE;
    }

    private Step permitted() {
      Permit p = granted;
      Throwable error = failure;
      granted = null;
      failure = null;
      if (p == null || error != null) {
        breaker().onNeutral(pass);
        if (isDone()) {
          return Step.PAUSE;
        }
        skip(asSteward(unwrap(error)), Duration.between(started, clock.instant()));
        return Step.NEXT_ROUTE;
      }
      if (isDone()) {
        p.release();
        breaker().onNeutral(pass);
        return Step.PAUSE;
      }
      return call(p, clock.instant());
    }

    private Step call(Permit p, Instant now) {
      permit = p;
      started = now;
      CompletionStage<A> stage;
      try {
        stage = op.invoke(client(), route());
      } catch (RuntimeException e) {
        stage = CompletableFuture.failedFuture(e);
      }
      if (stage instanceof CompletableFuture<A> f && f.isDone()) {
        failure = failureOf(f);
        answer = failure == null ? f.resultNow() : null;
        return Step.ANSWERED;
      }
      stage.whenComplete(
          (value, error) -> {
            answer = value;
            failure = error;
            resume(Step.ANSWERED);
          });
      return Step.PAUSE;
    }

    @SuppressWarnings("FutureReturnValueIgnored") // the callback handles every outcome itself
    private Step answered() {
      A value = answer;
      Throwable error = failure;
      answer = null;
      failure = null;
      if (error == null && value == null) {
        error = new NullPointerException("provider client completed without a value");
      }
      RouteConfig r = route();
      CircuitBreaker b = breaker();
      if (error == null && value != null) {
        b.onSuccess(pass);
        record(null, Duration.between(started, clock.instant()));
        Permit used = permit;
        T result = op.finish(value, used);
        permit = Permit.NONE;
        if (!complete(new Routed<>(result, r, attempts, used.poolTime()))) {
          op.discard(result);
        }
        return Step.PAUSE;
      }
      permit.release();
      permit = Permit.NONE;
      Throwable cause = unwrap(error);
      if (cause instanceof Error e) {
        b.onNeutral(pass);
        completeExceptionally(e);
        return Step.PAUSE;
      }
      Disposition disposition = dispositionOf(cause);
      StewardException reason = asSteward(cause);
      record(reason.code(), Duration.between(started, clock.instant()));
      switch (disposition) {
        case RETRY -> b.onFailure(pass, model.breaker(), clock.instant());
        case NEXT_ROUTE, FAIL -> b.onNeutral(pass);
      }
      if (disposition == Disposition.FAIL) {
        completeExceptionally(
            new RoutingException(
                reason.code(),
                Objects.requireNonNullElse(reason.getMessage(), reason.code().reason()),
                reason.param(),
                reason.retryAfter(),
                cause,
                attempts));
        return Step.PAUSE;
      }
      last = reason;
      if (disposition == Disposition.NEXT_ROUTE || tries >= model.retry().maxAttempts()) {
        return Step.NEXT_ROUTE;
      }
      Duration wait = waitBeforeRetry(reason, tries, r);
      if (wait == null) {
        return Step.NEXT_ROUTE;
      }
      CompletableFuture<Void> elapsed = timer.after(wait).toCompletableFuture();
      if (elapsed.isDone()) {
        return Step.ATTEMPT;
      }
      cancelWithRun(elapsed);
      elapsed.whenComplete((ignored, e) -> resume(Step.ATTEMPT));
      return Step.PAUSE;
    }

    /** Notes a wait so that cancelling the run cancels it too. */
    private void cancelWithRun(CompletableFuture<?> wait) {
      waiting = wait;
      if (isCancelled()) {
        wait.cancel(false);
      }
    }

    /**
     * How long to wait before the next attempt on the route, or null to fall back at once: when the
     * upstream asks for a longer wait than the cap, or the wait would pass the deadline.
     */
    private @Nullable Duration waitBeforeRetry(StewardException error, int failed, RouteConfig r) {
      Duration wait = Backoff.jittered(model.retry(), failed, random);
      Duration retryAfter = error.retryAfter();
      if (retryAfter != null) {
        Duration cap = retryAfterCap != null ? retryAfterCap : defaultRetryAfterCap();
        if (retryAfter.compareTo(cap) > 0) {
          log.debug(
              "route '{}': Retry-After {} ms exceeds cap {} ms, falling back",
              r.id(),
              retryAfter.toMillis(),
              cap.toMillis());
          return null;
        }
        if (retryAfter.compareTo(wait) > 0) {
          wait = retryAfter;
        }
      }
      if (wait.compareTo(remaining(clock.instant())) >= 0) {
        return null;
      }
      return wait;
    }

    private Duration defaultRetryAfterCap() {
      try {
        return model.retry().maxBackoff().multipliedBy(4);
      } catch (ArithmeticException e) {
        return model.retry().maxBackoff();
      }
    }

    private Duration remaining(Instant now) {
      Duration left = Duration.between(now, ctx.deadline());
      return left.isNegative() ? Duration.ZERO : left;
    }

    private void skip(StewardException reason, Duration took) {
      last = reason;
      record(reason.code(), took);
    }

    private void record(@Nullable ErrorCode error, Duration took) {
      Attempt attempt = new Attempt(route().id(), error, took.isNegative() ? Duration.ZERO : took);
      attempts.add(attempt);
      if (log.isDebugEnabled()) {
        log.debug("model '{}': route '{}' {}", model.alias(), attempt.routeId(), attempt.outcome());
      }
      listener.onAttempt(attempt);
    }

    private StewardException asSteward(Throwable e) {
      if (e instanceof StewardException s) {
        return s;
      }
      log.warn("route '{}': provider client failed unexpectedly", route().id(), e);
      return new StewardException(
          ErrorCode.INTERNAL,
          "route '%s': provider client failed (%s)"
              .formatted(route().id(), e.getClass().getSimpleName()),
          null,
          null,
          e);
    }

    private RouteConfig route() {
      return Objects.requireNonNull(route, "route");
    }

    private ProviderClient client() {
      return Objects.requireNonNull(client, "client");
    }

    private CircuitBreaker breaker() {
      return Objects.requireNonNull(breaker, "breaker");
    }
  }

  private static @Nullable Throwable failureOf(CompletableFuture<?> done) {
    return switch (done.state()) {
      case SUCCESS -> null;
      case FAILED -> done.exceptionNow();
      case CANCELLED, RUNNING -> new CancellationException();
    };
  }

  private static Throwable unwrap(@Nullable Throwable t) {
    return t == null ? new CancellationException() : Futures.unwrap(t);
  }

  /** Builds a {@link Router}; each option may be set once. Only the clients are required. */
  public static final class Builder {
    private @Nullable Map<String, ProviderClient> clients;
    private @Nullable Map<String, ProviderConfig> providers;
    private @Nullable Map<String, Integer> departmentWeights;
    private @Nullable InstantSource clock;
    private @Nullable RandomGenerator random;
    private @Nullable Timer timer;
    private @Nullable RouterListener listener;
    private @Nullable Duration retryAfterCap;

    private Builder() {}

    /** The client of each provider, by provider name (the routes' {@code provider}). */
    public Builder clients(Map<String, ProviderClient> byProviderName) {
      this.clients = once(clients, byProviderName, "clients");
      return this;
    }

    /**
     * Provider configurations by name: their capacity pools and per-model options. Default: none
     * (no pools, no options).
     */
    public Builder providers(Map<String, ProviderConfig> byName) {
      this.providers = once(providers, byName, "providers");
      return this;
    }

    /** Each department's weight (>= 1) in the fair capacity queues. Default: 1 for every one. */
    public Builder departmentWeights(Map<String, Integer> byDepartmentId) {
      this.departmentWeights = once(departmentWeights, byDepartmentId, "departmentWeights");
      return this;
    }

    /** Time for breakers, deadlines and attempt durations. Default: the system clock. */
    public Builder clock(InstantSource clock) {
      this.clock = once(this.clock, clock, "clock");
      return this;
    }

    /** Route order and jitter. Default: a randomly seeded {@link SplittableRandom}. */
    public Builder random(RandomGenerator random) {
      this.random = once(this.random, random, "random");
      return this;
    }

    /**
     * Waits before retries and bounds capacity-queue waits, without holding a thread. Default:
     * {@link Timer#system()}; the gateway passes one on its event loop's timers.
     */
    public Builder timer(Timer timer) {
      this.timer = once(this.timer, timer, "timer");
      return this;
    }

    /** Observes attempts, breaker states and queue depths. Default: {@link RouterListener#NOOP}. */
    public Builder listener(RouterListener listener) {
      this.listener = once(this.listener, listener, "listener");
      return this;
    }

    /**
     * The longest {@code Retry-After} the router waits for before retrying a route; a longer one
     * makes it fall back to the next route. Default: four times the alias's max backoff.
     */
    public Builder retryAfterCap(Duration cap) {
      Objects.requireNonNull(cap, "retryAfterCap");
      if (cap.isNegative()) {
        throw new IllegalArgumentException("retryAfterCap: " + cap + " (expected: >= 0)");
      }
      this.retryAfterCap = once(retryAfterCap, cap, "retryAfterCap");
      return this;
    }

    public Router build() {
      if (clients == null) {
        throw new IllegalStateException("clients: not set (expected: a client per provider)");
      }
      return new Router(this);
    }

    private static <V> V once(@Nullable V current, V value, String name) {
      if (current != null) {
        throw new IllegalStateException(name + " was already set to " + current);
      }
      return Objects.requireNonNull(value, name);
    }
  }
}
