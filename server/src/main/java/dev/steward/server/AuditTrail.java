package dev.steward.server;

import dev.steward.audit.AuditEntry;
import dev.steward.audit.AuditEntry.Caller;
import dev.steward.audit.AuditEntry.Decision;
import dev.steward.audit.AuditEntryCodec;
import dev.steward.config.RouteConfig;
import dev.steward.core.ErrorCode;
import dev.steward.core.Futures;
import dev.steward.core.StewardException;
import dev.steward.policy.RoutePolicy;
import dev.steward.store.AuditOutbox;
import dev.steward.store.Principal;
import dev.steward.tlog.TileLog;
import dev.steward.tlog.TlogException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's side of the transparency log: builds each exchange's audit entries and commits
 * them, remembers where recent exchanges are in the log until their ledger rows are written (so a
 * receipt can be had at once), and moves changes queued by other processes (the {@code steward
 * keys} CLI) from the store's outbox into the log.
 */
final class AuditTrail implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

  /** How long a request waits for its record to commit before it is refused (fail closed). */
  static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

  /** How often {@link #sweepTimeouts} should run. */
  static final Duration SWEEP_PERIOD = Duration.ofMillis(250);

  /**
   * Where an exchange is in the log, until its ledger row (which holds the same) is written.
   *
   * @param completion the index of its completion record, once committed; never completes for a
   *     refused exchange, which has none
   */
  record Recent(
      Principal principal,
      long requestIndex,
      CompletableFuture<@Nullable Long> completion,
      String salt) {}

  private final TileLog log;
  private final AuditOutbox outbox;
  private final InstantSource clock;
  private final Metrics metrics;
  private final ConcurrentHashMap<String, Recent> recent = new ConcurrentHashMap<>();
  private final AtomicBoolean draining = new AtomicBoolean();

  /** Appends not yet acknowledged, failed once {@link #COMMIT_TIMEOUT} has passed. */
  private final Deadlines waiting = new Deadlines(COMMIT_TIMEOUT, System::nanoTime);

  AuditTrail(TileLog log, AuditOutbox outbox, InstantSource clock, Metrics metrics) {
    this.log = log;
    this.outbox = outbox;
    this.clock = clock;
    this.metrics = metrics;
  }

  TileLog log() {
    return log;
  }

  /**
   * Commits the request record of {@code ex}: allowed (before any upstream call) or refused (with
   * its reason). Completes with the record's index once it is durable; fails with {@code
   * audit.unavailable} when the log cannot commit it within {@link #COMMIT_TIMEOUT}.
   */
  CompletableFuture<Long> commitRequest(Exchange ex, Decision decision, String reason) {
    Principal principal = ex.requirePrincipal();
    AuditEntry entry =
        new AuditEntry.ExchangeRequest(
            clock.instant().minusNanos(System.nanoTime() - ex.startNanos()),
            ex.requestId(),
            caller(principal, ex.keyId()),
            ex.api().label(),
            ex.endpoint().label(),
            ex.model() != null ? ex.model().alias() : LedgerStage.UNKNOWN_MODEL,
            ex.classification() == null ? null : RoutePolicy.label(ex.classification()),
            decision,
            reason,
            ex.chat() != null && ex.chat().stream(),
            ex.promptCommitment(),
            ex.guardReport().audit());
    return append(entry)
        .thenApply(
            index -> {
              ex.auditRequest(index);
              recent.put(
                  ex.requestId(),
                  new Recent(principal, index, ex.auditCompletion(), ex.saltBase64()));
              return index;
            });
  }

  /**
   * Appends the completion record of an exchange whose request record was committed, and completes
   * {@link Exchange#auditCompletion()} with its index (or with {@code null} if the log could not
   * take it: the failure is logged and counted, the exchange has already been answered).
   */
  void commitCompletion(Exchange ex) {
    RouteConfig route = ex.route();
    AuditEntry entry =
        new AuditEntry.ExchangeCompletion(
            clock.instant(),
            ex.requestId(),
            ex.auditRequestIndex(),
            ex.outcome(),
            ex.status(),
            route == null
                ? null
                : new AuditEntry.Route(
                    route.id(),
                    route.provider(),
                    route.model(),
                    route.version() != null
                        ? safeName(route.version())
                        : ex.upstreamVersion() == null ? null : safeName(ex.upstreamVersion())),
            new AuditEntry.Tokens(
                ex.usage().inputTokens(),
                ex.usage().outputTokens(),
                ex.usage().cachedInputTokens()),
            ex.attempts(),
            ex.responseCommitment());
    append(entry)
        .whenComplete(
            (index, t) -> {
              if (t != null) {
                metrics.auditFailure();
                Throwable cause = Futures.unwrap(t);
                LOG.error(
                    "request {}: completion record not committed: {}",
                    ex.requestId(),
                    (cause.getCause() != null ? cause.getCause() : cause).toString());
              }
              ex.auditCompletion().complete(index);
            });
  }

  /** The exchange's place in the log while its ledger row is not yet written. */
  Optional<Recent> recent(String requestId) {
    return Optional.ofNullable(recent.get(requestId));
  }

  /** Forgets exchanges whose ledger rows have been written. */
  void forget(List<String> requestIds) {
    for (String id : requestIds) {
      recent.remove(id);
    }
  }

  /** Appends an entry, mapping the log's failures to {@code audit.unavailable}. */
  CompletableFuture<Long> append(AuditEntry entry) {
    byte[] bytes = AuditEntryCodec.encode(entry);
    return waiting
        .watch(log.append(bytes))
        .exceptionallyCompose(t -> Futures.failed(unavailable(Futures.unwrap(t))));
  }

  private static StewardException unavailable(Throwable cause) {
    String why =
        cause instanceof TlogException t
            ? t.code().name().toLowerCase(java.util.Locale.ROOT)
            : cause instanceof TimeoutException ? "timed out" : cause.getClass().getSimpleName();
    return new StewardException(
        ErrorCode.AUDIT_UNAVAILABLE,
        "the transparency log could not commit this request's record ("
            + why
            + "), so no model was called",
        null,
        Duration.ofSeconds(1),
        cause);
  }

  static Caller caller(Principal p, String keyId) {
    return new Caller(p.department(), p.service(), p.useCase(), keyId);
  }

  /**
   * Moves entries queued in the store's outbox into the log ({@link TransparencyLogs#drainOutbox});
   * one drain at a time, blocking. A failure is logged and leaves the rest queued for the next
   * drain.
   */
  void drainOutbox() {
    if (!draining.compareAndSet(false, true)) {
      return;
    }
    try {
      TransparencyLogs.Drained drained = TransparencyLogs.drainOutbox(outbox, log);
      if (drained.entries() > 0) {
        LOG.info("transparency log: {} queued change records committed", drained.entries());
      }
    } catch (RuntimeException e) {
      LOG.error("transparency log: queued change records not committed yet: {}", e.toString());
    } finally {
      draining.set(false);
    }
  }

  /**
   * Fails the appends past {@link #COMMIT_TIMEOUT} (their requests are refused with {@code
   * audit.unavailable}); cheap and non-blocking, run every {@link #SWEEP_PERIOD}.
   */
  void sweepTimeouts() {
    waiting.sweep();
  }

  @Override
  public void close() {
    log.close();
  }

  /**
   * A provider-reported name made fit for an entry: at most {@link AuditEntry#MAX_NAME_LENGTH}
   * printable ASCII characters without spaces or quotes (others become {@code _}).
   */
  static String safeName(String value) {
    String v =
        value.length() > AuditEntry.MAX_NAME_LENGTH
            ? value.substring(0, AuditEntry.MAX_NAME_LENGTH)
            : value;
    if (AuditEntry.isName(v)) {
      return v;
    }
    StringBuilder out = new StringBuilder(Math.max(1, v.length()));
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      out.append(c > 0x20 && c < 0x7f && c != '"' ? c : '_');
    }
    return out.isEmpty() ? "_" : out.toString();
  }
}
