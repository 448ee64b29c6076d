package dev.steward.server;

import dev.steward.config.RouteConfig;
import dev.steward.config.StewardConfig;
import dev.steward.core.ChatRequest;
import dev.steward.store.LedgerRow;
import dev.steward.store.Principal;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CompletionStage;

/**
 * Registers the exchange's ledger row: written once the answer has ended (streams included), for
 * every authenticated exchange, allowed or refused. Tokens and cost are exactly what the provider
 * reported, priced from the configured table.
 */
final class LedgerStage implements Stage {
  /** The model recorded when the request named none (for example, its body did not parse). */
  static final String UNKNOWN_MODEL = "-";

  private final LedgerWriter writer;
  private final StewardConfig config;
  private final InstantSource clock;

  LedgerStage(LedgerWriter writer, StewardConfig config, InstantSource clock) {
    this.writer = writer;
    this.config = config;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "ledger";
  }

  @Override
  public CompletionStage<Reply> handle(Exchange ex, Next next) {
    Instant arrived = clock.instant().minusNanos(System.nanoTime() - ex.startNanos());
    ex.onComplete(() -> record(ex, arrived));
    return next.proceed(ex);
  }

  private void record(Exchange ex, Instant arrived) {
    Principal principal = ex.principal();
    if (principal == null) {
      return;
    }
    long end = System.nanoTime();
    RouteConfig route = ex.route();
    BigDecimal cost =
        route == null ? BigDecimal.ZERO : Costs.of(config.price(route.id()), ex.usage());
    ChatRequest chat = ex.chat();
    String alias = ex.requestedModel();
    writer.write(
        new LedgerRow(
            ex.requestId(),
            arrived,
            principal,
            ex.api().label(),
            ex.endpoint().label(),
            alias == null || alias.isBlank() ? UNKNOWN_MODEL : HttpFront.clip(alias),
            route == null ? null : route.id(),
            route == null ? null : route.model(),
            ex.outcome(),
            ex.status(),
            ex.usage().inputTokens(),
            ex.usage().outputTokens(),
            ex.usage().cachedInputTokens(),
            cost,
            (end - ex.startNanos()) / 1000,
            ex.firstTokenNanos() < 0 ? null : (ex.firstTokenNanos() - ex.startNanos()) / 1000,
            chat != null && chat.stream(),
            ex.attempts()));
  }
}
