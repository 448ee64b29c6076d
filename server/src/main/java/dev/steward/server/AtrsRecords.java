package dev.steward.server;

import dev.steward.atrs.AtrsEvidence;
import dev.steward.atrs.AtrsGenerator;
import dev.steward.atrs.AtrsRecord;
import dev.steward.config.ApprovalRules;
import dev.steward.config.Classification;
import dev.steward.config.DepartmentConfig;
import dev.steward.config.ModelConfig;
import dev.steward.config.ProviderConfig;
import dev.steward.config.RouteConfig;
import dev.steward.config.ServiceConfig;
import dev.steward.config.StewardConfig;
import dev.steward.config.UseCaseConfig;
import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import dev.steward.eval.EvalSummary;
import dev.steward.eval.MetricValue;
import dev.steward.eval.ScorerSummary;
import dev.steward.policy.Approvals;
import dev.steward.policy.Decision;
import dev.steward.policy.KillSwitches;
import dev.steward.policy.Measure;
import dev.steward.policy.ModelVersion;
import dev.steward.policy.RoutePolicy;
import dev.steward.store.ApprovalStorage.ApprovalRow;
import dev.steward.store.EvalStorage;
import dev.steward.store.EvalStorage.EvalRunRow;
import dev.steward.store.Storage;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A service's ATRS record, from the live configuration and what the store holds: the model routes
 * each use case may reach now (classification, residency, approvals and kill switches applied, by
 * the same {@link RoutePolicy} the gateway decides with), the approvals in force, the latest
 * complete evaluation run of each suite against each of those model versions, and the service's
 * benefits over the last {@link #BENEFITS_PERIOD} ({@link BenefitsReport}). The CLI ({@code steward
 * report atrs}) and the web pages call it.
 */
public final class AtrsRecords {
  /** The period of use measured for a record's benefits and usage: the 30 days to now. */
  public static final Duration BENEFITS_PERIOD = Duration.ofDays(30);

  private AtrsRecords() {}

