package dev.steward.atrs;

import dev.steward.config.Classification;
import dev.steward.config.GuardsConfig;
import dev.steward.config.Residency;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What Steward knows of one service, gathered from its live configuration and its store, from which
 * {@link AtrsGenerator} writes the generated fields of the service's record. Nothing here is
 * estimated: every value is configured or measured.
 *
 * @param useCases the service's use cases, in configuration order
 * @param evaluations the latest complete evaluation run of each suite against each model version
 *     that serves the service, oldest model version first
 * @param benefits the service's measured benefits over a recent period, or {@code null} when none
 *     were gathered
 * @param logged whether every exchange is recorded in Steward's transparency log
 * @param logOrigin the transparency log's origin (its name), when logged and known from the
 *     configuration
 */
public record AtrsEvidence(
    List<UseCase> useCases,
    List<Evaluation> evaluations,
    @Nullable Benefits benefits,
    boolean logged,
    @Nullable String logOrigin) {

  public AtrsEvidence {
    useCases = List.copyOf(useCases);
    evaluations = List.copyOf(evaluations);
    if (!logged && logOrigin != null) {
      throw new IllegalArgumentException(
          "logOrigin: '" + logOrigin + "' (expected: none when exchanges are not logged)");
    }
  }

  /**
   * One use case of the service.
   *
   * @param id the use case's id
   * @param purpose what the service uses AI for, as configured
   * @param riskTier as configured: {@code low}, {@code medium}, {@code high}
   * @param highRiskArea the EU AI Act Annex III area configured, if any
   * @param humanReview whether a person must review output before use
   * @param baselineMinutes minutes a person spends on the task without AI, if configured
   * @param models the model routes that may serve it now (its classification, residency, approval
   *     and kill-switch rules applied), in configuration order
   * @param stopped whether a kill switch stops the whole use case now
   * @param approvals the approvals in force for it now, oldest grant first
   * @param approvalRules what a model version's evidence must show to serve it, one requirement per
   *     item in words, e.g. {@code refusal-core accuracy lower-95 >= 0.85}; empty when it does not
   *     gate on evidence
   * @param evidenceValidFor how long a run's evidence counts, when it gates on evidence
   * @param data how it handles data
   */
  public record UseCase(
      String id,
      String purpose,
      String riskTier,
      @Nullable String highRiskArea,
      boolean humanReview,
      @Nullable Double baselineMinutes,
      List<Model> models,
      boolean stopped,
      List<Approval> approvals,
      List<String> approvalRules,
      @Nullable Duration evidenceValidFor,
      DataHandled data) {
    public UseCase {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(purpose, "purpose");
      Objects.requireNonNull(riskTier, "riskTier");
      models = List.copyOf(models);
      approvals = List.copyOf(approvals);
      approvalRules = List.copyOf(approvalRules);
      Objects.requireNonNull(data, "data");
    }

    /** Whether a model version needs an approval to serve it. */
    public boolean gated() {
      return !approvalRules.isEmpty();
    }
  }

  /**
   * A model route that may serve a use case.
   *
   * @param alias the model alias callers name
   * @param kind {@code chat} or {@code embedding}
   * @param description the alias's configured description, if any
   * @param provider the provider's id
   * @param model the model id sent to the provider
   * @param version the version the operator gives the route, if any
   * @param modelVersion the identity evidence and approvals are held against, e.g. {@code
   *     sandbox/sandbox-chat}
   * @param sovereign whether the provider runs on national compute under UK control
   * @param residency where the provider processes data
   */
  public record Model(
      String alias,
      String kind,
      @Nullable String description,
      String provider,
      String model,
      @Nullable String version,
      String modelVersion,
      boolean sovereign,
      Residency residency) {
    public Model {
      Objects.requireNonNull(alias, "alias");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(modelVersion, "modelVersion");
      Objects.requireNonNull(residency, "residency");
    }

    /** {@code provider/model}. */
    public String route() {
      return provider + "/" + model;
    }
  }

  /**
   * An approval in force: {@code modelVersion} may serve the use case until {@code expiresAt}.
   *
   * @param runIds the evaluation runs it rests on
   */
  public record Approval(
      String id, String modelVersion, Instant grantedAt, Instant expiresAt, List<String> runIds) {
    public Approval {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(modelVersion, "modelVersion");
      Objects.requireNonNull(grantedAt, "grantedAt");
      Objects.requireNonNull(expiresAt, "expiresAt");
      runIds = List.copyOf(runIds);
    }
  }

  /**
   * How a use case handles data.
   *
   * @param classifications the classification levels its requests may carry and still find a model
   *     route, lowest first
   * @param defaultClassification the level of a request that carries none, unless refused
   * @param refuseUnlabelled whether a request without a level is refused
   * @param residencies where its data may be processed
   * @param guards its personal-data, injection and labelling guards
   */
  public record DataHandled(
      List<Classification> classifications,
      Classification defaultClassification,
      boolean refuseUnlabelled,
      Set<Residency> residencies,
      GuardsConfig guards) {
    public DataHandled {
      classifications = List.copyOf(classifications);
      Objects.requireNonNull(defaultClassification, "defaultClassification");
      residencies = Set.copyOf(residencies);
      Objects.requireNonNull(guards, "guards");
    }
  }

  /**
   * The latest complete run of one suite against one model version.
   *
   * @param completedAt when the run finished
   * @param samples the sample runs it covered
   * @param metrics its metrics, in the order its scorers reported them
   */
  public record Evaluation(
      String modelVersion,
      String suite,
      String suiteVersion,
      String runId,
      Instant completedAt,
      int samples,
      List<Metric> metrics) {
    public Evaluation {
      Objects.requireNonNull(modelVersion, "modelVersion");
      Objects.requireNonNull(suite, "suite");
      Objects.requireNonNull(suiteVersion, "suiteVersion");
      Objects.requireNonNull(runId, "runId");
      Objects.requireNonNull(completedAt, "completedAt");
      metrics = List.copyOf(metrics);
    }
  }

  /**
   * One metric of an evaluation run.
   *
   * @param lower95 the lower end of its 95 % confidence interval, when known
   * @param upper95 the upper end of its 95 % confidence interval, when known
   * @param samples the samples it was measured over
   */
  public record Metric(
      String name, double value, @Nullable Double lower95, @Nullable Double upper95, int samples) {
    public Metric {
      Objects.requireNonNull(name, "name");
      if ((lower95 == null) != (upper95 == null)) {
        throw new IllegalArgumentException(
            "metric " + name + ": one 95 % bound (expected: both or neither)");
      }
    }
  }

  /**
   * The service's measured benefits over {@code from} (included) to {@code to} (excluded).
   *
   * @param requests every exchange
   * @param served exchanges that were answered
   * @param accepted answers reported accepted
   * @param edited answers reported accepted after editing
   * @param rejected answers reported rejected
   * @param acceptanceRate (accepted + edited) / reported outcomes; {@code null} when none was
   *     reported
   * @param minutesSaved staff minutes saved, as reported or estimated from the baseline
   * @param spendGbp what the exchanges cost
   * @param costPerAcceptedTaskGbp spend / (accepted + edited); {@code null} when there is none
   * @param sovereignShare served exchanges on sovereign compute over served exchanges; {@code null}
   *     when none was served
   */
  public record Benefits(
      Instant from,
      Instant to,
      long requests,
      long served,
      long accepted,
      long edited,
      long rejected,
      @Nullable Double acceptanceRate,
      BigDecimal minutesSaved,
      BigDecimal spendGbp,
      @Nullable BigDecimal costPerAcceptedTaskGbp,
      @Nullable Double sovereignShare) {
    public Benefits {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      if (!from.isBefore(to)) {
        throw new IllegalArgumentException("from: " + from + " (expected: before to " + to + ")");
      }
      Objects.requireNonNull(minutesSaved, "minutesSaved");
      Objects.requireNonNull(spendGbp, "spendGbp");
    }
  }
}
