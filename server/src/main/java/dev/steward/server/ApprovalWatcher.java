package dev.steward.server;

import dev.steward.policy.Approvals;
import dev.steward.store.ApprovalStorage;
import dev.steward.store.ApprovalStorage.ApprovalRow;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The approvals in force, as this node knows them. Polled with the kill switches: the store's
 * change counter ({@link ApprovalStorage#version}) every {@value KillSwitchWatcher#POLL_MILLIS} ms,
 * the approvals reloaded only when it moved, so a grant or revocation on any node, or with {@code
 * steward approvals}, applies on every node within a second. Expiry needs no reload: {@link
 * Approvals#approved} compares each grant's end with the request's time.
 *
 * <p>Fails closed: until the store has been read once, nothing is approved; when it cannot be read
 * later, the approvals last read stay in force and still expire on time.
 */
final class ApprovalWatcher implements Supplier<Approvals> {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ApprovalWatcher.class);

  private final ApprovalStorage storage;
  private final InstantSource clock;
  private volatile Approvals current = Approvals.NONE;
  private long version = Long.MIN_VALUE;
  private boolean failing;

  ApprovalWatcher(ApprovalStorage storage, InstantSource clock) {
    this.storage = storage;
    this.clock = clock;
  }

  @Override
  public Approvals get() {
    return current;
  }

  /** Reads the approvals if they changed since the last read; blocks (database). */
  synchronized void refresh() {
    try {
      long now = storage.version();
      if (now != version) {
        List<ApprovalRow> active = storage.active(clock.instant());
        current = of(active);
        version = now;
        LOG.info("approvals: {} in force", active.size());
      }
      if (failing) {
        LOG.info("approvals: the store answers again");
        failing = false;
      }
    } catch (RuntimeException e) {
      if (!failing) {
        LOG.warn(
            "approvals: the store cannot be read; the ones last read stay in force: {}",
            e.toString());
        failing = true;
      }
    }
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