  /**
   * The record of one service, generated now.
   *
   * @param serviceId {@code department/service}
   * @throws StewardException {@link ErrorCode#NOT_FOUND} naming the configured services, when
   *     {@code serviceId} names none
   */
  public static AtrsRecord of(
      StewardConfig config, Storage storage, InstantSource clock, String serviceId) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Found found = find(config, serviceId);
    return AtrsGenerator.generate(
        found.department(), found.service(), evidence(config, storage, now, serviceId), now);
  }

  /** The records of every configured service, sorted by {@code department/service}. */
  public static List<AtrsRecord> all(StewardConfig config, Storage storage, InstantSource clock) {
    List<AtrsRecord> out = new ArrayList<>();
    for (String id : services(config)) {
      out.add(of(config, storage, clock, id));
    }
    return out;
  }

  /** Every configured service as {@code department/service}, sorted. */
  public static List<String> services(StewardConfig config) {
    Set<String> ids = new TreeSet<>();
    for (DepartmentConfig d : config.departments().values()) {
      for (String s : d.services().keySet()) {
        ids.add(d.id() + "/" + s);
      }
    }
    return List.copyOf(ids);
  }

  /**
   * What Steward knows of one service at {@code now}: the input of {@link AtrsGenerator}.
   *
   * @throws StewardException {@link ErrorCode#NOT_FOUND} for an unknown service
   */
  public static AtrsEvidence evidence(
      StewardConfig config, Storage storage, Instant now, String serviceId) {
    Found found = find(config, serviceId);
    List<ApprovalRow> active = storage.approvals().active(now);
    Approvals approvals = ApprovalWatcher.of(active);
    KillSwitches switches = KillSwitchWatcher.of(storage.killSwitches().active());
    List<AtrsEvidence.UseCase> useCases = new ArrayList<>();
    Set<String> chatVersions = new LinkedHashSet<>();
    Set<String> suites = new TreeSet<>();
    List<UseCaseConfig> sorted =
        found.service().useCases().values().stream()
            .sorted(java.util.Comparator.comparing(UseCaseConfig::id))
            .toList();
    for (UseCaseConfig uc : sorted) {
      String target = serviceId + "/" + uc.id();
      AtrsEvidence.UseCase u = useCase(config, uc, target, approvals, switches, active, now);
      useCases.add(u);
      for (AtrsEvidence.Model m : u.models()) {
        if (m.kind().equals("chat")) {
          chatVersions.add(m.modelVersion());
        }
      }
      uc.approvals().requires().forEach(r -> suites.add(r.suite()));
    }
    List<AtrsEvidence.Evaluation> evaluations = evaluations(storage.evals(), chatVersions, suites);
    AtrsEvidence.Benefits benefits = benefits(config, storage, now, serviceId);
    // The log's origin is the name in its signer key, which the configuration's origin names
    // only when Steward created the key: the record does not guess it.
    return new AtrsEvidence(
        useCases, evaluations, benefits, config.transparencyLog().enabled(), null);
  }

  private static AtrsEvidence.UseCase useCase(
      StewardConfig config,
      UseCaseConfig uc,
      String target,
      Approvals approvals,
      KillSwitches switches,
      List<ApprovalRow> active,
      Instant now) {
    List<String> aliases =
        uc.models().isEmpty()
            ? new ArrayList<>(new TreeSet<>(config.models().keySet()))
            : uc.models();
    Set<Classification> levels = new TreeSet<>();
    Map<String, AtrsEvidence.Model> models = new LinkedHashMap<>();
    for (String alias : aliases) {
      ModelConfig model = config.models().get(alias);
      if (model == null) {
        continue;
      }
      for (Classification c : Classification.values()) {
        Decision d =
            RoutePolicy.decide(
                RoutePolicy.label(c),
                null,
                uc,
                target,
                model,
                config.providers(),
                switches,
                approvals,
                now);
        if (d instanceof Decision.Allow allow) {
          levels.add(c);
          for (RouteConfig r : model.routes()) {
            if (allow.eligibleRoutes().contains(r.id())) {
              models.putIfAbsent(alias + " " + r.id(), model(config, model, r));
            }
          }
        }
      }
    }
    List<AtrsEvidence.Approval> granted = new ArrayList<>();
    for (ApprovalRow a : active) {
      if (a.useCase().equals(target)) {
        granted.add(
            new AtrsEvidence.Approval(
                a.id(), a.modelVersion(), a.grantedAt(), a.expiresAt(), a.runIds()));
      }
    }
    ApprovalRules rules = uc.approvals();
    return new AtrsEvidence.UseCase(
        uc.id(),
        uc.purpose(),
        uc.riskTier(),
        uc.highRiskArea(),
        uc.humanReview(),
        uc.baselineMinutes(),
        List.copyOf(models.values()),
        switches.useCases().contains(target),
        granted,
        rules.requires().stream().map(AtrsRecords::rule).toList(),
        rules.gated() ? rules.validFor() : null,
        new AtrsEvidence.DataHandled(
            List.copyOf(levels),
            uc.defaultClassification(),
            uc.refuseUnlabelled(),
            uc.residencies(),
            uc.guards()));
  }

  private static AtrsEvidence.Model model(StewardConfig config, ModelConfig model, RouteConfig r) {
    ProviderConfig p = Objects.requireNonNull(config.providers().get(r.provider()), r.provider());
    return new AtrsEvidence.Model(
        model.alias(),
        model.kind().name().toLowerCase(Locale.ROOT),
        model.description(),
        r.provider(),
        r.model(),
        r.version(),
        ModelVersion.of(r),
        p.sovereign(),
        p.residency());
  }

  /** A requirement in words: {@code refusal-core accuracy of at least 0.85 (lower end of ...)}. */
  static String rule(ApprovalRules.Requirement r) {
    Double min = r.min();
    Double max = r.max();
    String threshold;
    if (min != null && max != null) {
      threshold = "between " + number(min) + " and " + number(max);
    } else if (min != null) {
      threshold = "of at least " + number(min);
    } else {
      threshold = "of at most " + number(Objects.requireNonNull(max));
    }
    String bound =
        switch (r.bound()) {
          case POINT -> "";
          case LOWER_95 -> " at the lower end of its 95% confidence interval";
          case UPPER_95 -> " at the upper end of its 95% confidence interval";
        };
    return r.suite() + " " + r.metric() + " " + threshold + bound;
  }

  private static String number(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  /**
   * The latest complete run of each suite against each model version: the suites the use cases'
   * rules name, and any other suite recently run against those versions.
   */
  private static List<AtrsEvidence.Evaluation> evaluations(
      EvalStorage evals, Set<String> versions, Set<String> ruleSuites) {
    Map<String, Set<String>> suitesOf = new LinkedHashMap<>();
    for (String v : versions) {
      suitesOf.put(v, new TreeSet<>(ruleSuites));
    }
    for (EvalRunRow run : evals.runs(EvalStorage.MAX_RECENT)) {
      Set<String> s = suitesOf.get(run.modelVersion());
      if (s != null && run.status() == EvalStorage.Status.COMPLETE) {
        s.add(run.suite());
      }
    }
    List<AtrsEvidence.Evaluation> out = new ArrayList<>();
    suitesOf.forEach(
        (version, suites) -> {
          for (String suite : suites) {
            List<EvalRunRow> runs = evals.completeRuns(version, suite);
            if (!runs.isEmpty()) {
              out.add(evaluation(runs.get(0)));
            }
          }
        });
    return out;
  }

  private static AtrsEvidence.Evaluation evaluation(EvalRunRow run) {
    EvalSummary summary = Evaluations.summaryOf(run);
    List<AtrsEvidence.Metric> metrics = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (ScorerSummary sc : summary.scorers()) {
      for (MetricValue m : sc.metrics()) {
        if (!seen.add(m.name())) {
          continue;
        }
        Measure measure = new Measure(m.value(), m.stderr(), m.count());
        boolean interval = measure.hasInterval();
        metrics.add(
            new AtrsEvidence.Metric(
                m.name(),
                m.value(),
                interval ? measure.at(ApprovalRules.Bound.LOWER_95) : null,
                interval ? measure.at(ApprovalRules.Bound.UPPER_95) : null,
                m.count()));
      }
    }
    Instant finished = run.finishedAt() != null ? run.finishedAt() : run.startedAt();
    return new AtrsEvidence.Evaluation(
        run.modelVersion(),
        run.suite(),
        run.suiteVersion(),
        run.id(),
        finished,
        summary.samples(),
        metrics);
  }

  /** The service's line of the benefits report over the {@link #BENEFITS_PERIOD} to {@code now}. */
  private static AtrsEvidence.Benefits benefits(
      StewardConfig config, Storage storage, Instant now, String serviceId) {
    Instant from = now.minus(BENEFITS_PERIOD);
    BenefitsReport.Period period = new BenefitsReport.Period(from + ".." + now, from, now);
    BenefitsReport report =
        BenefitsReport.fromStore(
            config, period, BenefitsReport.Grouping.SERVICE, storage.ledger(), storage.outcomes());
    BenefitsReport.@Nullable Group g =
        report.groups().stream().filter(x -> x.key().equals(serviceId)).findFirst().orElse(null);
    if (g == null) {
      return new AtrsEvidence.Benefits(
          from,
          now,
          0,
          0,
          0,
          0,
          0,
          null,
          java.math.BigDecimal.ZERO,
          java.math.BigDecimal.ZERO,
          null,
          null);
    }
    return new AtrsEvidence.Benefits(
        from,
        now,
        g.requests(),
        g.served(),
        g.accepted(),
        g.edited(),
        g.rejected(),
        g.acceptanceRate(),
        g.minutesSaved(),
        g.spendGbp(),
        g.costPerAcceptedTaskGbp(),
        g.sovereignShare());
  }

  private record Found(DepartmentConfig department, ServiceConfig service) {}

  private static Found find(StewardConfig config, String serviceId) {
    String[] parts = serviceId.split("/", -1);
    if (parts.length == 2) {
      DepartmentConfig d = config.departments().get(parts[0]);
      ServiceConfig s = d == null ? null : d.services().get(parts[1]);
      if (d != null && s != null) {
        return new Found(d, s);
      }
    }
    List<String> known = services(config);
    throw new StewardException(
        ErrorCode.NOT_FOUND,
        "service '"
            + HttpFront.clip(serviceId)
            + "': not configured (expected: department/service, one of "
            + (known.isEmpty() ? "none configured" : String.join(", ", known))
            + ")");
  }
}
