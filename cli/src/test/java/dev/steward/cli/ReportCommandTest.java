package dev.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.store.H2Storage;
import dev.steward.store.LedgerRow;
import dev.steward.store.OutcomeStorage.Kind;
import dev.steward.store.OutcomeStorage.Outcome;
import dev.steward.store.Principal;
import dev.steward.store.Storage;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code steward report benefits}, run in-process on the demo configuration against a ledger and
 * outcomes written straight into the store.
 */
class ReportCommandTest {
  private static final Principal NOTES =
      Principal.of("justice", "probation-notes", "summarise-case-notes"); // baseline 25 minutes
  private static final Principal LESSONS =
      Principal.of("education", "lesson-planning", "draft-lesson-plan"); // baseline 40 minutes
  private static final Instant T = Instant.parse("2026-11-10T09:00:00Z");

  @TempDir Path dir;

  private Path data;
  private String config;

  @BeforeEach
  void fill() {
    data = dir.resolve("data");
    config = DemoCommand.writeDemoConfig(dir.resolve("cfg")).toString();
    try (Storage storage = H2Storage.open(data)) {
      storage
          .ledger()
          .append(
              List.of(
                  row("j1", T, NOTES, "sovereign-sandbox/sovereign-chat", "ok", "0.30"),
                  row("j2", T.plusSeconds(1), NOTES, "sandbox/sandbox-chat", "ok", "0.10"),
                  row("j3", T.plusSeconds(2), NOTES, null, "policy.not_approved", "0"),
                  row("e1", T.plusSeconds(3), LESSONS, "sandbox/sandbox-chat", "ok", "0.05"),
                  row(
                      "old",
                      Instant.parse("2026-10-15T09:00:00Z"),
                      NOTES,
                      "sandbox/sandbox-chat",
                      "ok",
                      "9.99")));
      // Reported after the period ended: it still counts, with its exchange.
      storage.outcomes().record(outcome("j1", NOTES, Kind.ACCEPTED, "2026-12-02T10:00:00Z"));
      storage.outcomes().record(outcome("j2", NOTES, Kind.EDITED, "2026-11-10T10:00:00Z"));
      storage.outcomes().record(outcome("e1", LESSONS, Kind.REJECTED, "2026-11-11T10:00:00Z"));
      storage.outcomes().record(outcome("old", NOTES, Kind.ACCEPTED, "2026-11-01T10:00:00Z"));
    }
  }

  /** {@code steward report benefits ARGS --config CONFIG --data-dir DATA}. */
  private CliRun run(String... args) {
    List<String> all = new ArrayList<>(List.of("report", "benefits"));
    all.addAll(List.of(args));
    all.addAll(List.of("--config", config, "--data-dir", data.toString()));
    return CliRun.of(Map.of(), all.toArray(String[]::new));
  }

  @Test
  void benefits_json_perDepartment() throws Exception {
    CliRun r = run("--period", "2026-11");

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode root = new ObjectMapper().readTree(r.out());
    assertThat(root.at("/period/from").asText()).isEqualTo("2026-11-01T00:00:00Z");
    assertThat(root.at("/by").asText()).isEqualTo("department");
    assertThat(root.get("groups")).hasSize(2);
    JsonNode education = root.at("/groups/0");
    assertThat(education.get("group").asText()).isEqualTo("education");
    assertThat(education.get("spend_gbp").asText()).isEqualTo("0.05");
    assertThat(education.get("sovereign_share").asDouble()).isEqualTo(0.0);
    assertThat(education.get("rejected").asLong()).isEqualTo(1);
    assertThat(education.get("acceptance_rate").asDouble()).isEqualTo(0.0);
    assertThat(education.get("minutes_saved").decimalValue()).isEqualByComparingTo("0");
    assertThat(education.get("cost_per_accepted_task_gbp").isNull()).isTrue();
    JsonNode justice = root.at("/groups/1");
    assertThat(justice.get("group").asText()).isEqualTo("justice");
    assertThat(justice.get("requests").asLong()).isEqualTo(3);
    assertThat(justice.get("served").asLong()).isEqualTo(2);
    assertThat(justice.get("denied").toString()).isEqualTo("{\"policy.not_approved\":1}");
    assertThat(justice.get("spend_gbp").asText()).isEqualTo("0.40");
    assertThat(justice.get("input_tokens").asLong()).isEqualTo(300);
    assertThat(justice.get("sovereign_share").asDouble()).isEqualTo(0.5);
    assertThat(justice.get("accepted").asLong()).isEqualTo(1);
    assertThat(justice.get("edited").asLong()).isEqualTo(1);
    assertThat(justice.get("acceptance_rate").asDouble()).isEqualTo(1.0);
    assertThat(justice.get("minutes_saved").decimalValue()).isEqualByComparingTo("37.5");
    assertThat(justice.get("cost_per_accepted_task_gbp").asText()).isEqualTo("0.20");
  }

