package dev.steward.server;

import dev.steward.policy.Approvals;
import dev.steward.store.ApprovalStorage;
import dev.steward.store.ApprovalStorage.ApprovalRow;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The approvals in force, as this node knows them: a grant or revocation on any node, or with
 * {@code steward approvals}, applies on every node within a second ({@link StoreWatcher}). Expiry
 * needs no reload: {@link Approvals#approved} compares each grant's end with the request's time.
 * Until the store has been read once nothing is approved.
 */
final class ApprovalWatcher extends StoreWatcher<Approvals> {
  ApprovalWatcher(ApprovalStorage storage, InstantSource clock) {
    super(
        "approvals",
        storage::version,
        () -> of(storage.active(clock.instant())),
        a -> a.grants().size() + " in force",
        Approvals.NONE);
  }

  static Approvals of(List<ApprovalRow> active) {
    Map<Approvals.Key, java.time.Instant> grants = new HashMap<>();
    for (ApprovalRow a : active) {
      grants.merge(
          new Approvals.Key(a.useCase(), a.modelVersion()),
          a.expiresAt(),
          (x, y) -> x.isAfter(y) ? x : y);
    }
    return new Approvals(grants);
  }
}
