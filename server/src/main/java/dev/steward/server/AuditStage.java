package dev.steward.server;

import dev.steward.audit.AuditEntry;
import dev.steward.audit.AuditEntry.Decision;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Commits the exchange's request record to the transparency log before any upstream call: the
 * request goes on only once its record is durable, and is refused with {@code audit.unavailable}
 * (503) when the log cannot commit it — no record, no call. Once the exchange has ended (for a
 * stream, when it ends or breaks) its completion record follows.
 */
final class AuditStage implements Stage {
  private final AuditTrail trail;

  AuditStage(AuditTrail trail) {
    this.trail = trail;
  }

  @Override
  public String name() {
    return "audit (request record)";
  }

  @Override
  public CompletionStage<Reply> handle(Exchange ex, Next next) {
    // The log acknowledges on its own thread; the request goes on where it was (its event loop),
    // so routing never runs on, or queues behind, the log's acknowledgements.
    Executor here = Loops.here();
    return trail
        .commitRequest(ex, Decision.ALLOW, AuditEntry.OK)
        .thenComposeAsync(
            index -> {
              ex.onComplete(() -> trail.commitCompletion(ex));
              return next.proceed(ex);
            },
            here);
  }
}
