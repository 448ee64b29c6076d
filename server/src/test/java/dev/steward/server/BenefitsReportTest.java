package dev.steward.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.config.ConfigLoader;
import dev.steward.config.StewardConfig;
import dev.steward.server.BenefitsReport.Group;
import dev.steward.server.BenefitsReport.Grouping;
import dev.steward.server.BenefitsReport.Period;
import dev.steward.store.LedgerRow;
import dev.steward.store.OutcomeStorage.Kind;
import dev.steward.store.OutcomeStorage.Outcome;
import dev.steward.store.Principal;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class BenefitsReportTest {
  private static final StewardConfig CONFIG =
      ConfigLoader.parse(
          """
          sandbox: allowed
          providers:
            sov:
              protocol: sandbox
              residency: UK
              max-classification: OFFICIAL
              sovereign: true
              capacity: {max-concurrency: 4, gpu-hour-gbp: 2.40, gpus: 2}
            pub: {protocol: sandbox, residency: UK, max-classification: OFFICIAL}
          models:
            chat:
              max-output-tokens: 1000
              routes:
                - {provider: sov, model: m}
                - {provider: pub, model: m}
          departments:
            d:
              name: D
              services:
                s:
                  name: S
                  use-cases:
                    u: {purpose: P, baseline-minutes: 20}
                    v: {purpose: P}
            e:
              name: E
              services:
                t:
                  name: T
                  use-cases:
                    w: {purpose: P, baseline-minutes: 10}
          """,
          Path.of("steward.yaml"),
          Map.of());
  private static final Principal DSU = Principal.of("d", "s", "u");
  private static final Principal DSV = Principal.of("d", "s", "v");
  private static final Principal ETW = Principal.of("e", "t", "w");
  private static final Period NOVEMBER = Period.parse("2026-11");
  private static final Instant T = Instant.parse("2026-11-10T12:00:00Z");

  private static final List<LedgerRow> ROWS =
      List.of(
          row("r1", T, DSU, "sov/m", "ok", "0.10")
              .withPoolAndRedactions(1_500_000L, "mask:EMAIL_ADDRESS=2,strip:INJECTION=1"),
          row("r2", T.plusSeconds(1), DSU, "pub/m", "ok", "0.25"),
          row("r3", T.plusSeconds(2), DSV, "pub/m", "ok", "0.05"),
          row("r4", T.plusSeconds(3), DSU, null, "policy.not_approved", "0")
              .withPoolAndRedactions(null, "block:UK_NINO=1"),
          row("r5", T.plusSeconds(4), DSU, "pub/m", "budget.exceeded", "0"),
          row("r6", T.plusSeconds(5), DSV, "sov/m", "ok", "1")
              .withPoolAndRedactions(250_000L, "mask:EMAIL_ADDRESS=1,output.redact:UK_NINO=1"),
          row("r7", T.plusSeconds(6), ETW, null, "policy.not_approved", "0")
              .withPoolAndRedactions(null, "flag:INJECTION=1"),
          row("before", Instant.parse("2026-10-31T23:59:59.999999Z"), DSU, "sov/m", "ok", "50"),
          row("after", Instant.parse("2026-12-01T00:00:00Z"), DSU, "sov/m", "ok", "70"));
  private static final List<Outcome> OUTCOMES =
      List.of(
          outcome("r1", DSU, Kind.ACCEPTED, null),
          outcome("r2", DSU, Kind.EDITED, null),
          outcome("r3", DSV, Kind.REJECTED, null),
          outcome("r6", DSV, Kind.ACCEPTED, 7.5),
          outcome("after", DSU, Kind.ACCEPTED, 100.0),
          outcome("before", DSU, Kind.ACCEPTED, 100.0),
          outcome("unknown", DSU, Kind.ACCEPTED, 100.0));

  @Test
  void compute_byDepartment_everyFigure() {
    BenefitsReport report = compute(Grouping.DEPARTMENT, ROWS, OUTCOMES);

    assertThat(report.groups()).extracting(Group::key).containsExactly("d", "e");
    assertThat(report.groups().get(0))
        .isEqualTo(
            new Group(
                "d",
                6,
                4,
                Map.of("budget.exceeded", 1L, "policy.not_approved", 1L),
                new BigDecimal("1.40"),
                600,
                60,
                30,
                0.5,
                2,
                1,
                1,
                0.75,
                new BigDecimal("37.5"),
                new BigDecimal("0.4666666667"),
                Map.of(
                    "mask:EMAIL_ADDRESS", 3L,
                    "strip:INJECTION", 1L,
                    "block:UK_NINO", 1L,
                    "output.redact:UK_NINO", 1L),
                new BigDecimal("1.75"),
                new BigDecimal("3.5")));
  }

  @Test
  void compute_total_sumsEveryGroup() {
    BenefitsReport report = compute(Grouping.USE_CASE, ROWS, OUTCOMES);

    assertThat(report.total())
        .isEqualTo(
            new Group(
                "total",
                7,
                4,
                Map.of("budget.exceeded", 1L, "policy.not_approved", 2L),
                new BigDecimal("1.40"),
                700,
                70,
                35,
                0.5,
                2,
                1,
                1,
                0.75,
                new BigDecimal("37.5"),
                new BigDecimal("0.4666666667"),
                Map.of(
                    "mask:EMAIL_ADDRESS", 3L,
                    "strip:INJECTION", 1L,
                    "block:UK_NINO", 1L,
                    "flag:INJECTION", 1L,
                    "output.redact:UK_NINO", 1L),
                new BigDecimal("1.75"),
                new BigDecimal("3.5")));
    assertThat(compute(Grouping.DEPARTMENT, List.of(), OUTCOMES).total().requests()).isZero();
  }

  @Test
  void compute_groupWithNothingServedNorReported_nullRatesAndZeroes() {
    Group e = compute(Grouping.DEPARTMENT, ROWS, OUTCOMES).groups().get(1);

    assertThat(e)
        .isEqualTo(
            new Group(
                "e",
                1,
                0,
                Map.of("policy.not_approved", 1L),
                new BigDecimal("0.00"),
                100,
                10,
                5,
                null,
                0,
                0,
                0,
                null,
                new BigDecimal("0"),
                null,
                Map.of("flag:INJECTION", 1L),
                BigDecimal.ZERO,
                BigDecimal.ZERO));
  }

  @Test
  void compute_byUseCase_baselineTimesFactorUnlessReported_zeroWithoutBaseline() {
    BenefitsReport report = compute(Grouping.USE_CASE, ROWS, OUTCOMES);

    assertThat(report.groups()).extracting(Group::key).containsExactly("d/s/u", "d/s/v", "e/t/w");
    Group u = report.groups().get(0);
    // accepted: 20 × 1.0, edited: 20 × 0.5
    assertThat(u.minutesSaved()).isEqualByComparingTo("30");
    assertThat(u.acceptanceRate()).isEqualTo(1.0);
    assertThat(u.sovereignShare()).isEqualTo(0.5);
    assertThat(u.costPerAcceptedTaskGbp()).isEqualByComparingTo("0.175");
    Group v = report.groups().get(1);
    // reported 7.5 minutes; rejected with no baseline: 0
    assertThat(v.minutesSaved()).isEqualByComparingTo("7.5");
    assertThat(v.acceptanceRate()).isEqualTo(0.5);
    assertThat(v.costPerAcceptedTaskGbp()).isEqualByComparingTo("1.05");
  }

  @Test
  void compute_byService_keysJoinDepartmentAndService() {
    assertThat(compute(Grouping.SERVICE, ROWS, OUTCOMES).groups())
        .extracting(Group::key, Group::requests)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("d/s", 6L),
            org.assertj.core.groups.Tuple.tuple("e/t", 1L));
  }

  @Test
  void compute_noOutcomes_outcomeFiguresEmpty() {
    Group d = compute(Grouping.DEPARTMENT, ROWS, List.of()).groups().get(0);

    assertThat(d.accepted() + d.edited() + d.rejected()).isZero();
    assertThat(d.acceptanceRate()).isNull();
    assertThat(d.minutesSaved()).isEqualByComparingTo("0");
    assertThat(d.costPerAcceptedTaskGbp()).isNull();
    assertThat(d.spendGbp()).isEqualByComparingTo("1.40");
  }

  @Test
  void compute_rejectedOnlyWithBaseline_savesNothing() {
    Group u =
        compute(
                Grouping.USE_CASE,
                List.of(row("x", T, DSU, "pub/m", "ok", "0.3")),
                List.of(outcome("x", DSU, Kind.REJECTED, null)))
            .groups()
            .get(0);

    assertThat(u.minutesSaved()).isEqualByComparingTo("0");
    assertThat(u.acceptanceRate()).isEqualTo(0.0);
    assertThat(u.costPerAcceptedTaskGbp()).isNull();
    assertThat(u.sovereignShare()).isEqualTo(0.0);
  }

  @Test
  void compute_noRows_noGroups() {
    assertThat(compute(Grouping.DEPARTMENT, List.of(), OUTCOMES).groups()).isEmpty();
  }

  @Test
  void json_namesEveryFigure() throws Exception {
    JsonNode root =
        new ObjectMapper().readTree(compute(Grouping.DEPARTMENT, ROWS, OUTCOMES).json());

    assertThat(root.at("/period/label").asText()).isEqualTo("2026-11");
    assertThat(root.at("/period/from").asText()).isEqualTo("2026-11-01T00:00:00Z");
    assertThat(root.at("/period/to").asText()).isEqualTo("2026-12-01T00:00:00Z");
    assertThat(root.at("/by").asText()).isEqualTo("department");
    JsonNode d = root.at("/groups/0");
    assertThat(d.get("group").asText()).isEqualTo("d");
    assertThat(d.get("requests").asLong()).isEqualTo(6);
    assertThat(d.get("served").asLong()).isEqualTo(4);
    assertThat(d.get("denied").toString())
        .isEqualTo("{\"budget.exceeded\":1,\"policy.not_approved\":1}");
    assertThat(d.get("spend_gbp").asText()).isEqualTo("1.40");
    assertThat(d.get("input_tokens").asLong()).isEqualTo(600);
    assertThat(d.get("output_tokens").asLong()).isEqualTo(60);
    assertThat(d.get("cached_input_tokens").asLong()).isEqualTo(30);
    assertThat(d.get("sovereign_share").asDouble()).isEqualTo(0.5);
    assertThat(d.get("accepted").asLong()).isEqualTo(2);
    assertThat(d.get("edited").asLong()).isEqualTo(1);
    assertThat(d.get("rejected").asLong()).isEqualTo(1);
    assertThat(d.get("acceptance_rate").asDouble()).isEqualTo(0.75);
    assertThat(d.get("minutes_saved").decimalValue()).isEqualByComparingTo("37.5");
    assertThat(d.get("cost_per_accepted_task_gbp").asText()).isEqualTo("0.4666666667");
    JsonNode e = root.at("/groups/1");
    assertThat(e.get("spend_gbp").asText()).isEqualTo("0.00");
    assertThat(e.get("sovereign_share").isNull()).isTrue();
    assertThat(e.get("acceptance_rate").isNull()).isTrue();
    assertThat(e.get("cost_per_accepted_task_gbp").isNull()).isTrue();
    assertThat(d.get("redactions").toString())
        .isEqualTo(
            "{\"block:UK_NINO\":1,\"mask:EMAIL_ADDRESS\":3,\"output.redact:UK_NINO\":1,"
                + "\"strip:INJECTION\":1}");
    assertThat(d.get("pool_seconds").decimalValue()).isEqualByComparingTo("1.75");
    assertThat(d.get("gpu_seconds").decimalValue()).isEqualByComparingTo("3.5");
    assertThat(e.get("redactions").toString()).isEqualTo("{\"flag:INJECTION\":1}");
    JsonNode total = root.at("/total");
    assertThat(total.has("group")).isFalse();
    assertThat(total.get("requests").asLong()).isEqualTo(7);
    assertThat(total.get("denied").toString())
        .isEqualTo("{\"budget.exceeded\":1,\"policy.not_approved\":2}");
    assertThat(total.get("redactions").size()).isEqualTo(5);
  }

  @Test
  void csv_headerThenOneRowPerGroupThenTotal() {
    String csv = compute(Grouping.DEPARTMENT, ROWS, OUTCOMES).csv();

    assertThat(csv.split("\r\n"))
        .containsExactly(
            "period,from,to,by,group,requests,served,denied,spend_gbp,input_tokens,output_tokens,"
                + "cached_input_tokens,sovereign_share,accepted,edited,rejected,acceptance_rate,"
                + "minutes_saved,cost_per_accepted_task_gbp,redactions,pool_seconds,gpu_seconds",
            "2026-11,2026-11-01T00:00:00Z,2026-12-01T00:00:00Z,department,d,6,4,"
                + "budget.exceeded=1;policy.not_approved=1,1.40,600,60,30,0.5,2,1,1,0.75,37.5,"
                + "0.4666666667,block:UK_NINO=1;mask:EMAIL_ADDRESS=3;output.redact:UK_NINO=1;"
                + "strip:INJECTION=1,1.75,3.5",
            "2026-11,2026-11-01T00:00:00Z,2026-12-01T00:00:00Z,department,e,1,0,"
                + "policy.not_approved=1,0.00,100,10,5,,0,0,0,,0,,flag:INJECTION=1,0,0",
            "2026-11,2026-11-01T00:00:00Z,2026-12-01T00:00:00Z,total,total,7,4,"
                + "budget.exceeded=1;policy.not_approved=2,1.40,700,70,35,0.5,2,1,1,0.75,37.5,"
                + "0.4666666667,block:UK_NINO=1;flag:INJECTION=1;mask:EMAIL_ADDRESS=3;"
                + "output.redact:UK_NINO=1;strip:INJECTION=1,1.75,3.5");
  }

  @Test
  void csv_noGroups_headerOnly() {
    assertThat(compute(Grouping.DEPARTMENT, List.of(), OUTCOMES).csv().split("\r\n")).hasSize(1);
  }

  @Test
  void money_atLeastTwoPlacesNoTrailingZerosBeyond() {
    assertThat(BenefitsReport.money(new BigDecimal("0E-10"))).isEqualTo("0.00");
    assertThat(BenefitsReport.money(new BigDecimal("1.5000000000"))).isEqualTo("1.50");
    assertThat(BenefitsReport.money(new BigDecimal("100"))).isEqualTo("100.00");
    assertThat(BenefitsReport.money(new BigDecimal("0.0000000001"))).isEqualTo("0.0000000001");
  }

  @Test
  void parse_month_day_week_range() {
    assertThat(NOVEMBER)
        .isEqualTo(
            new Period(
                "2026-11",
                Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-12-01T00:00:00Z")));
    assertThat(Period.parse("2026-11-27"))
        .isEqualTo(
            new Period(
                "2026-11-27",
                Instant.parse("2026-11-27T00:00:00Z"),
                Instant.parse("2026-11-28T00:00:00Z")));
    assertThat(Period.parse("2026-W48"))
        .isEqualTo(
            new Period(
                "2026-W48",
                Instant.parse("2026-11-23T00:00:00Z"),
                Instant.parse("2026-11-30T00:00:00Z")));
    assertThat(Period.parse("2026-W53").from()).isEqualTo(Instant.parse("2026-12-28T00:00:00Z"));
    assertThat(Period.parse("2026-W01").from()).isEqualTo(Instant.parse("2025-12-29T00:00:00Z"));
    assertThat(Period.parse("2026-11-01..2026-11-08"))
        .isEqualTo(
            new Period(
                "2026-11-01..2026-11-08",
                Instant.parse("2026-11-01T00:00:00Z"),
                Instant.parse("2026-11-08T00:00:00Z")));
  }

  @Test
  void parse_badPeriods_rejectNamingValueAndExpected() {
    for (String bad :
        List.of(
            "november",
            "2026-13",
            "2026-11-31",
            "2025-W53",
            "2026-W00",
            "2026-W7",
            "2026-11-08..2026-11-01",
            "2026-11-01..2026-11-01",
            "2026-11..2026-12",
            "",
            "2026-11-27T00:00Z")) {
      assertThatThrownBy(() -> Period.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "period: \""
                  + bad
                  + "\" (expected: YYYY-MM, YYYY-MM-DD, YYYY-Www (ISO week) or FROM..TO (ISO"
                  + " dates, TO exclusive))");
    }
  }

  @Test
  void grouping_wireNames_roundTrip() {
    assertThat(Grouping.of("use-case")).contains(Grouping.USE_CASE);
    assertThat(Grouping.of("department")).contains(Grouping.DEPARTMENT);
    assertThat(Grouping.of("service")).contains(Grouping.SERVICE);
    assertThat(Grouping.of("USE_CASE")).isEmpty();
  }

  private static BenefitsReport compute(Grouping by, List<LedgerRow> rows, List<Outcome> outcomes) {
    return BenefitsReport.compute(CONFIG, NOVEMBER, by, rows::forEach, outcomes);
  }

  private static LedgerRow row(
      String id, Instant at, Principal p, @Nullable String route, String outcome, String cost) {
    return new LedgerRow(
        id,
        at,
        p,
        "openai",
        "chat",
        "chat",
        route,
        route == null ? null : "m",
        outcome,
        outcome.equals("ok") ? 200 : 403,
        100,
        10,
        5,
        new BigDecimal(cost),
        1000,
        null,
        false,
        route == null ? 0 : 1,
        null,
        null);
  }

  private static Outcome outcome(String id, Principal p, Kind kind, @Nullable Double minutes) {
    return new Outcome(
        id, p.department(), p.service(), p.useCase(), kind, minutes, null, T.plusSeconds(60), "k1");
  }
}
