package dev.steward.cli;

import dev.steward.config.StewardConfig;
import dev.steward.core.StewardException;
import dev.steward.eval.BuiltInSuites;
import dev.steward.eval.EvalSummary;
import dev.steward.eval.Progress;
import dev.steward.eval.ProgressBar;
import dev.steward.eval.RunOptions;
import dev.steward.eval.SampleResult;
import dev.steward.eval.Suite;
import dev.steward.eval.SummaryTable;
import dev.steward.inspect.InspectLogs;
import dev.steward.server.Evaluations;
import dev.steward.server.InspectExport;
import dev.steward.store.EvalStorage.EvalRunRow;
import dev.steward.store.Storage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code steward eval run | list | show | export | import | suites}: safety evaluations of any
 * configured model, through the gateway's own provider layer, stored with every sample and
 * committed to the transparency log.
 */
@Command(
    name = "eval",
    description = "Evaluate models against safety suites; list, show, export and import runs.",
    subcommands = {
      EvalCommand.RunSuite.class,
      EvalCommand.ListRuns.class,
      EvalCommand.Show.class,
      EvalCommand.Export.class,
      EvalCommand.Import.class,
      EvalCommand.Suites.class
    })
final class EvalCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

  @Override
  public void run() {
    if (spec != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "a subcommand is required: run, list, show, export, import or suites");
    }
  }

  /** A gateway error as the CLI's exit code and message. */
  static CliException failed(StewardException e) {
    int status = e.code().httpStatus();
    ExitCode code =
        status == 404 ? ExitCode.NOT_FOUND : status == 400 ? ExitCode.USAGE : ExitCode.FAILURE;
    return new CliException(code, String.valueOf(e.getMessage()));
  }

  static StewardConfig required(@Nullable StewardConfig cfg) {
    if (cfg == null) {
      throw new CliException(
          ExitCode.USAGE,
          "--config is required: the models, their routes and the log settings come from it");
    }
    return cfg;
  }

  static PrintWriter err(CommandLine.Model.@Nullable CommandSpec spec) {
    return spec == null ? new PrintWriter(System.err, true) : spec.commandLine().getErr();
  }

  @Command(
      name = "run",
      description =
          "Run a suite (a built-in name or a suite file) against every route of a model alias.")
  static final class RunSuite extends KeysCommand.Common implements Runnable {
    private final Map<String, String> env;

    @Parameters(index = "0", description = "A built-in suite (see `eval suites`) or a suite file.")
    String suite = "";

    @Option(names = "--model", required = true, description = "The model alias to evaluate.")
    String model = "";

    @Option(names = "--route", description = "Only this route of the alias (provider/model).")
    @Nullable String route;

    @Option(names = "--limit", description = "Run only the first N samples.")
    @Nullable Integer limit;

    @Option(names = "--epochs", description = "Times each sample is run (default: the suite's).")
    @Nullable Integer epochs;

    @Option(
        names = "--concurrency",
        description = "Samples in flight at once (default: evaluations.concurrency, 8).")
    @Nullable Integer concurrency;

    @Option(names = "--grader", description = "A model alias that grades model-graded scorers.")
    @Nullable String grader;

    @Option(names = "--resume", description = "Finish a run that stopped, by its id (ev_…).")
    @Nullable String resume;

    @Option(names = "--no-progress", description = "Do not draw the progress bar.")
    boolean noProgress;

    RunSuite(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public void run() {
      StewardConfig cfg = required(loadConfig(env));
      PrintWriter out = out();
      PrintWriter err = err(spec);
      Suite s;
      RunOptions options;
      try {
        s = Evaluations.suite(suite);
        options =
            new RunOptions(
                concurrency != null ? concurrency : cfg.evaluations().concurrency(),
                limit,
                epochs,
                cfg.evaluations().sampleTimeout());
      } catch (StewardException e) {
        throw failed(e);
      } catch (IllegalArgumentException e) {
        throw new CliException(ExitCode.USAGE, String.valueOf(e.getMessage()));
      }
      List<Evaluations.Target> targets;
      try {
        targets = resume != null ? List.of() : Evaluations.targets(cfg, model, route);
      } catch (StewardException e) {
        throw failed(e);
      }
      try (Storage storage = open(env, cfg)) {
        if (resume != null) {
          resumable(storage, resume);
        }
        int finished = 0;
        try (Evaluations evals = Evaluations.open(cfg, storage, env, Instant::now)) {
          if (resume != null) {
            Progress bar = progress(err, s.name() + " (resumed)");
            Evaluations.Run r = evals.resume(resume, s, options, bar, grader);
            finish(bar);
            report(out, r);
            finished++;
          }
          for (Evaluations.Target t : targets) {
            Progress bar = progress(err, s.name() + " " + t.route().id());
            Evaluations.Run r = evals.run(s, t, options, bar, KillSwitchCommand.actor(), grader);
            finish(bar);
            report(out, r);
            finished++;
          }
        } catch (StewardException e) {
          // The runs that finished before the failure have their results queued: commit them.
          if (finished > 0) {
            commitQueued(env, cfg, storage);
          }
          throw failed(e);
        }
        commitQueued(env, cfg, storage);
      } catch (StewardException e) {
        throw failed(e);
      }
    }

    /** The run to resume, which must be of the model (and route) the options name. */
    private void resumable(Storage storage, String id) {
      EvalRunRow row = find(storage, id);
      String runRoute = row.provider() + "/" + row.model();
      if (!row.alias().equals(model) || (route != null && !route.equals(runRoute))) {
        throw new CliException(
            ExitCode.USAGE,
            "--resume: evaluation run "
                + id
                + " evaluated "
                + row.alias()
                + " ("
                + runRoute
                + ") (expected: --model "
                + row.alias()
                + ")");
      }
    }

    private Progress progress(PrintWriter err, String label) {
      return noProgress ? Progress.NONE : new ProgressBar(err, label);
    }

    private static void finish(Progress p) {
      if (p instanceof ProgressBar bar) {
        bar.finish();
      }
    }

    private static void report(PrintWriter out, Evaluations.Run r) {
      EvalRunRow row = r.row();
      out.println(
          "run "
              + row.id()
              + "  "
              + row.suite()
              + " on "
              + row.modelVersion()
              + "  "
              + row.samplesDone()
              + " samples, "
              + row.errors()
              + " errors");
      out.println(SummaryTable.render(row.suite(), row.modelVersion(), r.summary()));
      out.flush();
    }
  }

  @Command(name = "list", description = "The latest evaluation runs, newest first.")
  static final class ListRuns extends KeysCommand.Common implements Runnable {
    private final Map<String, String> env;

    @Option(names = "--limit", description = "How many runs (default 20).")
    int limit = 20;

    ListRuns(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public void run() {
      StewardConfig cfg = loadConfig(env);
      try (Storage storage = open(env, cfg)) {
        List<EvalRunRow> runs = storage.evals().runs(Math.max(1, limit));
        PrintWriter out = out();
        if (runs.isEmpty()) {
          out.println("no evaluation runs");
        }
        for (EvalRunRow r : runs) {
          out.printf(
              "%s  %-9s %-24s %-40s %5d/%-5d  %s%s%n",
              r.id(),
              r.status().name().toLowerCase(java.util.Locale.ROOT),
              r.suite(),
              r.modelVersion(),
              r.samplesDone(),
              r.samplesTotal(),
              r.startedAt(),
              r.source().equals(Evaluations.INSPECT) ? "  (imported)" : "");
        }
        out.flush();
      }
    }
  }

  @Command(name = "show", description = "One run: its summary table, and its samples if asked.")
  static final class Show extends KeysCommand.Common implements Runnable {
    private final Map<String, String> env;

    @Parameters(index = "0", description = "The run's id (ev_…).")
    String id = "";

    @Option(names = "--samples", description = "List every sample's scores too.")
    boolean samples;

    Show(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public void run() {
      StewardConfig cfg = loadConfig(env);
      try (Storage storage = open(env, cfg)) {
        EvalRunRow row = find(storage, id);
        EvalSummary summary = Evaluations.summaryOf(row);
        PrintWriter out = out();
        out.println("run:        " + row.id());
        out.println("suite:      " + row.suite() + " (version " + row.suiteVersion() + ")");
        out.println("model:      " + row.alias() + " → " + row.modelVersion());
        out.println("status:     " + row.status().name().toLowerCase(java.util.Locale.ROOT));
        out.println("source:     " + row.source() + ", by " + row.requestedBy());
        out.println("started:    " + row.startedAt());
        out.println("finished:   " + (row.finishedAt() == null ? "-" : row.finishedAt()));
        out.println();
        out.println(SummaryTable.render(row.suite(), row.modelVersion(), summary));
        if (samples) {
          for (SampleResult r : Evaluations.samples(storage.evals(), row.id())) {
            StringBuilder scores = new StringBuilder();
            r.scores()
                .forEach((k, v) -> scores.append(' ').append(k).append('=').append(v.value()));
            out.printf(
                "%-24s epoch %d  %s%s%n",
                r.sampleId(), r.epoch(), r.error() != null ? "error: " + r.error() : "", scores);
          }
        }
        out.flush();
      }
    }
  }

  static EvalRunRow find(Storage storage, String id) {
    return storage
        .evals()
        .run(id)
        .orElseThrow(
            () -> new CliException(ExitCode.NOT_FOUND, "evaluation run " + id + ": unknown"));
  }

  @Command(name = "export", description = "Export a run as an Inspect eval log (JSON).")
  static final class Export extends KeysCommand.Common implements Runnable {
    private final Map<String, String> env;

    @Parameters(index = "0", description = "The run's id (ev_…).")
    String id = "";

    @Option(names = "--format", description = "inspect (the only format).")
    String format = "inspect";

    @Option(names = "--output", required = true, description = "The file to write.")
    Path output = Path.of("eval.json");

    Export(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public void run() {
      if (!format.equals("inspect")) {
        throw new CliException(ExitCode.USAGE, "--format: '" + format + "' (expected: inspect)");
      }
      StewardConfig cfg = loadConfig(env);
      try (Storage storage = open(env, cfg)) {
        EvalRunRow row = find(storage, id);
        if (!row.source().equals(Evaluations.STEWARD)) {
          throw new CliException(
              ExitCode.USAGE,
              "evaluation run " + id + ": imported, not run here (nothing to export)");
        }
        var log = InspectExport.of(row, storage.evals());
        InspectLogs.writeJson(log, output);
        out().println("wrote " + output + " (Inspect eval log, version 2)");
        out().flush();
      }
    }
  }

  @Command(
      name = "import",
      description = "Record an Inspect log (.json or .eval) run elsewhere as evidence for a model.")
  static final class Import extends KeysCommand.Common implements Runnable {
    private final Map<String, String> env;

    @Parameters(index = "0", description = "The Inspect log file (.json or .eval).")
    Path file = Path.of("log.json");

    @Option(names = "--model", required = true, description = "The model alias it evaluated.")
    String model = "";

    @Option(names = "--route", description = "The route it evaluated (provider/model).")
    @Nullable String route;

    @Option(names = "--suite", description = "The suite its results count as (default: its task).")
    @Nullable String suite;

    Import(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public void run() {
      StewardConfig cfg = required(loadConfig(env));
      if (!Files.isRegularFile(file)) {
        throw new CliException(
            ExitCode.NOT_FOUND,
            "Inspect log " + file + ": not found (expected: a .json or .eval file)");
      }
      try (Storage storage = open(env, cfg);
          Evaluations evals = Evaluations.open(cfg, storage, env, Instant::now)) {
        List<Evaluations.Target> targets = evals.targets(model, route);
        if (targets.size() != 1) {
          throw new CliException(
              ExitCode.USAGE,
              "model "
                  + model
                  + " has "
                  + targets.size()
                  + " routes: name the one evaluated with --route");
        }
        Evaluations.Run r =
            evals.importInspect(file, targets.get(0), suite, KillSwitchCommand.actor());
        out()
            .println(
                "run "
                    + r.row().id()
                    + "  imported "
                    + r.row().suite()
                    + " for "
                    + r.row().modelVersion());
        out().println(SummaryTable.render(r.row().suite(), r.row().modelVersion(), r.summary()));
        out().flush();
        commitQueued(env, cfg, storage);
      } catch (StewardException e) {
        throw failed(e);
      }
    }
  }

  @Command(name = "suites", description = "The built-in suites.")
  static final class Suites implements Runnable {
    @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

    @Override
    public void run() {
      PrintWriter out =
          spec == null ? new PrintWriter(System.out, true) : spec.commandLine().getOut();
      for (String name : BuiltInSuites.names()) {
        Suite s = BuiltInSuites.load(name);
        out.printf(
            "%-16s %4d samples  version %s  %s%n",
            name, s.dataset().samples().size(), s.version(), s.description());
      }
      out.flush();
    }
  }
}
