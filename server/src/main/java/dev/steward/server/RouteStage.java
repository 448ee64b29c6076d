package dev.steward.server;

import dev.steward.config.ModelConfig;
import dev.steward.core.AsyncChatStream;
import dev.steward.core.ChatRequest;
import dev.steward.core.EmbeddingRequest;
import dev.steward.core.Futures;
import dev.steward.core.ProviderCall;
import dev.steward.core.StreamEvent;
import dev.steward.routing.RouteContext;
import dev.steward.routing.Router;
import dev.steward.routing.RoutingException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The last stage: hands the call to the router, which tries the eligible routes in order (with
 * retries, fallbacks before the first byte, circuit breakers and capacity queues) through the
 * provider adapters. It records the route taken and the usage reported on the exchange.
 */
final class RouteStage implements Stage {
  private final Router router;
  private final InstantSource clock;
  private final Duration deadline;

  RouteStage(Router router, InstantSource clock, Duration deadline) {
    this.router = router;
    this.clock = clock;
    this.deadline = deadline;
  }

  @Override
  public String name() {
    return "route → provider";
  }

  @Override
  public CompletionStage<Reply> handle(Exchange ex, Next next) {
    ModelConfig model = ex.model();
    if (model == null) {
      throw new IllegalStateException("route stage reached without a model");
    }
    Set<String> eligible = ex.eligibleRoutes();
    RouteContext ctx =
        new RouteContext(
            ex.requirePrincipal().department(),
            eligible == null ? route -> true : route -> eligible.contains(route.id()),
            clock.instant().plus(deadline));
    CompletionStage<Reply> reply =
        switch (ex.endpoint()) {
          case CHAT -> chat(ex, model, ctx);
          case EMBEDDINGS -> embeddings(ex, model, ctx);
          case MODELS -> throw new IllegalStateException("models are not routed");
        };
    return reply.whenComplete(
        (r, t) -> {
          if (t != null && Futures.unwrap(t) instanceof RoutingException e) {
            ex.attempts(e.attempts().size());
          }
        });
  }

  private CompletionStage<Reply> chat(Exchange ex, ModelConfig model, RouteContext ctx) {
    ChatRequest request = ex.requireChat();
    ProviderCall call = new ProviderCall(ex.requestId(), request, ex.directives());
    if (request.stream()) {
      return router
          .streamAsync(model, call, ctx)
          .thenApply(
              routed -> {
                ex.routed(routed.route(), routed.attempts().size());
                ex.poolTime(routed.poolTime());
                return new Reply.Stream(new ObservedStream(routed.value(), ex));
              });
    }
    return router
        .chatAsync(model, call, ctx)
        .thenApply(
            routed -> {
              ex.routed(routed.route(), routed.attempts().size());
              ex.poolTime(routed.poolTime());
              ex.usage(routed.value().usage());
              ex.upstreamVersion(routed.value().model());
              return new Reply.Chat(routed.value());
            });
  }

  private CompletionStage<Reply> embeddings(Exchange ex, ModelConfig model, RouteContext ctx) {
    EmbeddingRequest request = ex.embedding();
    if (request == null) {
      throw new IllegalStateException("no embedding request on this exchange");
    }
    return router
        .embedAsync(model, ex.requestId(), request, ctx)
        .thenApply(
            routed -> {
              ex.routed(routed.route(), routed.attempts().size());
              ex.poolTime(routed.poolTime());
              ex.usage(routed.value().usage());
              ex.upstreamVersion(routed.value().model());
              return new Reply.Embeddings(routed.value());
            });
  }

  /**
   * Notes the first event's time, the model version the provider reported and the final usage as a
   * stream passes through.
   */
  private static final class ObservedStream implements AsyncChatStream {
    private final AsyncChatStream inner;
    private final Exchange ex;

    ObservedStream(AsyncChatStream inner, Exchange ex) {
      this.inner = inner;
      this.ex = ex;
    }

    @Override
    public CompletionStage<@Nullable StreamEvent> next() {
      return inner
          .next()
          .thenApply(
              e -> {
                if (e != null) {
                  ex.markFirstToken(System.nanoTime());
                  if (e instanceof StreamEvent.UsageReported u) {
                    ex.usage(u.usage());
                  } else if (e instanceof StreamEvent.Started s) {
                    ex.upstreamVersion(s.model());
                  }
                }
                return e;
              });
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
