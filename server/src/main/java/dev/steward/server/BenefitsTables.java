package dev.steward.server;

import dev.steward.config.DepartmentConfig;
import dev.steward.config.ServiceConfig;
import dev.steward.config.StewardConfig;
import dev.steward.store.OutcomeStorage.Outcome;
import dev.steward.store.Storage;
import dev.steward.web.Table;
import dev.steward.web.Table.Cell;
import dev.steward.web.Table.Header;
import dev.steward.web.Table.Row;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The benefits tables the public and admin pages share: a period's report by department or service,
 * the daily series drawn as charts, denials and redactions by reason, and how amounts are written.
 * Blocks (database).
 */
final class BenefitsTables {
  /** How many days the daily charts show. */
  static final int CHART_DAYS = 30;

  private final StewardConfig config;
  private final Storage storage;
  private final InstantSource clock;

  BenefitsTables(StewardConfig config, Storage storage, InstantSource clock) {
    this.config = config;
    this.storage = storage;
    this.clock = clock;
  }

  /** Groupings of the benefits tables. */
  enum Grouping {
    DEPT(BenefitsReport.Grouping.DEPARTMENT),
    SERVICE(BenefitsReport.Grouping.SERVICE);

    final BenefitsReport.Grouping by;

    Grouping(BenefitsReport.Grouping by) {
      this.by = by;
    }
  }

  BenefitsReport report(BenefitsReport.Period period, Grouping grouping) {
    return BenefitsReport.fromStore(
        config, period, grouping.by, storage.ledger(), storage.outcomes());
  }

  /** A group's name as people know it: the department's or service's configured name. */
  private String label(String key) {
    String[] parts = key.split("/", -1);
    DepartmentConfig d = config.departments().get(parts[0]);
    if (d == null) {
      return key;
    }
    if (parts.length == 1) {
      return d.name();
    }
    ServiceConfig s = d.services().get(parts[1]);
    return s == null ? key : s.name() + " (" + d.name() + ")";
  }

  Table byGroup(BenefitsReport report, String what, String empty) {
    List<Row> rows =
        report.groups().stream()
            .map(
                g ->
                    Row.of(
                        Cell.text(label(g.key())),
                        Cell.number(String.valueOf(g.requests())),
                        Cell.number(pounds(g.spendGbp())),
                        Cell.number(percent(g.sovereignShare())),
                        Cell.number(percent(g.acceptanceRate())),
                        Cell.number(hours(g.minutesSaved())),
                        Cell.number(
                            g.costPerAcceptedTaskGbp() == null
                                ? "–"
                                : "£"
                                    + g.costPerAcceptedTaskGbp().setScale(2, RoundingMode.HALF_UP)),
                        Cell.number(
                            String.valueOf(
                                g.denied().values().stream().mapToLong(Long::longValue).sum()))))
            .toList();
    return Table.of(
        report.period().label() + " by " + what.toLowerCase(Locale.ROOT),
        List.of(
            Header.text(what),
            Header.number("Requests"),
            Header.number("Spend"),
            Header.number("Sovereign share"),
            Header.number("Acceptance rate"),
            Header.number("Hours saved"),
            Header.number("Cost per accepted task"),
            Header.number("Denied")),
        rows,
        empty);
  }

  /** The total's denials by reason code and redactions by action and type, most frequent first. */
  static Table reasons(BenefitsReport.Group total) {
    List<Row> rows = new ArrayList<>();
    addMostFrequentFirst(rows, total.denied(), "Refused");
    addMostFrequentFirst(rows, total.redactions(), "Redacted");
    return Table.of(
        "Reasons, most frequent first",
        List.of(Header.text("Reason"), Header.text("What happened"), Header.number("Count")),
        rows,
        "Nothing was refused or redacted this month.");
  }

  private static void addMostFrequentFirst(List<Row> rows, Map<String, Long> counts, String what) {
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(
            e ->
                rows.add(
                    Row.of(
                        Cell.text(e.getKey()),
                        Cell.text(what),
                        Cell.number(String.valueOf(e.getValue())))));
  }

  /** One row per day of the last {@link #CHART_DAYS}: requests or spend, and hours saved. */
  Table daily(boolean spend) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    LocalDate first = today.minusDays(CHART_DAYS - 1L);
    BenefitsReport.Period all = BenefitsReport.Period.parse(first + ".." + today.plusDays(1));
    List<Outcome> outcomes = storage.outcomes().since(all.from(), BenefitsReport.OUTCOMES_UNTIL);
    Map<LocalDate, BenefitsReport> days = new TreeMap<>();
    for (LocalDate d = first; !d.isAfter(today); d = d.plusDays(1)) {
      BenefitsReport.Period p = BenefitsReport.Period.parse(d.toString());
      days.put(
          d,
          BenefitsReport.compute(
              config,
              p,
              BenefitsReport.Grouping.DEPARTMENT,
              each -> storage.ledger().forEach(p.from(), p.to(), each),
              outcomes));
    }
    List<Row> rows = new ArrayList<>();
    days.forEach(
        (d, r) -> {
          long requests = r.groups().stream().mapToLong(BenefitsReport.Group::requests).sum();
          BigDecimal gbp =
              r.groups().stream()
                  .map(BenefitsReport.Group::spendGbp)
                  .reduce(BigDecimal.ZERO, BigDecimal::add);
          BigDecimal minutes =
              r.groups().stream()
                  .map(BenefitsReport.Group::minutesSaved)
                  .reduce(BigDecimal.ZERO, BigDecimal::add);
          rows.add(
              Row.of(
                  Cell.text(d.toString()),
                  spend ? Cell.number(decimal(gbp)) : Cell.number(String.valueOf(requests)),
                  Cell.number(hours(minutes))));
        });
    return Table.of(
        "Per day, " + first + " to " + today,
        List.of(
            Header.text("Day"),
            Header.number(spend ? "Spend (GBP)" : "Requests"),
            Header.number("Hours saved")),
        rows,
        "No days.");
  }

  /** An amount in pounds: to the penny, or to two significant figures below a penny. */
  static String pounds(BigDecimal gbp) {
    return "£" + decimal(gbp);
  }

  private static String decimal(BigDecimal gbp) {
    if (gbp.signum() != 0 && gbp.abs().compareTo(new BigDecimal("0.01")) < 0) {
      return gbp.round(new java.math.MathContext(2, RoundingMode.HALF_UP)).toPlainString();
    }
    return gbp.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  static String percent(@Nullable Double ratio) {
    return ratio == null ? "–" : String.format(Locale.UK, "%.0f%%", ratio * 100);
  }

  static String hours(BigDecimal minutes) {
    return minutes.divide(BigDecimal.valueOf(60), 1, RoundingMode.HALF_UP).toPlainString();
  }
}
