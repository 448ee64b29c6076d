package dev.steward.store;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where model approvals live: a grant lets one use case ({@code department/service/use-case}) call
 * one version of a model until the grant expires or is revoked, on the evidence of complete eval
 * runs ({@link EvalStorage}). Safe for concurrent use, and by several processes sharing one store.
 *
 * <p>Nodes learn of grants and revocations by polling {@link #version()}, one primary-key read, and
 * reloading when it changed: every grant and revocation bumps the version in its own transaction,
 * so a node that sees the new version reads the change. Expiry changes no version: a node caching
 * approvals asks each one {@link ApprovalRow#activeAt} at the time of use.
 */
public interface ApprovalStorage {

  /**
   * Stores a grant and, in the same transaction, bumps the {@link #version()} and queues {@code
   * auditEntry} (when given) in the {@link AuditOutbox}: all are stored or none.
   *
   * @throws IllegalArgumentException if {@code row} is revoked, names an eval run that is not
   *     stored or not {@linkplain EvalStorage.Status#COMPLETE complete}, or {@code auditEntry} is
   *     empty or longer than {@value AuditOutbox#MAX_ENTRY_BYTES} bytes (nothing is stored)
   * @throws StorageException if an approval with the same id is stored ("already stored"), or the
   *     database fails
   */
  void grant(ApprovalRow row, byte @Nullable [] auditEntry);

  /**
   * Revokes the unrevoked approval with this id and, in the same transaction, bumps the {@link
   * #version()} and queues {@code auditEntry} (when given). Nothing is changed or queued when the
   * approval is unknown or already revoked. Revoking an expired approval is recorded like any
   * other.
   *
   * @param at when it was revoked: not before it was granted
   * @param by who revoked it: an admin key's id, or {@code cli}
   * @param reason why (1..{@value ApprovalRow#MAX_REASON_LENGTH} characters, counted in code
   *     points, not blank)
   * @return whether it was revoked: {@code false} if no unrevoked approval has this id
   * @throws IllegalArgumentException if an argument is out of range, {@code at} is before the
   *     grant, or {@code auditEntry} is empty or too long (nothing is changed)
   */
  boolean revoke(String id, Instant at, String by, String reason, byte @Nullable [] auditEntry);

  /**
   * Every approval, revoked and expired ones included, oldest grant first (ties in stored order).
   */
  List<ApprovalRow> all();

  /**
   * The approvals {@linkplain ApprovalRow#activeAt active at} {@code now}, oldest grant first (ties
   * in stored order).
   */
  List<ApprovalRow> active(Instant now);

  /** The approval with this id, whatever its state. */
  Optional<ApprovalRow> find(String id);

  /**
   * A number that increases with every {@link #grant} and every {@link #revoke} that changed an
   * approval, by any process sharing this store; a failed or empty call leaves it. One primary-key
   * read, cheap enough to poll every second from every node.
   */
  long version();

  /**
   * An approval: {@code useCase} may call {@code provider}'s {@code model} at {@code modelVersion}
   * from {@code grantedAt} until {@code expiresAt} (excluded), unless revoked. Times are kept to
   * the microsecond.
   *
   * @param id its id, chosen by whoever grants it (1..{@value #MAX_ID_LENGTH} characters)
   * @param useCase {@code department/service/use-case}: three parts, each 1..{@value
   *     Principal#MAX_ID_LENGTH} characters, not blank
   * @param provider the provider's configured id
   * @param model the model id
   * @param modelVersion the model version approved
   * @param grantedAt when it was granted
   * @param expiresAt when it lapses: after {@code grantedAt}
   * @param grantedBy who granted it: an admin key's id, or {@code cli}
   * @param runIds the eval runs it rests on, in the order given (at most {@value #MAX_RUN_IDS}, no
   *     repeats; may be empty)
   * @param revokedAt when it was revoked, not before {@code grantedAt}; {@code null} while it is
   *     not
   * @param revokedBy who revoked it; set exactly when {@code revokedAt} is
   * @param revokeReason why it was revoked; set exactly when {@code revokedAt} is
   */
  record ApprovalRow(
      String id,
      String useCase,
      String provider,
      String model,
      String modelVersion,
      Instant grantedAt,
      Instant expiresAt,
      String grantedBy,
      List<String> runIds,
      @Nullable Instant revokedAt,
      @Nullable String revokedBy,
      @Nullable String revokeReason) {

    public static final int MAX_ID_LENGTH = 64;
    public static final int MAX_USE_CASE_LENGTH = 3 * Principal.MAX_ID_LENGTH + 2;
    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_REASON_LENGTH = 1000;
    public static final int MAX_RUN_IDS = 64;

    public ApprovalRow {
      Checks.text("id", id, MAX_ID_LENGTH);
      checkUseCase(useCase);
      Checks.text("provider", provider, MAX_NAME_LENGTH);
      Checks.text("model", model, MAX_NAME_LENGTH);
      Checks.text("modelVersion", modelVersion, MAX_NAME_LENGTH);
      grantedAt = Checks.micros("grantedAt", grantedAt);
      expiresAt = Checks.micros("expiresAt", expiresAt);
      if (!expiresAt.isAfter(grantedAt)) {
        throw new IllegalArgumentException(
            "expiresAt: " + expiresAt + " (expected: after grantedAt " + grantedAt + ")");
      }
      Checks.text("grantedBy", grantedBy, MAX_NAME_LENGTH);
      runIds = List.copyOf(Objects.requireNonNull(runIds, "runIds"));
      if (runIds.size() > MAX_RUN_IDS) {
        throw new IllegalArgumentException(
            "runIds: " + runIds.size() + " runs (expected: at most " + MAX_RUN_IDS + ")");
      }
      Set<String> seen = new HashSet<>();
      for (String runId : runIds) {
        Checks.text("runIds", runId, EvalStorage.EvalRunRow.MAX_ID_LENGTH);
        if (!seen.add(runId)) {
          throw new IllegalArgumentException(
              "runIds: \"" + runId + "\" twice (expected: each run once)");
        }
      }
      revokedAt = Checks.optionalMicros("revokedAt", revokedAt);
      Checks.optionalText("revokedBy", revokedBy, MAX_NAME_LENGTH);
      if (revokeReason != null) {
        Checks.note("revokeReason", revokeReason, MAX_REASON_LENGTH);
      }
      if ((revokedAt == null) != (revokedBy == null)
          || (revokedAt == null) != (revokeReason == null)) {
        throw new IllegalArgumentException(
            "revokedAt, revokedBy, revokeReason: "
                + (revokedAt == null ? "null" : "set")
                + ", "
                + (revokedBy == null ? "null" : "set")
                + ", "
                + (revokeReason == null ? "null" : "set")
                + " (expected: all three set for a revoked approval, all null otherwise)");
      }
      if (revokedAt != null && revokedAt.isBefore(grantedAt)) {
        throw new IllegalArgumentException(
            "revokedAt: " + revokedAt + " (expected: not before grantedAt " + grantedAt + ")");
      }
    }

    /** An approval granted at {@code at}, until {@code expiresAt}. */
    public static ApprovalRow granted(
        String id,
        String useCase,
        String provider,
        String model,
        String modelVersion,
        Instant at,
        Instant expiresAt,
        String grantedBy,
        List<String> runIds) {
      return new ApprovalRow(
          id,
          useCase,
          provider,
          model,
          modelVersion,
          at,
          expiresAt,
          grantedBy,
          runIds,
          null,
          null,
          null);
    }

    /** Whether it has been revoked (revocation is final). */
    public boolean revoked() {
      return revokedAt != null;
    }

    /**
     * Whether it lets its use case call the model at {@code t}: granted at or before {@code t},
     * expiring after it, and not revoked at or before it.
     */
    public boolean activeAt(Instant t) {
      Objects.requireNonNull(t, "t");
      return !t.isBefore(grantedAt)
          && t.isBefore(expiresAt)
          && (revokedAt == null || t.isBefore(revokedAt));
    }

    /** This approval revoked at {@code at} by {@code by}, because of {@code reason}. */
    public ApprovalRow withRevocation(Instant at, String by, String reason) {
      return new ApprovalRow(
          id,
          useCase,
          provider,
          model,
          modelVersion,
          grantedAt,
          expiresAt,
          grantedBy,
          runIds,
          at,
          by,
          reason);
    }

    private static void checkUseCase(String useCase) {
      Checks.text("useCase", useCase, MAX_USE_CASE_LENGTH);
      String[] parts = useCase.split("/", -1);
      boolean ok = parts.length == 3;
      for (String part : parts) {
        ok &= !part.isBlank() && part.length() <= Principal.MAX_ID_LENGTH;
      }
      if (!ok) {
        throw new IllegalArgumentException(
            "useCase: \""
                + (useCase.length() > 40 ? useCase.substring(0, 40) + "…" : useCase)
                + "\" (expected: department/service/use-case, each part 1.."
                + Principal.MAX_ID_LENGTH
                + " characters, not blank)");
      }
    }
  }
}
