package dev.steward.server;

import dev.steward.config.Capacity;
import dev.steward.config.ProviderConfig;
import dev.steward.config.RouteConfig;
import dev.steward.config.StewardConfig;
import dev.steward.core.ChatRequest;
import dev.steward.store.LedgerRow;
import dev.steward.store.Principal;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Registers the exchange's ledger row: written once the answer has ended (streams included), for
 * every authenticated exchange, allowed or refused. Tokens and cost are exactly what the provider
 * reported, priced from the configured table; on a self-hosted pool whose time is costed, its share
 * of the pool's busy time is added at the pool's GPU-hour rate (docs/decisions/0023). The row also
 * keeps what the guards redacted, by action and reason, never the content. An audited exchange's
 * row also holds where its records are in the transparency log and its commitment salt, so it waits
 * for the completion record to commit.
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
    CompletionStage<Duration> pool = ex.poolTime();
    if (pool == null) {
      record(ex, arrived, end, principal, Duration.ZERO);
      return;
    }
    // A stream's permit goes back when the stream ends or is closed, which is before the exchange
    // completes; should it not be, the row waits for the share to be known.
    CompletableFuture<Duration> share = pool.toCompletableFuture();
    if (share.isDone() && !share.isCompletedExceptionally()) {
      record(ex, arrived, end, principal, share.join());
      return;
    }
    share.whenComplete(
        (time, t) -> record(ex, arrived, end, principal, time == null ? Duration.ZERO : time));
  }

  private void record(
      Exchange ex, Instant arrived, long end, Principal principal, Duration poolTime) {
    if (!ex.audited()) {
      writer.write(row(ex, arrived, end, principal, null, poolTime));
      return;
    }
    String salt = ex.saltBase64();
    ex.auditCompletion()
        .whenComplete(
            (completion, t) -> {
              long request = ex.auditRequestIndex();
              writer.write(
                  row(
                      ex,
                      arrived,
                      end,
                      principal,
                      request < 0 ? null : new LedgerRow.Audit(request, completion, salt),
                      poolTime));
            });
  }

  private LedgerRow row(
      Exchange ex,
      Instant arrived,
      long end,
      Principal principal,
      LedgerRow.@Nullable Audit audit,
      Duration poolTime) {
    RouteConfig route = ex.route();
    BigDecimal cost = BigDecimal.ZERO;
    Long poolMicros = null;
    if (route != null) {
      cost = Costs.of(config.price(route.id()), ex.usage());
      ProviderConfig provider = config.providers().get(route.provider());
      Capacity capacity = provider == null ? null : provider.capacity();
      if (capacity != null) {
        poolMicros = poolTime.toNanos() / 1000;
        cost = cost.add(Costs.gpu(capacity, poolTime));
      }
    }
    ChatRequest chat = ex.chat();
    String alias = ex.requestedModel();
    return new LedgerRow(
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
        ex.attempts(),
        audit,
        ex.keyId().equals("-") ? null : ex.keyId(),
        poolMicros,
        GuardReport.ledgerText(ex.guardReport(), ex.outputGuardReport()));
  }
}
