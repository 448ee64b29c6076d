package dev.steward.routing;

import dev.steward.config.ModelConfig;
import dev.steward.config.ModelKind;
import dev.steward.config.ProviderConfig;
import dev.steward.config.RouteConfig;
import dev.steward.core.ChatResponse;
import dev.steward.core.ChatStream;
import dev.steward.core.EmbeddingRequest;
import dev.steward.core.EmbeddingResponse;
import dev.steward.core.ErrorCode;
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
import java.util.concurrent.ConcurrentHashMap;
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
 * capacity pools are per provider. Thread-safe; calls block the calling (virtual) thread.
 */
public final class Router {
  private static final Logger log = LoggerFactory.getLogger(Router.class);

  private final Map<String, ProviderClient> clients;
  private final Map<String, ProviderConfig> providers;
  private final InstantSource clock;
  private final RandomGenerator random;
  private final Sleeper sleeper;
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
    this.sleeper = b.sleeper == null ? Sleeper.system() : b.sleeper;
    this.listener = new SafeListener(b.listener == null ? RouterListener.NOOP : b.listener);
    this.retryAfterCap = b.retryAfterCap;
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
                    listener));
          }
        });
    this.pools = Map.copyOf(pools);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A complete chat answer from the first route that gives one. */
  public Routed<ChatResponse> chat(ModelConfig model, ProviderCall call, RouteContext ctx) {
    requireKind(model, ModelKind.CHAT);
    return new Run<>(
            model,
            ctx,
            new Op<ChatResponse, ChatResponse>() {
              @Override
              public ChatResponse invoke(ProviderClient client, RouteConfig route) {
                return client.chat(addressed(call, route));
              }

              @Override
              public ChatResponse finish(ChatResponse value, Permit permit) {
                permit.release();
                return value;
              }
            })
        .execute();
  }

  /**
   * A streamed chat answer. The router pulls the first event itself, so any failure up to it is
   * retried or falls back; later failures reach the caller from {@link ChatStream#next()}. The
   * route's capacity permit is held until the stream ends, fails or is closed: the caller must
   * close it.
   */
  public Routed<ChatStream> stream(ModelConfig model, ProviderCall call, RouteContext ctx) {
    requireKind(model, ModelKind.CHAT);
    return new Run<>(
            model,
            ctx,
            new Op<Primed, ChatStream>() {
              @Override
              public Primed invoke(ProviderClient client, RouteConfig route) {
                ChatStream upstream = client.stream(addressed(call, route));
                try {
                  return new Primed(upstream.next(), upstream);
                } catch (RuntimeException | Error e) {
                  closeQuietly(upstream, route);
                  throw e;
                }
              }

              @Override
              public ChatStream finish(Primed value, Permit permit) {
                return new PrimedStream(value.first(), value.upstream(), permit);
              }
            })
        .execute();
  }

  /** Vectors from the first route that gives them. */
  public Routed<EmbeddingResponse> embed(
      ModelConfig model, String requestId, EmbeddingRequest request, RouteContext ctx) {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(request, "request");
    requireKind(model, ModelKind.EMBEDDING);
    return new Run<>(
            model,
            ctx,
            new Op<EmbeddingResponse, EmbeddingResponse>() {
              @Override
              public EmbeddingResponse invoke(ProviderClient client, RouteConfig route) {
                return client.embed(requestId, request.withModel(route.model()));
              }

              @Override
              public EmbeddingResponse finish(EmbeddingResponse value, Permit permit) {
                permit.release();
                return value;
              }
            })
        .execute();
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
    return new ProviderCall(call.requestId(), call.request().withModel(route.model()), directives);
  }

  private static void requireKind(ModelConfig model, ModelKind kind) {
    if (model.kind() != kind) {
      throw new RoutingException(
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
  }

  private static void closeQuietly(ChatStream stream, RouteConfig route) {
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

  private static Disposition dispositionOf(RuntimeException e) {
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
    A invoke(ProviderClient client, RouteConfig route);

    /** Takes over the permit: releases it now, or when the value is done with. */
    T finish(A value, Permit permit);
  }

  private record Primed(@Nullable StreamEvent first, ChatStream upstream) {}

  /** One routed call's state: the attempts so far and the error that would be reported. */
  private final class Run<A, T> {
    private final ModelConfig model;
    private final RouteContext ctx;
    private final Op<A, T> op;
    private final List<Attempt> attempts = new ArrayList<>();
    private @Nullable StewardException last;

    Run(ModelConfig model, RouteContext ctx, Op<A, T> op) {
      this.model = Objects.requireNonNull(model, "model");
      this.ctx = Objects.requireNonNull(ctx, "ctx");
      this.op = op;
    }

    Routed<T> execute() {
      List<RouteConfig> order = RouteOrder.of(model.routes(), ctx.eligible(), random);
      if (order.isEmpty()) {
        throw new RoutingException(
            ErrorCode.UPSTREAM_UNAVAILABLE,
            "model '%s': no eligible route".formatted(model.alias()),
            null,
            null,
            null,
            List.of());
      }
      try {
        for (RouteConfig route : order) {
          Routed<T> routed = tryRoute(route);
          if (routed != null) {
            return routed;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RoutingException(
            ErrorCode.UPSTREAM_UNAVAILABLE,
            "model '%s': interrupted while waiting for a retry or a capacity slot"
                .formatted(model.alias()),
            null,
            null,
            e,
            attempts);
      }
      StewardException cause = Objects.requireNonNull(last, "last");
      throw new RoutingException(
          cause.code(),
          "model '%s': every eligible route failed (%d attempts); last: %s"
              .formatted(model.alias(), attempts.size(), cause.getMessage()),
          cause.param(),
          cause.retryAfter(),
          cause,
          attempts);
    }

    /** The answer from this route, or null to move on to the next one. */
    private @Nullable Routed<T> tryRoute(RouteConfig route) throws InterruptedException {
      ProviderClient client = clients.get(route.provider());
      if (client == null) {
        log.warn("route '{}': no client for provider '{}'", route.id(), route.provider());
        skip(
            route,
            new StewardException(
                ErrorCode.UPSTREAM_UNAVAILABLE,
                "route '%s': provider '%s' has no client".formatted(route.id(), route.provider())),
            Duration.ZERO);
        return null;
      }
      CircuitBreaker breaker =
          breakers.computeIfAbsent(route.id(), id -> new CircuitBreaker(id, listener));
      CapacityPool pool = pools.get(route.provider());
      for (int n = 1; ; n++) {
        checkDeadline();
        CircuitBreaker.Pass pass = breaker.tryAcquire(clock.instant());
        if (pass == CircuitBreaker.Pass.DENIED) {
          skip(
              route,
              new StewardException(
                  ErrorCode.CIRCUIT_OPEN, "route '%s': circuit open".formatted(route.id())),
              Duration.ZERO);
          return null;
        }
        Permit permit = Permit.NONE;
        if (pool != null) {
          Instant queued = clock.instant();
          try {
            permit = pool.acquire(ctx.department(), remaining());
          } catch (StewardException e) {
            breaker.onNeutral(pass);
            skip(route, e, Duration.between(queued, clock.instant()));
            return null;
          } catch (InterruptedException e) {
            breaker.onNeutral(pass);
            throw e;
          }
        }
        Instant started = clock.instant();
        A value;
        try {
          value = op.invoke(client, route);
        } catch (RuntimeException e) {
          permit.release();
          Disposition disposition = dispositionOf(e);
          StewardException error = asSteward(e, route);
          record(route, error.code(), Duration.between(started, clock.instant()));
          switch (disposition) {
            case RETRY -> breaker.onFailure(pass, model.breaker(), clock.instant());
            case NEXT_ROUTE, FAIL -> breaker.onNeutral(pass);
          }
          if (disposition == Disposition.FAIL) {
            throw new RoutingException(
                error.code(),
                Objects.requireNonNullElse(error.getMessage(), error.code().reason()),
                error.param(),
                error.retryAfter(),
                e,
                attempts);
          }
          last = error;
          if (disposition == Disposition.NEXT_ROUTE || n >= model.retry().maxAttempts()) {
            return null;
          }
          Duration wait = waitBeforeRetry(error, n, route);
          if (wait == null) {
            return null;
          }
          sleeper.sleep(wait);
          continue;
        } catch (Error e) {
          permit.release();
          breaker.onNeutral(pass);
          throw e;
        }
        breaker.onSuccess(pass);
        record(route, null, Duration.between(started, clock.instant()));
        return new Routed<>(op.finish(value, permit), route, attempts);
      }
    }

    /**
     * How long to wait before the next attempt on the route, or null to fall back at once: when the
     * upstream asks for a longer wait than the cap, or the wait would pass the deadline.
     */
    private @Nullable Duration waitBeforeRetry(
        StewardException error, int failed, RouteConfig route) {
      Duration wait = Backoff.jittered(model.retry(), failed, random);
      Duration retryAfter = error.retryAfter();
      if (retryAfter != null) {
        Duration cap = retryAfterCap != null ? retryAfterCap : defaultRetryAfterCap();
        if (retryAfter.compareTo(cap) > 0) {
          log.debug(
              "route '{}': Retry-After {} ms exceeds cap {} ms, falling back",
              route.id(),
              retryAfter.toMillis(),
              cap.toMillis());
          return null;
        }
        if (retryAfter.compareTo(wait) > 0) {
          wait = retryAfter;
        }
      }
      if (wait.compareTo(remaining()) >= 0) {
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

    private void checkDeadline() {
      if (!clock.instant().isBefore(ctx.deadline())) {
        throw new RoutingException(
            ErrorCode.UPSTREAM_TIMEOUT,
            "model '%s': deadline passed after %d attempts"
                .formatted(model.alias(), attempts.size()),
            null,
            null,
            last,
            attempts);
      }
    }

    private Duration remaining() {
      Duration left = Duration.between(clock.instant(), ctx.deadline());
      return left.isNegative() ? Duration.ZERO : left;
    }

    private void skip(RouteConfig route, StewardException reason, Duration took) {
      last = reason;
      record(route, reason.code(), took);
    }

    private void record(RouteConfig route, @Nullable ErrorCode error, Duration took) {
      Attempt attempt = new Attempt(route.id(), error, took.isNegative() ? Duration.ZERO : took);
      attempts.add(attempt);
      log.debug("model '{}': route '{}' {}", model.alias(), route.id(), attempt.outcome());
      listener.onAttempt(attempt);
    }

    private StewardException asSteward(RuntimeException e, RouteConfig route) {
      if (e instanceof StewardException s) {
        return s;
      }
      log.warn("route '{}': provider client failed unexpectedly", route.id(), e);
      return new StewardException(
          ErrorCode.INTERNAL,
          "route '%s': provider client failed (%s)"
              .formatted(route.id(), e.getClass().getSimpleName()),
          null,
          null,
          e);
    }
  }

  /** Builds a {@link Router}; each option may be set once. Only the clients are required. */
  public static final class Builder {
    private @Nullable Map<String, ProviderClient> clients;
    private @Nullable Map<String, ProviderConfig> providers;
    private @Nullable Map<String, Integer> departmentWeights;
    private @Nullable InstantSource clock;
    private @Nullable RandomGenerator random;
    private @Nullable Sleeper sleeper;
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

    /** Waits between attempts. Default: {@link Sleeper#system()}. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = once(this.sleeper, sleeper, "sleeper");
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
