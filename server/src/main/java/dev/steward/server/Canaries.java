package dev.steward.server;

import dev.steward.config.ApprovalRules.Requirement;
import dev.steward.config.EvaluationsConfig;
import dev.steward.config.StewardConfig;
import dev.steward.config.UseCaseConfig;
import dev.steward.eval.MetricValue;
import dev.steward.eval.Progress;
import dev.steward.eval.RunOptions;
import dev.steward.eval.ScorerSummary;
import dev.steward.eval.Suite;
import dev.steward.policy.ApprovalRule;
import dev.steward.policy.KillSwitches;
import dev.steward.store.ApprovalStorage.ApprovalRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scheduled re-evaluation: each canary in {@code evaluations.canaries} runs its suite (or its first
 * {@code limit} samples) against every route of its model on its schedule. The result is stored and
 * logged like any run, its metrics are exported ({@code steward_eval_metric}), and every gated use
 * case whose rules name the suite is checked again: a model version whose latest evidence no longer
 * meets a use case's rules raises {@code steward_eval_alert} and a warning, and, where {@code
 * evaluations.auto-revoke} is on, loses its approval for that use case (logged, with the problems
 * as the note).
 *
 * <p>A canary never overlaps itself: a run still going when the next is due makes that one skip.
 */
final class Canaries {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Canaries.class);

  /** The longest note an automatic revocation writes. */
  private static final int NOTE_LENGTH = 200;

  private final StewardConfig config;
  private final Evaluations evaluations;
  private final ApprovalControl approvals;
  private final Metrics metrics;
  private final Runnable changed;
  private final Set<EvaluationsConfig.Canary> running = ConcurrentHashMap.newKeySet();

  /**
   * @param changed called after an automatic revocation (refreshes this node's approvals and moves
   *     the change into the log)
   */
  Canaries(
      StewardConfig config,
      Evaluations evaluations,
      ApprovalControl approvals,
      Metrics metrics,
      Runnable changed) {
    this.config = config;
    this.evaluations = evaluations;
    this.approvals = approvals;
    this.metrics = metrics;
    this.changed = changed;
  }

  /** Runs one canary now, unless it is already running; blocks until it ends. */
  void run(EvaluationsConfig.Canary canary) {
    if (!running.add(canary)) {
      LOG.warn(
          "canary {} on {}: still running; this turn is skipped", canary.suite(), canary.model());
      return;
    }
    try {
      Suite suite = Evaluations.suite(canary.suite());
      EvaluationsConfig e = config.evaluations();
      RunOptions options = new RunOptions(e.concurrency(), canary.limit(), null, e.sampleTimeout());
      for (Evaluations.Target t : evaluations.targets(canary.model(), null)) {
        runOne(suite, t, options);
      }
    } catch (RuntimeException ex) {
      LOG.error("canary {} on {} failed: {}", canary.suite(), canary.model(), ex.toString());
    } finally {
      running.remove(canary);
    }
  }

  private void runOne(Suite suite, Evaluations.Target target, RunOptions options) {
    Evaluations.Run run;
    try {
      run = evaluations.run(suite, target, options, Progress.NONE, "canary", null);
    } catch (RuntimeException ex) {
      metrics.evalRun(suite.name(), target.modelVersion(), "failed");
      throw ex;
    }
    metrics.evalRun(suite.name(), target.modelVersion(), "complete");
    for (ScorerSummary s : run.summary().scorers()) {
      for (MetricValue m : s.metrics()) {
        metrics.evalMetric(suite.name(), target.modelVersion(), s.scorer(), m.name(), m.value());
      }
    }
    LOG.info(
        "canary run {}: {} on {}: {} samples, {} errors",
        run.row().id(),
        suite.name(),
        target.modelVersion(),
        run.summary().completed(),
        run.summary().errors());
    watch(suite.name(), target, run.row().id());
  }

  /** Checks every gated use case whose rules name {@code suite} against the new evidence. */
  private void watch(String suite, Evaluations.Target target, String runId) {
    Map<String, List<ApprovalRow>> active = new java.util.HashMap<>();
    for (ApprovalRow a : approvals.list(false)) {
      active.computeIfAbsent(a.useCase() + " " + a.modelVersion(), k -> new ArrayList<>()).add(a);
    }
    boolean revoked = false;
    for (var d : config.departments().values()) {
      for (var s : d.services().values()) {
        for (UseCaseConfig uc : s.useCases().values()) {
          if (!uc.approvals().gated()
              || uc.approvals().requires().stream().map(Requirement::suite).noneMatch(suite::equals)
              || (!uc.models().isEmpty() && !uc.models().contains(target.alias()))) {
            continue;
          }
          String name = KillSwitches.useCase(d.id(), s.id(), uc.id());
          switch (approvals.check(uc, target.modelVersion())) {
            case ApprovalRule.Met m -> metrics.evalAlert(name, target.modelVersion(), false);
            case ApprovalRule.NotMet n -> {
              metrics.evalAlert(name, target.modelVersion(), true);
              List<ApprovalRow> granted =
                  active.getOrDefault(name + " " + target.modelVersion(), List.of());
              LOG.warn(
                  "ALERT: {} no longer meets the approval rules of {} ({}){}",
                  target.modelVersion(),
                  name,
                  String.join("; ", n.problems()),
                  granted.isEmpty() ? "" : "; it holds an approval");
              if (config.evaluations().autoRevoke()) {
                String note = note("canary " + runId + ": " + String.join("; ", n.problems()));
                for (ApprovalRow a : granted) {
                  revoked |= approvals.revoke(a.id(), "canary", note).isPresent();
                  LOG.warn("approval {} revoked automatically (evaluations.auto-revoke)", a.id());
                }
              }
            }
          }
        }
      }
    }
    if (revoked) {
      changed.run();
    }
  }

  /** A one-line note of printable text, short enough for the log. */
  static String note(String text) {
    String oneLine = text.replaceAll("[\\p{Cntrl}]", " ");
    return oneLine.length() > NOTE_LENGTH ? oneLine.substring(0, NOTE_LENGTH - 1) + "…" : oneLine;
  }
}
