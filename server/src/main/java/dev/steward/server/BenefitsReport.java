package dev.steward.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.steward.config.Capacity;
import dev.steward.config.ProviderConfig;
import dev.steward.config.StewardConfig;
import dev.steward.config.UseCaseConfig;
import dev.steward.store.LedgerRow;
import dev.steward.store.LedgerStorage;
import dev.steward.store.OutcomeStorage;
import dev.steward.store.OutcomeStorage.Outcome;
import dev.steward.store.Principal;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Measured benefits over a period, per department, service or use case: what was asked and served,
 * what was refused and why, what it cost, how much ran on sovereign compute, and what services said
 * became of the answers (docs/spec/benefits.md). A pure function of the ledger rows, the outcomes
 * and the configuration.
 *
 * @param period the period covered
 * @param by how the exchanges are grouped
 * @param groups one per group that has an exchange in the period, sorted by key
 * @param total the same figures over every exchange in the period, keyed {@value #TOTAL}
 */
public record BenefitsReport(Period period, Grouping by, List<Group> groups, Group total) {

  /** The key of the report's total, and its {@code by} in CSV. */
  public static final String TOTAL = "total";

  /** The share of a use case's baseline minutes an accepted answer saves, when none is reported. */
  public static final BigDecimal ACCEPTED_FACTOR = BigDecimal.ONE;

  /** The share of a use case's baseline minutes an edited answer saves, when none is reported. */
  public static final BigDecimal EDITED_FACTOR = new BigDecimal("0.5");

  /** The share of a use case's baseline minutes a rejected answer saves, when none is reported. */
  public static final BigDecimal REJECTED_FACTOR = BigDecimal.ZERO;

  /** Decimal places of the cost per accepted task before trailing zeros are dropped. */
  static final int MONEY_SCALE = 10;

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN).build();

  static final List<String> CSV_HEADER =
      List.of(
          "period",
          "from",
          "to",
          "by",
          "group",
          "requests",
          "served",
          "denied",
          "spend_gbp",
          "input_tokens",
          "output_tokens",
          "cached_input_tokens",
          "sovereign_share",
          "accepted",
          "edited",
          "rejected",
          "acceptance_rate",
          "minutes_saved",
          "cost_per_accepted_task_gbp",
          "redactions",
          "pool_seconds",
          "gpu_seconds");

  public BenefitsReport {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(by, "by");
    groups = List.copyOf(groups);
    Objects.requireNonNull(total, "total");
  }

  /** Ledger rows handed one at a time, so a long period need not be held in memory. */
  @FunctionalInterface
  public interface Rows {
    void forEach(Consumer<LedgerRow> each);
  }

  /**
   * The report of {@code period}. Rows outside the period are ignored; an outcome counts when its
   * request's row is in the period (so cost and outcomes cover the same exchanges), in that row's
   * group. Of several outcomes of one request, the last in the list counts.
   */
  public static BenefitsReport compute(
      StewardConfig config, Period period, Grouping by, Rows rows, List<Outcome> outcomes) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(by, "by");
    Map<String, Outcome> outcomeOf = new HashMap<>();
    for (Outcome o : outcomes) {
      outcomeOf.put(o.requestId(), o);
    }
    Map<String, Tally> tallies = new TreeMap<>();
    Tally total = new Tally();
    rows.forEach(
        row -> {
          if (period.contains(row.at())) {
            Outcome outcome = outcomeOf.get(row.requestId());
            tallies
                .computeIfAbsent(by.key(row.principal()), k -> new Tally())
                .add(config, row, outcome);
            total.add(config, row, outcome);
          }
        });
    List<Group> groups = new ArrayList<>();
    tallies.forEach((key, tally) -> groups.add(tally.group(key)));
    return new BenefitsReport(period, by, groups, total.group(TOTAL));
  }

  /**
   * The latest time outcomes are read up to: an outcome is reported after its exchange, so every
   * outcome of a period's exchanges is recorded at or after the period's start.
   */
  public static final Instant OUTCOMES_UNTIL = Instant.parse("9999-01-01T00:00:00Z");

  /**
   * The report of {@code period} from the store: its ledger rows, streamed, and the outcomes
   * recorded since its start. Blocks (database).
   */
  public static BenefitsReport fromStore(
      StewardConfig config,
      Period period,
      Grouping by,
      LedgerStorage ledger,
      OutcomeStorage outcomes) {
    return compute(
        config,
        period,
        by,
        each -> ledger.forEach(period.from(), period.to(), each),
        outcomes.since(period.from(), OUTCOMES_UNTIL));
  }

  /** The report as one JSON object (docs/spec/benefits.md). */
  public String json() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode p = root.putObject("period");
    p.put("label", period.label());
    p.put("from", period.from().toString());
    p.put("to", period.to().toString());
    root.put("by", by.wire());
    ArrayNode list = root.putArray("groups");
    for (Group g : groups) {
      ObjectNode n = list.addObject();
      n.put("group", g.key());
      figures(n, g);
    }
    figures(root.putObject(TOTAL), total);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("benefits report: " + e.getMessage(), e);
    }
  }

  private static void figures(ObjectNode n, Group g) {
    n.put("requests", g.requests());
    n.put("served", g.served());
    ObjectNode denied = n.putObject("denied");
    g.denied().forEach(denied::put);
    n.put("spend_gbp", money(g.spendGbp()));
    n.put("input_tokens", g.inputTokens());
    n.put("output_tokens", g.outputTokens());
    n.put("cached_input_tokens", g.cachedInputTokens());
    putNullable(n, "sovereign_share", g.sovereignShare());
    n.put("accepted", g.accepted());
    n.put("edited", g.edited());
    n.put("rejected", g.rejected());
    putNullable(n, "acceptance_rate", g.acceptanceRate());
    n.put("minutes_saved", g.minutesSaved());
    BigDecimal perTask = g.costPerAcceptedTaskGbp();
    if (perTask == null) {
      n.putNull("cost_per_accepted_task_gbp");
    } else {
      n.put("cost_per_accepted_task_gbp", money(perTask));
    }
    ObjectNode redactions = n.putObject("redactions");
    g.redactions().forEach(redactions::put);
    n.put("pool_seconds", g.poolSeconds());
    n.put("gpu_seconds", g.gpuSeconds());
  }

  /**
   * The report as CSV: a header row, one row per group, then (when there is a group) the total, its
   * {@code by} and {@code group} both {@value #TOTAL}; empty fields for no value.
   */
  public String csv() {
    List<List<String>> rows = new ArrayList<>();
    rows.add(CSV_HEADER);
    for (Group g : groups) {
      rows.add(csvRow(by.wire(), g));
    }
    if (!groups.isEmpty()) {
      rows.add(csvRow(TOTAL, total));
    }
    return csvLines(rows);
  }

  private List<String> csvRow(String byLabel, Group g) {
    BigDecimal perTask = g.costPerAcceptedTaskGbp();
    return List.of(
        period.label(),
        period.from().toString(),
        period.to().toString(),
        byLabel,
        g.key(),
        Long.toString(g.requests()),
        Long.toString(g.served()),
        pairs(g.denied()),
        money(g.spendGbp()),
        Long.toString(g.inputTokens()),
        Long.toString(g.outputTokens()),
        Long.toString(g.cachedInputTokens()),
        ratio(g.sovereignShare()),
        Long.toString(g.accepted()),
        Long.toString(g.edited()),
        Long.toString(g.rejected()),
        ratio(g.acceptanceRate()),
        g.minutesSaved().toPlainString(),
        perTask == null ? "" : money(perTask),
        pairs(g.redactions()),
        g.poolSeconds().toPlainString(),
        g.gpuSeconds().toPlainString());
  }

  /** {@code key=count} pairs joined by {@code ;}, in key order; empty when none. */
  private static String pairs(Map<String, Long> counts) {
    List<String> out = new ArrayList<>(counts.size());
    counts.forEach((key, count) -> out.add(key + "=" + count));
    return String.join(";", out);
  }

  /** An amount as a plain decimal with at least two places and no trailing zeros beyond them. */
  static String money(BigDecimal amount) {
    return atLeastScale(amount, 2).toPlainString();
  }

  /** {@code value} without trailing zeros, but with at least {@code places} decimal places. */
  static BigDecimal atLeastScale(BigDecimal value, int places) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < places
        ? stripped.setScale(places, RoundingMode.UNNECESSARY)
        : stripped;
  }

  private static String ratio(@Nullable Double value) {
    return value == null ? "" : value.toString();
  }

  private static void putNullable(ObjectNode node, String name, @Nullable Double value) {
    if (value == null) {
      node.putNull(name);
    } else {
      node.put(name, value.doubleValue());
    }
  }

  /** RFC 4180 rows: CRLF line ends, a field quoted only when it must be. */
  private static final ObjectWriter CSV_ROWS =
      new CsvMapper()
          .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
          .writerFor(String[].class)
          .with(CsvSchema.emptySchema().withLineSeparator("\r\n"));

  private static String csvLines(List<List<String>> rows) {
    StringWriter out = new StringWriter();
    try (SequenceWriter w = CSV_ROWS.writeValues(out)) {
      for (List<String> row : rows) {
        w.write(row.toArray(String[]::new));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("benefits report: " + e.getMessage(), e);
    }
    return out.toString();
  }

  /**
   * The figures of one group.
   *
   * @param key the group: {@code department}, {@code department/service} or {@code
   *     department/service/use-case}
   * @param requests every exchange in the ledger
   * @param served exchanges whose outcome is {@code ok}
   * @param denied the other exchanges, counted by reason code, sorted by code
   * @param spendGbp the sum of their costs, exact
   * @param sovereignShare served exchanges on a sovereign provider over served exchanges; {@code
   *     null} when none was served
   * @param acceptanceRate (accepted + edited) / reported outcomes; {@code null} when none was
   *     reported
   * @param minutesSaved the minutes reported, else estimated from the use case's baseline
   * @param costPerAcceptedTaskGbp spend / (accepted + edited); {@code null} when there is none
   * @param redactions what the guards did, counted by {@code action:REASON} (e.g. {@code
   *     mask:EMAIL_ADDRESS}, {@code strip:INJECTION}, {@code output.redact:UK_NINO}), sorted
   * @param poolSeconds the exchanges' shares of self-hosted pools' busy time, exact
   * @param gpuSeconds each share times its pool's configured {@code gpus} (1 for a provider no
   *     longer configured with a pool)
   */
  public record Group(
      String key,
      long requests,
      long served,
      Map<String, Long> denied,
      BigDecimal spendGbp,
      long inputTokens,
      long outputTokens,
      long cachedInputTokens,
      @Nullable Double sovereignShare,
      long accepted,
      long edited,
      long rejected,
      @Nullable Double acceptanceRate,
      BigDecimal minutesSaved,
      @Nullable BigDecimal costPerAcceptedTaskGbp,
      Map<String, Long> redactions,
      BigDecimal poolSeconds,
      BigDecimal gpuSeconds) {
    public Group {
      Objects.requireNonNull(key, "key");
      denied = Collections.unmodifiableMap(new TreeMap<>(denied));
      redactions = Collections.unmodifiableMap(new TreeMap<>(redactions));
      poolSeconds = atLeastScale(poolSeconds, 0);
      gpuSeconds = atLeastScale(gpuSeconds, 0);
      // One spelling per amount, so that equal figures are equal records.
      spendGbp = atLeastScale(spendGbp, 2);
      minutesSaved = atLeastScale(minutesSaved, 0);
      if (costPerAcceptedTaskGbp != null) {
        costPerAcceptedTaskGbp = atLeastScale(costPerAcceptedTaskGbp, 2);
      }
    }
  }

  /** The running sums of one group. */
  private static final class Tally {
    long requests;
    long served;
    long sovereign;
    final Map<String, Long> denied = new TreeMap<>();
    BigDecimal spend = BigDecimal.ZERO;
    long inputTokens;
    long outputTokens;
    long cachedInputTokens;
    long accepted;
    long edited;
    long rejected;
    BigDecimal minutes = BigDecimal.ZERO;
    final Map<String, Long> redactions = new TreeMap<>();
    long poolMicros;
    long gpuMicros;

    void add(StewardConfig config, LedgerRow row, @Nullable Outcome outcome) {
      requests++;
      if (!row.redactions().isEmpty()) {
        for (String entry : row.redactions().split(",")) {
          int eq = entry.lastIndexOf('=');
          redactions.merge(
              entry.substring(0, eq), Long.parseLong(entry.substring(eq + 1)), Long::sum);
        }
      }
      Long pool = row.poolMicros();
      if (pool != null) {
        poolMicros += pool;
        gpuMicros += pool * gpus(config, row.routeId());
      }
      if (row.outcome().equals(LedgerRow.OK)) {
        served++;
        if (sovereign(config, row.routeId())) {
          sovereign++;
        }
      } else {
        denied.merge(row.outcome(), 1L, Long::sum);
      }
      spend = spend.add(row.costGbp());
      inputTokens += row.inputTokens();
      outputTokens += row.outputTokens();
      cachedInputTokens += row.cachedInputTokens();
      if (outcome != null) {
        BigDecimal factor =
            switch (outcome.outcome()) {
              case ACCEPTED -> {
                accepted++;
                yield ACCEPTED_FACTOR;
              }
              case EDITED -> {
                edited++;
                yield EDITED_FACTOR;
              }
              case REJECTED -> {
                rejected++;
                yield REJECTED_FACTOR;
              }
            };
        minutes = minutes.add(minutesSaved(config, row.principal(), outcome, factor));
      }
    }

    Group group(String key) {
      long reported = accepted + edited + rejected;
      long used = accepted + edited;
      return new Group(
          key,
          requests,
          served,
          denied,
          spend,
          inputTokens,
          outputTokens,
          cachedInputTokens,
          served == 0 ? null : (double) sovereign / served,
          accepted,
          edited,
          rejected,
          reported == 0 ? null : (double) used / reported,
          minutes,
          used == 0
              ? null
              : spend.divide(BigDecimal.valueOf(used), MONEY_SCALE, RoundingMode.HALF_EVEN),
          redactions,
          BigDecimal.valueOf(poolMicros, 6),
          BigDecimal.valueOf(gpuMicros, 6));
    }
  }

  private static boolean sovereign(StewardConfig config, @Nullable String routeId) {
    ProviderConfig provider = provider(config, routeId);
    return provider != null && provider.sovereign();
  }

  /** The GPUs of the route's provider's pool as configured now; 1 when it has none. */
  private static int gpus(StewardConfig config, @Nullable String routeId) {
    ProviderConfig provider = provider(config, routeId);
    Capacity capacity = provider == null ? null : provider.capacity();
    return capacity == null ? 1 : capacity.gpus();
  }

  private static @Nullable ProviderConfig provider(StewardConfig config, @Nullable String routeId) {
    if (routeId == null) {
      return null;
    }
    int slash = routeId.indexOf('/');
    return config.providers().get(slash < 0 ? routeId : routeId.substring(0, slash));
  }

  private static BigDecimal minutesSaved(
      StewardConfig config, Principal principal, Outcome outcome, BigDecimal factor) {
    Double reported = outcome.minutesSaved();
    if (reported != null) {
      return BigDecimal.valueOf(reported);
    }
    Double baseline =
        config
            .useCase(principal.department(), principal.service(), principal.useCase())
            .map(UseCaseConfig::baselineMinutes)
            .orElse(null);
    return baseline == null ? BigDecimal.ZERO : BigDecimal.valueOf(baseline).multiply(factor);
  }

  /** How exchanges are grouped. */
  public enum Grouping {
    DEPARTMENT,
    SERVICE,
    USE_CASE;

    /**
     * The name on the command line and in reports: {@code department}, {@code service}, {@code
     * use-case}.
     */
    public String wire() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The grouping {@code wire} names, if it names one. */
    public static Optional<Grouping> of(String wire) {
      for (Grouping g : values()) {
        if (g.wire().equals(wire)) {
          return Optional.of(g);
        }
      }
      return Optional.empty();
    }

    String key(Principal p) {
      return switch (this) {
        case DEPARTMENT -> p.department();
        case SERVICE -> p.department() + "/" + p.service();
        case USE_CASE -> p.department() + "/" + p.service() + "/" + p.useCase();
      };
    }
  }

  /**
   * A half-open span of time, {@code from <= t < to}, in UTC.
   *
   * @param label how it was written: {@code 2026-11}, {@code 2026-11-27}, {@code 2026-W48} or
   *     {@code 2026-11-01..2026-12-01}
   */
  public record Period(String label, Instant from, Instant to) {
    static final String EXPECTED =
        "YYYY-MM, YYYY-MM-DD, YYYY-Www (ISO week) or FROM..TO (ISO dates, TO exclusive)";
    private static final Pattern WEEK = Pattern.compile("(\\d{4})-W(\\d{2})");

    public Period {
      Objects.requireNonNull(label, "label");
      if (!from.isBefore(to)) {
        throw new IllegalArgumentException("from: " + from + " (expected: before to " + to + ")");
      }
    }

    boolean contains(Instant t) {
      return !t.isBefore(from) && t.isBefore(to);
    }

    /**
     * The period {@code text} names.
     *
     * @throws IllegalArgumentException naming the value and what was expected
     */
    public static Period parse(String text) {
      Objects.requireNonNull(text, "text");
      IllegalArgumentException bad =
          new IllegalArgumentException("period: \"" + text + "\" (expected: " + EXPECTED + ")");
      try {
        int dots = text.indexOf("..");
        if (dots >= 0) {
          LocalDate from = LocalDate.parse(text.substring(0, dots));
          LocalDate to = LocalDate.parse(text.substring(dots + 2));
          if (!from.isBefore(to)) {
            throw bad;
          }
          return of(text, from, to);
        }
        Matcher week = WEEK.matcher(text);
        if (week.matches()) {
          int year = Integer.parseInt(week.group(1));
          long number = Long.parseLong(week.group(2));
          LocalDate jan4 = LocalDate.of(year, 1, 4); // always in week 1 of its ISO year
          if (number < 1 || number > jan4.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum()) {
            throw bad;
          }
          LocalDate monday =
              jan4.with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, number).with(DayOfWeek.MONDAY);
          return of(text, monday, monday.plusWeeks(1));
        }
        if (text.length() == 7) {
          YearMonth month = YearMonth.parse(text);
          return of(text, month.atDay(1), month.plusMonths(1).atDay(1));
        }
        LocalDate day = LocalDate.parse(text);
        return of(text, day, day.plusDays(1));
      } catch (DateTimeParseException e) {
        throw bad;
      }
    }

    private static Period of(String label, LocalDate from, LocalDate to) {
      return new Period(
          label,
          from.atStartOfDay().toInstant(ZoneOffset.UTC),
          to.atStartOfDay().toInstant(ZoneOffset.UTC));
    }
  }
}
