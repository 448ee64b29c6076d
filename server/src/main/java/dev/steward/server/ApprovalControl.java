package dev.steward.server;

import dev.steward.audit.AuditEntry;
import dev.steward.audit.AuditEntryCodec;
import dev.steward.config.ApprovalRules;
import dev.steward.config.ApprovalRules.Requirement;
import dev.steward.config.StewardConfig;
import dev.steward.config.UseCaseConfig;
import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import dev.steward.policy.ApprovalRule;
import dev.steward.policy.ApprovalRule.Verdict;
import dev.steward.policy.Evidence;
import dev.steward.store.ApprovalStorage;
import dev.steward.store.ApprovalStorage.ApprovalRow;
import dev.steward.store.EvalStorage;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Grants and revokes approvals: a model version may serve a gated use case only while it holds an
 * approval, and an approval is granted only on evidence that meets the use case's rules now (the
 * latest complete run of each suite they name, unexpired). The grant lasts until the oldest
 * evidence expires. Every grant and revocation is stored with, in the same transaction, its {@code
 * approval-change} entry queued for the transparency log. The admin API, {@code steward approvals}
 * and the canary runs all go through here.
 */
public final class ApprovalControl {
  private final StewardConfig config;
  private final EvalStorage evals;
  private final ApprovalStorage approvals;
  private final InstantSource clock;
  private final boolean audited;

  /**
   * @param audited whether changes are committed to the transparency log (queued in the store's
   *     outbox)
   */
  public ApprovalControl(
      StewardConfig config,
      EvalStorage evals,
      ApprovalStorage approvals,
      InstantSource clock,
      boolean audited) {
    this.config = config;
    this.evals = evals;
    this.approvals = approvals;
    this.clock = clock;
    this.audited = audited;
  }

  /** What a use case's rules say, now, of a model version's evidence. */
  public Verdict check(UseCaseConfig useCase, String modelVersion) {
    ApprovalRules rules = useCase.approvals();
    List<String> suites = rules.requires().stream().map(Requirement::suite).distinct().toList();
    Map<String, Evidence> evidence = Evaluations.evidence(evals, modelVersion, suites);
    return ApprovalRule.check(rules, evidence, clock.instant());
  }

  /**
   * Grants every route of {@code alias} (or only {@code routeId}) the right to serve {@code
   * useCase}, each on its own evidence.
   *
   * @param useCase {@code department/service/use-case}
   * @throws StewardException {@code request.invalid} for an unknown or ungated use case, a model it
   *     may not call, or a bad note; {@code approval.not_met} naming what the evidence lacks
   */
  public List<ApprovalRow> grant(
      String useCase, String alias, @Nullable String routeId, String actor, String note) {
    UseCaseConfig uc = useCase(useCase);
    if (!uc.approvals().gated()) {
      throw StewardException.invalid(
          "use_case",
          "use case " + useCase + " has no approval rules (approvals.requires): it needs no grant");
    }
    if (!uc.models().isEmpty() && !uc.models().contains(alias)) {
      throw StewardException.invalid(
          "model",
          "model " + HttpFront.clip(alias) + ": not one use case " + useCase + " may call");
    }
    Changes.checkNote(note);
    List<Evaluations.Target> targets = targets(alias, routeId);
    List<String> problems = new ArrayList<>();
    List<ApprovalRow> granted = new ArrayList<>();
    List<ApprovalRule.Met> met = new ArrayList<>();
    for (Evaluations.Target t : targets) {
      switch (check(uc, t.modelVersion())) {
        case ApprovalRule.Met m -> met.add(m);
        case ApprovalRule.NotMet n ->
            problems.add(t.modelVersion() + ": " + String.join("; ", n.problems()));
      }
    }
    if (!problems.isEmpty()) {
      throw new StewardException(
          ErrorCode.APPROVAL_NOT_MET,
          "not approved for " + useCase + ": " + String.join(" | ", problems));
    }
    Instant now = clock.instant();
    for (int i = 0; i < targets.size(); i++) {
      Evaluations.Target t = targets.get(i);
      ApprovalRule.Met m = met.get(i);
      ApprovalRow row =
          new ApprovalRow(
              Changes.id("ap_"),
              useCase,
              t.route().provider(),
              t.route().model(),
              t.modelVersion(),
              now,
              m.expiresAt(),
              actor,
              m.runIds(),
              null,
              null,
              null);
      approvals.grant(row, entry(AuditEntry.ApprovalAction.GRANTED, row, actor, note, now));
      granted.add(row);
    }
    return granted;
  }

  /** Revokes an approval; empty when it is unknown or already revoked. */
  public Optional<ApprovalRow> revoke(String id, String actor, String note) {
    Changes.checkNote(note);
    ApprovalRow known = approvals.find(id).filter(a -> a.revokedAt() == null).orElse(null);
    if (known == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    boolean revoked =
        approvals.revoke(
            id,
            now,
            actor,
            note,
            entry(AuditEntry.ApprovalAction.REVOKED, known, actor, note, now));
    return revoked ? approvals.find(id) : Optional.empty();
  }

  /** Approvals in force now, or every one ever granted. */
  public List<ApprovalRow> list(boolean all) {
    return all ? approvals.all() : approvals.active(clock.instant());
  }

  private List<Evaluations.Target> targets(String alias, @Nullable String routeId) {
    // The same rule as evaluation targets: one model version per route.
    return Evaluations.targets(config, alias, routeId);
  }

  private UseCaseConfig useCase(String target) {
    return config
        .useCase(target)
        .orElseThrow(
            () ->
                StewardException.invalid(
                    "use_case",
                    "use case '"
                        + HttpFront.clip(target)
                        + "': not configured (expected: department/service/use-case)"));
  }

  private byte @Nullable [] entry(
      AuditEntry.ApprovalAction action, ApprovalRow a, String actor, String note, Instant at) {
    if (!audited) {
      return null;
    }
    return AuditEntryCodec.encode(
        new AuditEntry.ApprovalChange(
            at,
            action,
            a.id(),
            a.useCase(),
            a.provider(),
            a.model(),
            a.modelVersion(),
            action == AuditEntry.ApprovalAction.GRANTED ? a.expiresAt() : null,
            a.runIds(),
            actor,
            note));
  }
}
