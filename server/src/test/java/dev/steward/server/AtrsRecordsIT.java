package dev.steward.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.atrs.AtrsEvidence;
import dev.steward.atrs.AtrsRecord;
import dev.steward.atrs.AtrsRecord.Source;
import dev.steward.config.Classification;
import dev.steward.config.ConfigLoader;
import dev.steward.config.StewardConfig;
import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import dev.steward.eval.EvalSummary;
import dev.steward.eval.MetricValue;
import dev.steward.eval.ScorerSummary;
import dev.steward.store.ApprovalStorage.ApprovalRow;
import dev.steward.store.EvalStorage;
import dev.steward.store.EvalStorage.EvalRunRow;
import dev.steward.store.H2Storage;
import dev.steward.store.LedgerRow;
import dev.steward.store.OutcomeStorage.Kind;
import dev.steward.store.OutcomeStorage.Outcome;
import dev.steward.store.Principal;
import dev.steward.store.Storage;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ATRS evidence gathered from a real embedded store: an evaluation run, an approval resting on it,
 * ledger rows and an outcome, read back through {@link AtrsRecords} into a record.
 */
class AtrsRecordsIT {
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final String YAML =
      """
      sandbox: allowed
      transparency-log: {enabled: false}
      providers:
        sandbox:
          protocol: sandbox
          residency: UK
          max-classification: OFFICIAL-SENSITIVE
        sovereign:
          protocol: sandbox
          residency: UK
          max-classification: SECRET
          sovereign: true
      models:
        chat:
          description: General chat
          routes:
            - {provider: sandbox, model: sim-chat, version: "2026-10"}
        refuser:
          routes:
            - {provider: sovereign, model: sim-refuser, version: "2026-11"}
      departments:
        justice:
          name: Ministry of Justice
          services:
            probation-notes:
              name: Probation notes assistant
              transparency:
                senior-responsible-owner: Jane Smith, Director of Probation Delivery
                phase: beta
                impact-assessment: [DPIA completed 2026-09-01]
              use-cases:
                summarise:
                  purpose: Summarise case notes
                  models: [chat]
                  human-review: required
                  baseline-minutes: 20
                triage:
                  purpose: Sort incident reports by urgency
                  models: [chat, refuser]
                  approvals:
                    requires:
                      - {suite: refusal-core, metric: accuracy, min: 0.85, bound: lower-95}
                    valid-for: 30d
            idle:
              name: Idle service
              use-cases:
                nothing:
                  purpose: Not used yet
                  models: [chat]
      """;

  @TempDir Path dir;
  private StewardConfig config;
  private Storage storage;

