package dev.steward.atrs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.atrs.AtrsEvidence.Approval;
import dev.steward.atrs.AtrsEvidence.Benefits;
import dev.steward.atrs.AtrsEvidence.DataHandled;
import dev.steward.atrs.AtrsEvidence.Evaluation;
import dev.steward.atrs.AtrsEvidence.Metric;
import dev.steward.atrs.AtrsEvidence.Model;
import dev.steward.atrs.AtrsEvidence.UseCase;
import dev.steward.atrs.AtrsRecord.Field;
import dev.steward.atrs.AtrsRecord.Kind;
import dev.steward.atrs.AtrsRecord.Source;
import dev.steward.config.Budget;
import dev.steward.config.Classification;
import dev.steward.config.DepartmentConfig;
import dev.steward.config.GuardsConfig;
import dev.steward.config.RateLimit;
import dev.steward.config.Residency;
import dev.steward.config.ServiceConfig;
import dev.steward.config.ServiceTransparency;
import dev.steward.config.UseCaseConfig;
import dev.steward.guard.PersonalDataAction;
import dev.steward.guard.PersonalDataType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AtrsGeneratorTest {
  static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  static final ServiceTransparency TRANSPARENCY =
      new ServiceTransparency(
          Map.of(
              "senior-responsible-owner", List.of("Jane Smith, Director of Probation Delivery"),
              "contact-email", List.of("probation-ai@justice.example.gov.uk"),
              "phase", List.of("beta"),
              "human-decisions-and-review",
                  List.of("Officers read every summary against the case file before use."),
              "impact-assessment",
                  List.of("DPIA, completed 2026-09-01", "Equality impact assessment")));

  static final GuardsConfig GUARDS =
      new GuardsConfig(
          new GuardsConfig.PersonalData(
              Map.of(
                  PersonalDataType.UK_NINO, PersonalDataAction.PSEUDONYMISE,
                  PersonalDataType.PHONE_NUMBER, PersonalDataAction.MASK,
                  PersonalDataType.CREDIT_CARD, PersonalDataAction.BLOCK),
              PersonalDataAction.ALLOW,
              Map.of(PersonalDataType.CREDIT_CARD, PersonalDataAction.REDACT),
              PersonalDataAction.ALLOW,
              0.5),
          new GuardsConfig.Injection(
              GuardsConfig.InjectionAction.BLOCK, GuardsConfig.InjectionAction.STRIP, 0.5),
          new GuardsConfig.Label(true, "[AI draft] "));

  static final Model REFUSER =
      new Model(
          "sandbox-refuser",
          "chat",
          "Refuses every request",
          "sandbox",
          "sandbox-refuser",
          "2026-11",
          "sandbox/sandbox-refuser",
          true,
          Residency.UK);

  static DepartmentConfig department(ServiceConfig service) {
    return new DepartmentConfig(
        "justice", "Ministry of Justice", 1, Map.of(service.id(), service), Budget.NONE);
  }

  static ServiceConfig service(ServiceTransparency transparency) {
    UseCaseConfig uc =
        new UseCaseConfig(
            "summarise-case-notes",
            "Summarise case notes for probation officers",
            List.of(),
            "high",
            true,
            25.0,
            "justice");
    return new ServiceConfig(
        "probation-notes",
        "Probation notes assistant",
        Map.of(uc.id(), uc),
        Budget.NONE,
        RateLimit.NONE,
        transparency);
  }

  static UseCase useCase(List<Model> models, List<Approval> approvals, List<String> rules) {
    return new UseCase(
        "summarise-case-notes",
        "Summarise case notes for probation officers.",
        "high",
        "justice",
        true,
        25.0,
        models,
        false,
        approvals,
        rules,
        rules.isEmpty() ? null : Duration.ofDays(90),
        new DataHandled(
            List.of(Classification.OFFICIAL, Classification.OFFICIAL_SENSITIVE),
            Classification.OFFICIAL,
            false,
            Set.of(Residency.UK),
            GUARDS));
  }

  static AtrsEvidence fullEvidence() {
    Approval approval =
        new Approval(
            "ap_1",
            "sandbox/sandbox-refuser",
            Instant.parse("2026-11-20T10:00:00Z"),
            Instant.parse("2027-02-18T10:00:00Z"),
            List.of("run-1"));
    Evaluation eval =
        new Evaluation(
            "sandbox/sandbox-refuser",
            "refusal-core",
            "1",
            "run-1",
            Instant.parse("2026-11-20T09:00:00Z"),
            120,
            List.of(new Metric("accuracy", 0.975, 0.929, 0.992, 120)));
    Benefits benefits =
        new Benefits(
            NOW.minus(Duration.ofDays(30)),
            NOW,
            40,
            36,
            20,
            4,
            6,
            0.8,
            new BigDecimal("550"),
            new BigDecimal("1.20"),
            new BigDecimal("0.05"),
            1.0);
    return new AtrsEvidence(
        List.of(
            useCase(
                List.of(REFUSER),
                List.of(approval),
                List.of("refusal-core accuracy lower-95 >= 0.85"))),
        List.of(eval),
        benefits,
        true,
        "steward.example/log");
  }

  static AtrsRecord generate(ServiceTransparency t, AtrsEvidence evidence) {
    ServiceConfig s = service(t);
    return AtrsGenerator.generate(department(s), s, evidence, NOW);
  }

  @Test
  void generate_everyTemplateFieldPresent_inTemplateOrderWithStableIds() {
    AtrsRecord r = generate(TRANSPARENCY, fullEvidence());

    List<String> expected = new ArrayList<>();
    AtrsTemplate.TIER1.forEach(s -> expected.add("tier1." + s.slug()));
    AtrsTemplate.TIER2.forEach(
        sec -> sec.fields().forEach(f -> expected.add("tier2." + sec.slug() + "." + f.slug())));
    assertThat(r.fields()).extracting(Field::id).containsExactlyElementsOf(expected);
    assertThat(r.fields()).hasSize(4 + 46);
    assertThat(r.field("tier2.owner.senior-responsible-owner").orElseThrow().reference())
        .isEqualTo("2.1.3");
    assertThat(r.field("tier2.owner.senior-responsible-owner").orElseThrow().title())
        .isEqualTo("Senior responsible owner");
    assertThat(r.tier2())
        .extracting(AtrsRecord.Section::id)
        .containsExactly(
            "tier2.owner",
            "tier2.description",
            "tier2.decision-making",
            "tier2.tool",
            "tier2.model",
            "tier2.data",
            "tier2.risks");
    assertThat(r.service()).isEqualTo("justice/probation-notes");
    assertThat(r.templateVersion()).isEqualTo("ATRS 3.0");
    assertThat(r.generatedAt()).isEqualTo(NOW);
  }

  @Test
  void generate_everyFieldHasAValueOrIsListedMissing() {
    AtrsRecord r = generate(TRANSPARENCY, fullEvidence());

    for (Field f : r.fields()) {
      assertThat(f.source() == Source.MISSING)
          .as(f.id())
          .isEqualTo(r.missing().contains(f.id()))
          .isEqualTo(f.value().isEmpty());
    }
    assertThat(r.missing())
        .contains(
            "tier1.website-url",
            "tier2.owner.team",
            "tier2.model.model-architecture",
            "tier2.risks.risks-and-mitigations")
        .doesNotContain(
            "tier2.owner.senior-responsible-owner",
            "tier2.tool.phase",
            "tier2.model.model-performance");
    assertThat(r.missingRequired())
        .contains("tier2.owner.team")
        .doesNotContain("tier2.owner.external-supplier");
    assertThat(r.missing()).contains("tier2.owner.external-supplier");
  }

  @Test
  void generate_configuredFieldsComeFromConfig_andWinOverGenerated() {
    AtrsRecord r = generate(TRANSPARENCY, fullEvidence());

    Field sro = r.field("tier2.owner.senior-responsible-owner").orElseThrow();
    assertThat(sro.source()).isEqualTo(Source.CONFIG);
    assertThat(sro.value()).containsExactly("Jane Smith, Director of Probation Delivery");
    Field review = r.field("tier2.decision-making.human-decisions-and-review").orElseThrow();
    assertThat(review.source()).isEqualTo(Source.CONFIG);
    assertThat(review.value())
        .containsExactly("Officers read every summary against the case file before use.");
    Field impact = r.field("tier2.risks.impact-assessment").orElseThrow();
    assertThat(impact.kind()).isEqualTo(Kind.LIST);
    assertThat(impact.value())
        .containsExactly("DPIA, completed 2026-09-01", "Equality impact assessment");

    AtrsRecord unconfigured = generate(ServiceTransparency.NONE, fullEvidence());
    Field generated =
        unconfigured.field("tier2.decision-making.human-decisions-and-review").orElseThrow();
    assertThat(generated.source()).isEqualTo(Source.GENERATED);
    assertThat(generated.value())
        .containsExactly(
            "summarise-case-notes: a person must review each answer before it is used.");
    assertThat(unconfigured.missing()).contains("tier2.owner.senior-responsible-owner");
  }

  @Test
  void generate_modelsAndVersionsFromEvidence() {
    AtrsRecord r = generate(TRANSPARENCY, fullEvidence());

    assertThat(r.field("tier2.tool.models").orElseThrow().value())
        .containsExactly(
            "sandbox/sandbox-refuser (version 2026-11) via the sandbox provider, UK residency,"
                + " sovereign; used by summarise-case-notes");
    assertThat(r.field("tier2.model.model-version").orElseThrow().value())
        .containsExactly(
            "sandbox-refuser on sandbox: model sandbox-refuser, version 2026-11; evaluation"
                + " evidence and approvals name it sandbox/sandbox-refuser");
    assertThat(r.field("tier2.model.model-name").orElseThrow().value())
        .containsExactly("sandbox-refuser: Refuses every request");
    assertThat(r.field("tier1.name").orElseThrow().value())
        .containsExactly("Probation notes assistant");
    assertThat(r.field("tier2.owner.organisation-or-department").orElseThrow().value())
        .containsExactly("Ministry of Justice");
  }

  @Test
  void generate_performanceFromEvaluationsApprovalsAndRules() {
    AtrsRecord r = generate(TRANSPARENCY, fullEvidence());

    Field perf = r.field("tier2.model.model-performance").orElseThrow();
    assertThat(perf.source()).isEqualTo(Source.GENERATED);
    assertThat(perf.value())
        .containsExactly(
            "sandbox/sandbox-refuser: refusal-core (suite version 1) accuracy 0.975 (95% interval"
                + " 0.929 to 0.992) over 120 samples; run run-1 completed 2026-11-20.",
            "summarise-case-notes is served only by model versions whose latest evaluation shows"
                + " refusal-core accuracy lower-95 >= 0.85, from a run at most 90 days old.",
            "sandbox/sandbox-refuser is approved for summarise-case-notes until 2027-02-18"
                + " (approval ap_1, on runs run-1).");
    assertThat(r.field("tier2.tool.maintenance").orElseThrow().text().orElseThrow())
        .contains("lapse 90 days after the run");
  }

  @Test
  void generate_benefitsAndUsageFromEvidence() {
    AtrsRecord r = generate(TRANSPARENCY, fullEvidence());

    assertThat(r.field("tier2.description.benefit").orElseThrow().value())
        .containsExactly(
            "Measured in the 30 days to 2026-11-27T12:00:00Z: 80% of the answers whose outcome was"
                + " reported were accepted (20 accepted, 4 accepted after editing, 6 rejected); 550"
                + " minutes of staff time saved; spend £1.20; £0.05 per accepted task; 100% of"
                + " answered requests served on sovereign compute.");
    assertThat(r.field("tier2.decision-making.frequency-and-scale-of-usage").orElseThrow().value())
        .containsExactly(
            "40 requests in the 30 days to 2026-11-27T12:00:00Z, of which 36 were answered and 4"
                + " refused or failed.");
    assertThat(r.field("tier2.description.previous-process").orElseThrow().value())
        .containsExactly(
            "summarise-case-notes: without AI, a person spends about 25 minutes on each task.");
  }

  @Test
  void generate_dataHandledFromGuardsAndClassification() {
    AtrsRecord r = generate(TRANSPARENCY, fullEvidence());

    assertThat(r.field("tier2.data.data-cleaning").orElseThrow().value())
        .containsExactly(
            "summarise-case-notes: before a request reaches a model, Steward masks PHONE_NUMBER,"
                + " refuses requests containing CREDIT_CARD, replaces UK_NINO with placeholders"
                + " (restored in the answer); in answers, Steward redacts CREDIT_CARD;"
                + " prompt-injection guard: flagged user messages are refused, flagged tool"
                + " content is cut out.");
    assertThat(r.field("tier2.data.data-access-and-storage").orElseThrow().text().orElseThrow())
        .isEqualTo(
            "summarise-case-notes: requests classified OFFICIAL, OFFICIAL-SENSITIVE may be sent to"
                + " its models; requests without a classification are treated as OFFICIAL; data is"
                + " processed only in UK. Every exchange is recorded in Steward's public transparency"
                + " log (steward.example/log).");
    assertThat(r.field("tier2.data.sensitive-attributes").orElseThrow().text().orElseThrow())
        .isEqualTo(
            "summarise-case-notes: personal data Steward's guard looks for: in requests,"
                + " CREDIT_CARD, PHONE_NUMBER, UK_NINO; in answers, CREDIT_CARD.");
    assertThat(r.field("tier2.decision-making.provided-information").orElseThrow().value())
        .containsExactly(
            "summarise-case-notes: text written by an AI model; answers carry the"
                + " X-Steward-AI-Generated header and begin with \"[AI draft]\".");
  }

  @Test
  void generate_noEvidence_evaluationAndUsageFieldsMissing() {
    AtrsEvidence none =
        new AtrsEvidence(
            List.of(useCase(List.of(), List.of(), List.of())), List.of(), null, false, null);

    AtrsRecord r = generate(ServiceTransparency.NONE, none);

    assertThat(r.missing())
        .contains(
            "tier2.model.model-performance",
            "tier2.decision-making.frequency-and-scale-of-usage",
            "tier2.description.benefit",
            "tier2.model.model-name",
            "tier2.model.model-version",
            "tier2.tool.maintenance");
    assertThat(r.field("tier2.tool.models").orElseThrow().value())
        .containsExactly("summarise-case-notes: no model can serve it now.");
  }

  @Test
  void generate_gatedWithoutEvaluations_saysNoEvaluationEvidence() {
    AtrsEvidence gated =
        new AtrsEvidence(
            List.of(
                useCase(List.of(), List.of(), List.of("refusal-core accuracy lower-95 >= 0.85"))),
            List.of(),
            null,
            false,
            null);

    AtrsRecord r = generate(ServiceTransparency.NONE, gated);

    assertThat(r.field("tier2.model.model-performance").orElseThrow().value())
        .contains("Steward holds no evaluation evidence for the model versions that serve it.");
    assertThat(r.field("tier2.tool.models").orElseThrow().value())
        .containsExactly(
            "summarise-case-notes: no model can serve it now (it needs an approved model version,"
                + " and none holds an approval).");
  }

  @Test
  void generate_noRequestsInPeriod_saysSo_andBenefitMissing() {
    Benefits zero =
        new Benefits(
            NOW.minus(Duration.ofDays(30)),
            NOW,
            0,
            0,
            0,
            0,
            0,
            null,
            BigDecimal.ZERO,
            BigDecimal.ZERO,
            null,
            null);
    AtrsEvidence e =
        new AtrsEvidence(
            List.of(useCase(List.of(REFUSER), List.of(), List.of())), List.of(), zero, false, null);

    AtrsRecord r = generate(ServiceTransparency.NONE, e);

    assertThat(r.field("tier2.decision-making.frequency-and-scale-of-usage").orElseThrow().value())
        .containsExactly("No requests in the 30 days to 2026-11-27T12:00:00Z.");
    assertThat(r.missing()).contains("tier2.description.benefit");
  }

  @Test
  void template_configurableKeysMatchServiceTransparency() {
    List<String> text = new ArrayList<>();
    List<String> list = new ArrayList<>();
    List<String> all = new ArrayList<>();
    AtrsTemplate.TIER1.forEach(s -> all.add(s.slug() + ":" + s.kind()));
    AtrsTemplate.TIER2.forEach(
        sec -> sec.fields().forEach(s -> all.add(s.slug() + ":" + s.kind())));
    for (String key : ServiceTransparency.TEXT_KEYS) {
      text.add(key + ":TEXT");
    }
    for (String key : ServiceTransparency.LIST_KEYS) {
      list.add(key + ":LIST");
    }

    // Every configurable key is a template field of the same kind; the rest are Steward's facts.
    assertThat(all).containsAll(text).containsAll(list);
    List<String> generatedOnly = new ArrayList<>(all);
    generatedOnly.removeAll(text);
    generatedOnly.removeAll(list);
    assertThat(generatedOnly)
        .containsExactlyInAnyOrder(
            "name:TEXT",
            "frequency-and-scale-of-usage:TEXT",
            "models:LIST",
            "model-name:LIST",
            "model-version:LIST",
            "model-performance:LIST");
  }

  @Test
  void generate_isPure_sameInputsSameRecord() {
    assertThat(generate(TRANSPARENCY, fullEvidence()))
        .isEqualTo(generate(TRANSPARENCY, fullEvidence()));
  }
}