  @Test
  void benefits_csvByUseCase_headerOneRowPerUseCaseAndTheTotal() {
    CliRun r = run("--period", "2026-W46", "--by", "use-case", "--format", "csv");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().split("\r\n"))
        .containsExactly(
            "period,from,to,by,group,requests,served,denied,spend_gbp,input_tokens,output_tokens,"
                + "cached_input_tokens,sovereign_share,accepted,edited,rejected,acceptance_rate,"
                + "minutes_saved,cost_per_accepted_task_gbp,redactions,pool_seconds,gpu_seconds",
            "2026-W46,2026-11-09T00:00:00Z,2026-11-16T00:00:00Z,use-case,"
                + "education/lesson-planning/draft-lesson-plan,1,1,,0.05,100,10,0,0.0,0,0,1,0.0,0,,,0,0",
            "2026-W46,2026-11-09T00:00:00Z,2026-11-16T00:00:00Z,use-case,"
                + "justice/probation-notes/summarise-case-notes,3,2,policy.not_approved=1,0.40,300,"
                + "30,0,0.5,1,1,0,1.0,37.5,0.20,,0,0",
            "2026-W46,2026-11-09T00:00:00Z,2026-11-16T00:00:00Z,total,total,4,3,"
                + "policy.not_approved=1,0.45,400,40,0,0.3333333333333333,1,1,1,0.6666666666666666,"
                + "37.5,0.225,,0,0");
  }

  @Test
  void benefits_periodWithNoExchanges_noGroups() {
    CliRun r = run("--period", "2026-11-27", "--format", "csv");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().split("\r\n")).hasSize(1);
  }

  @Test
  void benefits_earlierMonth_countsOnlyItsExchangeAndOutcome() throws Exception {
    CliRun r = run("--period", "2026-10-01..2026-11-01", "--by", "service");

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode groups = new ObjectMapper().readTree(r.out()).get("groups");
    assertThat(groups).hasSize(1);
    assertThat(groups.at("/0/group").asText()).isEqualTo("justice/probation-notes");
    assertThat(groups.at("/0/spend_gbp").asText()).isEqualTo("9.99");
    assertThat(groups.at("/0/accepted").asLong()).isEqualTo(1);
    assertThat(groups.at("/0/minutes_saved").decimalValue()).isEqualByComparingTo("25");
  }

  @Test
  void benefits_badPeriod_exits2NamingValueAndExpected() {
    CliRun r = run("--period", "2026-13");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "--period: \"2026-13\" (expected: YYYY-MM, YYYY-MM-DD, YYYY-Www (ISO week) or FROM..TO"
                + " (ISO dates, TO exclusive))");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void benefits_badGroupingOrFormat_exits2() {
    CliRun by = run("--period", "2026-11", "--by", "team");
    CliRun format = run("--period", "2026-11", "--format", "xml");

    assertThat(by.code()).isEqualTo(2);
    assertThat(by.err()).contains("--by: 'team' (expected: department, service or use-case)");
    assertThat(format.code()).isEqualTo(2);
    assertThat(format.err()).contains("--format: 'xml' (expected: json or csv)");
  }

  @Test
  void benefits_withoutConfigOrPeriod_exits2() {
    CliRun noConfig =
        CliRun.of(
            Map.of(), "report", "benefits", "--period", "2026-11", "--data-dir", data.toString());
    CliRun noPeriod = CliRun.of(Map.of(), "report", "benefits", "--config", config);

    assertThat(noConfig.code()).isEqualTo(2);
    assertThat(noConfig.err()).contains("--config is required");
    assertThat(noPeriod.code()).isEqualTo(2);
    assertThat(noPeriod.err()).contains("--period");
  }

  /** {@code steward report atrs ARGS --config CONFIG --data-dir DATA}. */
  private CliRun atrs(String... args) {
    List<String> all = new ArrayList<>(List.of("report", "atrs"));
    all.addAll(List.of(args));
    all.addAll(List.of("--config", config, "--data-dir", data.toString()));
    return CliRun.of(Map.of(), all.toArray(String[]::new));
  }

  @Test
  void atrs_json_configuredGeneratedAndMissingFields() throws Exception {
    CliRun r = atrs("justice/probation-notes");

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode root = new ObjectMapper().readTree(r.out());
    assertThat(root.get("service").asText()).isEqualTo("justice/probation-notes");
    assertThat(root.get("template_version").asText()).isEqualTo("ATRS 3.0");
    JsonNode owner = root.at("/tier2/0");
    assertThat(owner.get("id").asText()).isEqualTo("tier2.owner");
    JsonNode sro = owner.at("/fields/2");
    assertThat(sro.get("id").asText()).isEqualTo("tier2.owner.senior-responsible-owner");
    assertThat(sro.get("source").asText()).isEqualTo("config");
    assertThat(sro.get("value").asText()).isEqualTo("Director of Probation Delivery (example)");
    JsonNode models = root.at("/tier2/3/fields/3");
    assertThat(models.get("id").asText()).isEqualTo("tier2.tool.models");
    assertThat(models.get("source").asText()).isEqualTo("generated");
    assertThat(models.get("value").get(0).asText())
        .isEqualTo(
            "sandbox/sandbox-chat (version 1) via the sandbox provider, UK residency, not"
                + " sovereign; used by summarise-case-notes");
    List<String> missing = new ArrayList<>();
    root.get("missing").forEach(m -> missing.add(m.asText()));
    assertThat(missing).contains("tier2.model.model-architecture").doesNotContain("tier1.name");
    assertThat(r.err()).contains("required fields have no value").contains("model-architecture");
  }

  @Test
  void atrs_partlyConfiguredService_listsMoreMissing() throws Exception {
    CliRun full = atrs("justice/probation-notes");
    CliRun partial = atrs("education/lesson-planning");

    assertThat(partial.code()).as(partial.err()).isZero();
    JsonNode p = new ObjectMapper().readTree(partial.out());
    JsonNode f = new ObjectMapper().readTree(full.out());
    assertThat(p.get("missing").size()).isGreaterThan(f.get("missing").size());
    List<String> missing = new ArrayList<>();
    p.get("missing").forEach(m -> missing.add(m.asText()));
    assertThat(missing).contains("tier2.owner.senior-responsible-owner", "tier1.website-url");
  }

  @Test
  void atrs_out_writesTheFile() throws Exception {
    Path file = dir.resolve("record.json");

    CliRun r = atrs("justice/probation-notes", "--format", "json", "--out", file.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(new ObjectMapper().readTree(file.toFile()).get("service").asText())
        .isEqualTo("justice/probation-notes");
  }

  @Test
  void atrs_html_isOneSelfContainedGovukPage() throws Exception {
    Path file = dir.resolve("record.html");

    CliRun r = atrs("justice/probation-notes", "--format", "html", "--out", file.toString());

    assertThat(r.code()).as(r.err()).isZero();
    String html = Files.readString(file);
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("<h1 class=\"govuk-heading-l\">")
        .contains("Director of Probation Delivery (example)")
        .contains("govuk-summary-list")
        .contains("What this record does not yet say")
        .doesNotContain("<script")
        .doesNotContain("<link");
  }

  @Test
  void atrs_unknownService_exits4NamingTheKnownOnes() {
    CliRun r = atrs("justice/courts");

    assertThat(r.code()).isEqualTo(4);
    assertThat(r.err())
        .contains("service 'justice/courts': not configured")
        .contains("justice/probation-notes");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void atrs_badFormatOrNoConfig_exits2() {
    CliRun format = atrs("justice/probation-notes", "--format", "xml");
    CliRun noConfig =
        CliRun.of(
            Map.of(), "report", "atrs", "justice/probation-notes", "--data-dir", data.toString());

    assertThat(format.code()).isEqualTo(2);
    assertThat(format.err()).contains("--format: 'xml' (expected: json or html)");
    assertThat(noConfig.code()).isEqualTo(2);
    assertThat(noConfig.err()).contains("--config is required");
  }

  private static LedgerRow row(
      String id, Instant at, Principal p, @Nullable String route, String outcome, String cost) {
    return new LedgerRow(
        id,
        at,
        p,
        "openai",
        "chat",
        "sandbox-chat",
        route,
        null,
        outcome,
        outcome.equals("ok") ? 200 : 403,
        100,
        10,
        0,
        new BigDecimal(cost),
        1000,
        null,
        false,
        route == null ? 0 : 1,
        null,
        null);
  }

  private static Outcome outcome(String id, Principal p, Kind kind, String recordedAt) {
    return new Outcome(
        id,
        p.department(),
        p.service(),
        p.useCase(),
        kind,
        null,
        null,
        Instant.parse(recordedAt),
        "k1");
  }
}