  @BeforeEach
  void open() throws Exception {
    config = ConfigLoader.parse(YAML, dir.resolve("steward.yaml"), Map.of());
    storage = H2Storage.open(dir.resolve("data"));
    EvalStorage evals = storage.evals();
    evals.insertRun(
        EvalRunRow.started(
            "run-1",
            "refusal-core",
            "1.0",
            "refuser",
            "sovereign",
            "sim-refuser",
            "sovereign/sim-refuser",
            "steward",
            NOW.minus(Duration.ofDays(2)),
            40,
            "test"));
    EvalSummary summary =
        new EvalSummary(
            40,
            40,
            0,
            List.of(
                new ScorerSummary(
                    "refusal", List.of(new MetricValue("accuracy", 1.0, 0.0, 40)), Map.of())),
            1000,
            200);
    evals.finishRun(
        "run-1",
        EvalStorage.Status.COMPLETE,
        40,
        0,
        NOW.minus(Duration.ofDays(2)).plusSeconds(60),
        new ObjectMapper().writeValueAsBytes(summary),
        null);
    storage
        .approvals()
        .grant(
            ApprovalRow.granted(
                "ap_1",
                "justice/probation-notes/triage",
                "sovereign",
                "sim-refuser",
                "sovereign/sim-refuser",
                NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(28)),
                "test",
                List.of("run-1")),
            null);
    Principal summarise = Principal.of("justice", "probation-notes", "summarise");
    storage
        .ledger()
        .append(
            List.of(
                row("r1", NOW.minus(Duration.ofDays(3)), summarise, "0.30"),
                row("r2", NOW.minus(Duration.ofDays(2)), summarise, "0.10"),
                row("old", NOW.minus(Duration.ofDays(45)), summarise, "9.00")));
    storage
        .outcomes()
        .record(
            new Outcome(
                "r1",
                "justice",
                "probation-notes",
                "summarise",
                Kind.ACCEPTED,
                null,
                null,
                NOW.minus(Duration.ofDays(1)),
                "k1"));
  }

  @AfterEach
  void close() {
    storage.close();
  }

  @Test
  void evidence_fromStore_routesApprovalsEvaluationsAndBenefits() {
    AtrsEvidence e = AtrsRecords.evidence(config, storage, NOW, "justice/probation-notes");

    assertThat(e.useCases())
        .extracting(AtrsEvidence.UseCase::id)
        .containsExactly("summarise", "triage");
    AtrsEvidence.UseCase summarise = e.useCases().get(0);
    assertThat(summarise.models())
        .extracting(AtrsEvidence.Model::modelVersion)
        .containsExactly("sandbox/sim-chat");
    assertThat(summarise.data().classifications())
        .containsExactly(Classification.OFFICIAL, Classification.OFFICIAL_SENSITIVE);
    AtrsEvidence.UseCase triage = e.useCases().get(1);
    // Only the approved version may serve the gated use case; it alone reaches SECRET.
    assertThat(triage.models())
        .extracting(AtrsEvidence.Model::modelVersion)
        .containsExactly("sovereign/sim-refuser");
    assertThat(triage.data().classifications())
        .containsExactly(
            Classification.OFFICIAL, Classification.OFFICIAL_SENSITIVE, Classification.SECRET);
    assertThat(triage.approvals())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.id()).isEqualTo("ap_1");
              assertThat(a.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(28)));
            });
    assertThat(triage.approvalRules())
        .containsExactly(
            "refusal-core accuracy of at least 0.85 at the lower end of its 95% confidence"
                + " interval");
    assertThat(triage.evidenceValidFor()).isEqualTo(Duration.ofDays(30));

    assertThat(e.evaluations())
        .singleElement()
        .satisfies(
            ev -> {
              assertThat(ev.runId()).isEqualTo("run-1");
              assertThat(ev.modelVersion()).isEqualTo("sovereign/sim-refuser");
              AtrsEvidence.Metric m = ev.metrics().get(0);
              assertThat(m.name()).isEqualTo("accuracy");
              assertThat(m.value()).isEqualTo(1.0);
              assertThat(m.samples()).isEqualTo(40);
              assertThat(m.upper95()).isEqualTo(1.0);
              assertThat(m.lower95()).isBetween(0.9, 0.92);
            });

    AtrsEvidence.Benefits b = java.util.Objects.requireNonNull(e.benefits());
    assertThat(b.from()).isEqualTo(NOW.minus(Duration.ofDays(30)));
    assertThat(b.requests()).isEqualTo(2);
    assertThat(b.accepted()).isEqualTo(1);
    assertThat(b.spendGbp()).isEqualByComparingTo("0.40");
    assertThat(b.minutesSaved()).isEqualByComparingTo("20");
    assertThat(e.logged()).isFalse();
  }

  @Test
  void of_generatesTheRecord_withConfigGeneratedAndMissingFields() {
    AtrsRecord r =
        AtrsRecords.of(config, storage, InstantSource.fixed(NOW), "justice/probation-notes");

    assertThat(r.service()).isEqualTo("justice/probation-notes");
    assertThat(r.field("tier2.owner.senior-responsible-owner").orElseThrow().source())
        .isEqualTo(Source.CONFIG);
    assertThat(r.field("tier2.tool.models").orElseThrow().value())
        .containsExactly(
            "sandbox/sim-chat (version 2026-10) via the sandbox provider, UK residency, not"
                + " sovereign; used by summarise",
            "sovereign/sim-refuser (version 2026-11) via the sovereign provider, UK residency,"
                + " sovereign; used by triage");
    assertThat(r.field("tier2.model.model-performance").orElseThrow().value().get(0))
        .startsWith("sovereign/sim-refuser: refusal-core (suite version 1.0) accuracy 1 (95%");
    assertThat(r.field("tier2.decision-making.frequency-and-scale-of-usage").orElseThrow().source())
        .isEqualTo(Source.GENERATED);
    assertThat(r.missing()).contains("tier1.contact-email", "tier2.owner.team");
  }

  @Test
  void of_serviceWithoutUse_saysNoRequests_andHasNoEvaluationEvidence() {
    AtrsRecord r = AtrsRecords.of(config, storage, InstantSource.fixed(NOW), "justice/idle");

    assertThat(r.field("tier2.decision-making.frequency-and-scale-of-usage").orElseThrow().value())
        .containsExactly("No requests in the 30 days to 2026-11-27T12:00:00Z.");
    assertThat(r.missing()).contains("tier2.model.model-performance", "tier2.description.benefit");
  }

  @Test
  void all_everyServiceSorted() {
    assertThat(AtrsRecords.all(config, storage, InstantSource.fixed(NOW)))
        .extracting(AtrsRecord::service)
        .containsExactly("justice/idle", "justice/probation-notes");
  }

  @Test
  void of_unknownService_notFoundNamingTheKnownOnes() {
    assertThatThrownBy(
            () -> AtrsRecords.of(config, storage, InstantSource.fixed(NOW), "justice/courts"))
        .isInstanceOfSatisfying(
            StewardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
        .hasMessage(
            "service 'justice/courts': not configured (expected: department/service, one of"
                + " justice/idle, justice/probation-notes)");
  }

  private static LedgerRow row(String id, Instant at, Principal p, String cost) {
    return new LedgerRow(
        id,
        at,
        p,
        "openai",
        "chat",
        "chat",
        "sandbox/sim-chat",
        null,
        "ok",
        200,
        100,
        10,
        0,
        new BigDecimal(cost),
        1000,
        null,
        false,
        1,
        null,
        null);
  }
}
