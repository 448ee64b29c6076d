package dev.steward.server;

import dev.steward.core.ErrorCode;
import dev.steward.core.Futures;
import dev.steward.core.StewardException;
import dev.steward.store.LedgerRow;
import dev.steward.store.LedgerStorage;
import dev.steward.store.Principal;
import dev.steward.tlog.Checkpoint;
import dev.steward.tlog.Receipt;
import dev.steward.tlog.ReceiptCodec;
import dev.steward.tlog.TileLog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /v1/steward/receipts/{requestId}}: a receipt ({@code docs/spec/receipt.md}) for one
 * exchange — its request record and, once committed, its completion record, each with an inclusion
 * proof to the latest checkpoint — which anyone holding the log's verifier key can check offline
 * ({@code steward receipt verify}). The exchange's commitment salt comes in {@code
 * X-Steward-Commitment-Salt}, so its holder can show which prompt and response were committed.
 *
 * <p>Any key of the exchange's use case, or the admin key, may fetch it; to anyone else the
 * exchange does not exist (404, so request ids reveal nothing).
 */
final class ReceiptHandler {
  static final String PREFIX = "/v1/steward/receipts/";

  /** How long a receipt waits for a running exchange's completion record before leaving it out. */
  static final Duration COMPLETION_WAIT = Duration.ofSeconds(2);

  private final AuditTrail trail;
  private final Authenticator authenticator;
  private final AdminApi admin;
  private final LedgerStorage ledger;

  ReceiptHandler(
      AuditTrail trail, Authenticator authenticator, AdminApi admin, LedgerStorage ledger) {
    this.trail = trail;
    this.authenticator = authenticator;
    this.admin = admin;
    this.ledger = ledger;
  }

  /** Where an exchange's records are. */
  private record Located(
      Principal principal,
      long requestIndex,
      CompletableFuture<@Nullable Long> completion,
      String salt) {}

  CompletionStage<Served> receipt(Function<String, @Nullable String> headers, String requestId) {
    CompletionStage<Predicate<Principal>> reader =
        admin.admits(headers)
            ? CompletableFuture.completedFuture(p -> true)
            : authenticator
                .authenticateAsync(Authenticator.presentedKey(headers))
                .thenApply(key -> p -> p.equals(key.principal()));
    return reader.thenCompose(
        mayRead ->
            locate(requestId)
                .thenCompose(
                    found -> {
                      if (found == null || !mayRead.test(found.principal())) {
                        throw notFound(requestId);
                      }
                      return found
                          .completion()
                          .completeOnTimeout(
                              null, COMPLETION_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                          .thenCompose(completion -> build(found, completion));
                    }));
  }

  private CompletionStage<@Nullable Located> locate(String requestId) {
    AuditTrail.Recent recent = trail.recent(requestId).orElse(null);
    if (recent != null) {
      return CompletableFuture.<@Nullable Located>completedFuture(
          new Located(
              recent.principal(), recent.requestIndex(), recent.completion(), recent.salt()));
    }
    return Futures.<@Nullable Located>offload(
        () -> {
          LedgerRow row = ledger.find(requestId).orElse(null);
          if (row == null || row.audit() == null) {
            return null;
          }
          LedgerRow.Audit audit = row.audit();
          return new Located(
              row.principal(),
              audit.requestIndex(),
              CompletableFuture.<@Nullable Long>completedFuture(audit.completionIndex()),
              audit.salt());
        });
  }

  private CompletionStage<Served> build(Located found, @Nullable Long completion) {
    return receiptOf(found, completion)
        .thenApply(
            receipt ->
                new Served(
                    200,
                    "application/json",
                    Map.of(
                        HttpFront.COMMITMENT_SALT,
                        found.salt(),
                        "Cache-Control",
                        "private, no-store"),
                    ReceiptCodec.encode(receipt)));
  }

  /**
   * The receipt of {@code requestId} for whoever holds its commitment salt (the caller was given it
   * with the response, and may pass it on — to the person the exchange was about, say): the salt
   * stands in for a key, so the public receipt page needs none. Compared in constant time; a wrong
   * salt and an unknown id look the same.
   */
  CompletionStage<Optional<Receipt>> forSaltHolder(String requestId, String salt) {
    return locate(requestId)
        .thenCompose(
            found -> {
              if (found == null
                  || !MessageDigest.isEqual(
                      found.salt().getBytes(StandardCharsets.UTF_8),
                      salt.getBytes(StandardCharsets.UTF_8))) {
                return CompletableFuture.completedFuture(Optional.<Receipt>empty());
              }
              return found
                  .completion()
                  .completeOnTimeout(null, COMPLETION_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                  .thenCompose(completion -> receiptOf(found, completion))
                  .thenApply(Optional::of);
            });
  }

  private CompletionStage<Receipt> receiptOf(Located found, @Nullable Long completion) {
    List<Long> indexes = new ArrayList<>(2);
    indexes.add(found.requestIndex());
    if (completion != null) {
      indexes.add(completion);
    }
    long needed = indexes.stream().mapToLong(Long::longValue).max().orElseThrow() + 1;
    TileLog log = trail.log();
    return log.published(needed)
        .thenCompose(
            published ->
                Futures.offload(
                    () -> {
                      byte[] note = log.checkpoint();
                      Checkpoint cp = Checkpoint.verify(note, log.verifier());
                      List<Receipt.Entry> entries = new ArrayList<>(indexes.size());
                      for (long i : indexes) {
                        entries.add(
                            new Receipt.Entry(i, log.entry(i), log.inclusionProof(i, cp.size())));
                      }
                      return Receipt.of(log.verifier(), note, entries);
                    }));
  }

  private static StewardException notFound(String requestId) {
    return new StewardException(
        ErrorCode.NOT_FOUND,
        "receipt "
            + HttpFront.clip(requestId)
            + ": no audited exchange with this id for this key's use case");
  }
}
