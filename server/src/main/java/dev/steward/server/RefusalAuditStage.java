package dev.steward.server;

import dev.steward.audit.AuditEntry.Decision;
import dev.steward.core.Futures;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the decisions that stop an authenticated exchange before it reaches the {@link
 * AuditStage}: a body that does not parse, a model the use case may not call, and (later) policy
 * refusals. On the way back, a failure without a request record gets a {@code refuse} record with
 * its reason code, committed before the refusal is answered, so every authenticated exchange is in
 * the log. If the log cannot take it the refusal is still answered (nothing reached a model); the
 * failure is logged.
 */
final class RefusalAuditStage implements Stage {
  private static final Logger LOG = LoggerFactory.getLogger(RefusalAuditStage.class);

  private final AuditTrail trail;

  RefusalAuditStage(AuditTrail trail) {
    this.trail = trail;
  }

  @Override
  public String name() {
    return "audit (refusals)";
  }

  @Override
  public CompletionStage<Reply> handle(Exchange ex, Next next) {
    CompletionStage<Reply> reply;
    try {
      reply = next.proceed(ex);
    } catch (RuntimeException e) {
      // A later stage refused by throwing (as stages may).
      reply = Futures.failed(e);
    }
    return reply
        .exceptionally(t -> new Reply.Failure(Pipeline.asSteward(ex, Futures.unwrap(t))))
        .thenCompose(
            answer ->
                answer instanceof Reply.Failure f && ex.auditRequestIndex() < 0
                    ? recordRefusal(ex, f)
                    : CompletableFuture.completedFuture(answer));
  }

  private CompletionStage<Reply> recordRefusal(Exchange ex, Reply.Failure refusal) {
    return trail
        .commitRequest(ex, Decision.REFUSE, refusal.error().code().reason())
        .handle(
            (index, t) -> {
              if (t != null) {
                LOG.error(
                    "request {}: refusal record not committed: {}",
                    ex.requestId(),
                    Futures.unwrap(t).toString());
              }
              // A refused exchange has no completion record.
              ex.auditCompletion().complete(null);
              return refusal;
            });
  }
}
