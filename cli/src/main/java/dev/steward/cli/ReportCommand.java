package dev.steward.cli;

import dev.steward.config.StewardConfig;
import dev.steward.server.BenefitsReport;
import dev.steward.server.BenefitsReport.Grouping;
import dev.steward.server.BenefitsReport.Period;
import dev.steward.store.OutcomeStorage.Outcome;
import dev.steward.store.Storage;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code steward report benefits}: measured benefits from the ledger and reported outcomes. */
@Command(
    name = "report",
    description = "Reports computed from the usage ledger.",
    subcommands = {ReportCommand.Benefits.class})
final class ReportCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

  @Override
  public void run() {
    if (spec != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "a subcommand is required: benefits");
    }
  }

  @Command(
      name = "benefits",
      description =
          "Requests, refusals, spend, sovereign share, outcomes and time saved per group over a"
              + " period (docs/spec/benefits.md).")
  static final class Benefits extends KeysCommand.Common implements Runnable {
    /**
     * The latest time outcomes are read up to: an outcome is reported after its exchange, so every
     * outcome of the period's exchanges is recorded at or after the period's start.
     */
    static final Instant OUTCOMES_UNTIL = Instant.parse("9999-01-01T00:00:00Z");

    private final Map<String, String> env;

    @Option(
        names = "--period",
        required = true,
        description =
            "YYYY-MM, YYYY-MM-DD, YYYY-Www (ISO week) or FROM..TO (ISO dates, TO exclusive); UTC.")
    String period = "";

    @Option(
        names = "--by",
        description = "Group by department, service or use-case (default: department).")
    String by = "department";

    @Option(names = "--format", description = "json or csv (default: json).")
    String format = "json";

    Benefits(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public void run() {
      Period p;
      try {
        p = Period.parse(period);
      } catch (IllegalArgumentException e) {
        throw new CliException(ExitCode.USAGE, "--" + e.getMessage());
      }
      Grouping grouping =
          Grouping.of(by)
              .orElseThrow(
                  () ->
                      new CliException(
                          ExitCode.USAGE,
                          "--by: '" + by + "' (expected: department, service or use-case)"));
      if (!format.equals("json") && !format.equals("csv")) {
        throw new CliException(
            ExitCode.USAGE, "--format: '" + format + "' (expected: json or csv)");
      }
      StewardConfig cfg = required(loadConfig(env));
      BenefitsReport report;
      try (Storage storage = open(env, cfg)) {
        List<Outcome> outcomes = storage.outcomes().since(p.from(), OUTCOMES_UNTIL);
        report =
            BenefitsReport.compute(
                cfg,
                p,
                grouping,
                each -> storage.ledger().forEach(p.from(), p.to(), each),
                outcomes);
      }
      PrintWriter out = out();
      if (format.equals("json")) {
        out.println(report.json());
      } else {
        out.print(report.csv());
      }
      out.flush();
    }

    private static StewardConfig required(@Nullable StewardConfig cfg) {
      if (cfg == null) {
        throw new CliException(
            ExitCode.USAGE,
            "--config is required: use cases' baseline minutes and which providers are sovereign"
                + " come from it");
      }
      return cfg;
    }
  }
}
