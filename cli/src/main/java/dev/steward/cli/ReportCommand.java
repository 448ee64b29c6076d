package dev.steward.cli;

import dev.steward.atrs.AtrsJson;
import dev.steward.atrs.AtrsRecord;
import dev.steward.config.StewardConfig;
import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import dev.steward.server.AtrsRecords;
import dev.steward.server.BenefitsReport;
import dev.steward.server.BenefitsReport.Grouping;
import dev.steward.server.BenefitsReport.Period;
import dev.steward.store.Storage;
import dev.steward.web.AtrsPage;
import dev.steward.web.Pages;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code steward report benefits}: measured benefits from the ledger and reported outcomes; {@code
 * steward report atrs}: a service's Algorithmic Transparency Recording Standard record.
 */
@Command(
    name = "report",
    description = "Reports computed from the configuration, the usage ledger and the evidence.",
    subcommands = {ReportCommand.Benefits.class, ReportCommand.Atrs.class})
final class ReportCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

  @Override
  public void run() {
    if (spec != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "a subcommand is required: benefits or atrs");
    }
  }

  @Command(
      name = "benefits",
      description =
          "Requests, refusals, spend, sovereign share, outcomes and time saved per group over a"
              + " period (docs/spec/benefits.md).")
  static final class Benefits extends KeysCommand.Common implements Runnable {

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
        report = BenefitsReport.fromStore(cfg, p, grouping, storage.ledger(), storage.outcomes());
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

  @Command(
      name = "atrs",
      description =
          "A service's Algorithmic Transparency Recording Standard record (tier 1 and tier 2),"
              + " from the configuration and the evidence Steward holds (docs/spec/atrs.md).")
  static final class Atrs extends KeysCommand.Common implements Runnable {
    /**
     * How a record is written, by {@code --format} name, in help order. A new format is one more
     * entry here.
     */
    static final Map<String, Function<AtrsRecord, String>> FORMATS = formats();

    private static Map<String, Function<AtrsRecord, String>> formats() {
      Map<String, Function<AtrsRecord, String>> m = new LinkedHashMap<>();
      m.put("json", AtrsJson::write);
      // A self-contained page (GOV.UK styles inlined, no script): the public /atrs page, offline.
      m.put(
          "html",
          r ->
              Pages.standalone(
                  AtrsPage.of(
                      r,
                      r.field("tier1.name").flatMap(AtrsRecord.Field::text).orElse(r.service()),
                      null)));
      return Collections.unmodifiableMap(m);
    }

    private final Map<String, String> env;

    @Parameters(
        index = "0",
        paramLabel = "SERVICE",
        description = "The service: department/service.")
    String service = "";

    @Option(names = "--format", description = "json (default: json).")
    String format = "json";

    @Option(names = "--out", description = "The file to write (default: standard output).")
    @Nullable Path outFile;

    Atrs(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public void run() {
      Function<AtrsRecord, String> writer = FORMATS.get(format);
      if (writer == null) {
        throw new CliException(
            ExitCode.USAGE,
            "--format: '" + format + "' (expected: " + String.join(" or ", FORMATS.keySet()) + ")");
      }
      StewardConfig cfg = loadConfig(env);
      if (cfg == null) {
        throw new CliException(
            ExitCode.USAGE,
            "--config is required: the record is generated from the service's configuration");
      }
      AtrsRecord record;
      try (Storage storage = open(env, cfg)) {
        record = AtrsRecords.of(cfg, storage, InstantSource.system(), service);
      } catch (StewardException e) {
        if (e.code() == ErrorCode.NOT_FOUND) {
          throw new CliException(ExitCode.NOT_FOUND, String.valueOf(e.getMessage()));
        }
        throw e;
      }
      String text = writer.apply(record);
      Path file = outFile;
      if (file == null) {
        PrintWriter out = out();
        out.println(text);
        out.flush();
      } else {
        try {
          Files.writeString(file, text + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new CliException(ExitCode.FAILURE, "--out: " + file + ": " + e.getMessage());
        }
      }
      List<String> missing = record.missingRequired();
      if (!missing.isEmpty()) {
        PrintWriter err =
            spec == null ? new PrintWriter(System.err, true) : spec.commandLine().getErr();
        err.println(
            "steward: "
                + missing.size()
                + " required fields have no value: "
                + String.join(", ", missing)
                + " (docs/spec/atrs.md says which the service's transparency: block can give)");
        err.flush();
      }
    }
  }
}
