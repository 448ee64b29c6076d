package dev.steward.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.config.ConfigProblem;
import dev.steward.config.ModelKind;
import dev.steward.config.StewardConfig;
import dev.steward.injection.InjectionDetector;
import dev.steward.injection.InjectionException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code steward policy test FILE CASES [--json]}: decides each case of a cases file as the gateway
 * would ({@link PolicyDryRun}) and compares the decision with what the case expects.
 */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description =
        "Dry-run the decisions a configuration gives the sample requests in CASES and check each"
            + " against what it expects; exit 0 when all pass, 5 when any fails.")
final class PolicyTestCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory FACTORY = JSON.getFactory();

  private final Map<String, String> env;

  @Parameters(index = "0", paramLabel = "FILE", description = "The configuration file.")
  @Nullable Path file;

  @Parameters(index = "1", paramLabel = "CASES", description = "The cases file.")
  @Nullable Path casesFile;

  @Option(
      names = "--json",
      description =
          "Write one JSON object per case with its actual decision (the summary goes to stderr).")
  boolean json;

  @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

  PolicyTestCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    StewardConfig config = ServeCommand.load(ServeCommand.requireNonNullOption(file), env);
    Path cases = ServeCommand.requireNonNullOption(casesFile);
    if (!Files.isRegularFile(cases)) {
      throw new CliException(ExitCode.NOT_FOUND, cases + ": no such file");
    }
    PolicyCases.Read read = PolicyCases.read(cases, config);
    if (!read.problems().isEmpty()) {
      StringBuilder message =
          new StringBuilder("invalid cases (")
              .append(read.problems().size())
              .append(read.problems().size() == 1 ? " problem):" : " problems):");
      for (ConfigProblem p : read.problems()) {
        message.append('\n').append(p);
      }
      throw new CliException(ExitCode.CONFIG_INVALID, message.toString());
    }
    PrintWriter out = LogArgs.out(spec);
    PolicyDryRun dryRun = new PolicyDryRun(config, PolicyTestCommand::loadDetector);
    int failed = 0;
    for (PolicyCases.Case c : read.cases()) {
      PolicyOutcome outcome = dryRun.decide(c);
      List<String> mismatches = c.expect().mismatches(outcome);
      if (!mismatches.isEmpty()) {
        failed++;
      }
      if (json) {
        out.println(json(c, outcome, mismatches, config.policyVersion()));
      } else if (mismatches.isEmpty()) {
        out.println("PASS " + c.name());
      } else {
        out.println("FAIL " + c.name() + ": " + String.join("; ", mismatches));
      }
    }
    out.flush();
    int total = read.cases().size();
    String summary =
        String.format(
            Locale.ROOT,
            "%d passed, %d failed (%d case%s, %s, policy-version %s)",
            total - failed,
            failed,
            total,
            total == 1 ? "" : "s",
            cases,
            config.policyVersion());
    PrintWriter summaryTo = json ? LogArgs.err(spec) : out;
    summaryTo.println(summary);
    summaryTo.flush();
    // Apart from run-time failures (1) and invalid input (2, 3, 4): CI can tell a policy that
    // changed from a test that could not run.
    return failed == 0 ? ExitCode.OK.code() : ExitCode.CASES_FAILED.code();
  }

  private static InjectionDetector loadDetector() {
    try {
      return InjectionDetector.create();
    } catch (InjectionException e) {
      throw new CliException(
          ExitCode.FAILURE, "the injection guard cannot be loaded: " + e.getMessage());
    }
  }

  /** One case as a JSON object on one line: the case, whether it passed, the actual decision. */
  static String json(
      PolicyCases.Case c, PolicyOutcome outcome, List<String> mismatches, String policyVersion) {
    StringWriter buffer = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(buffer)) {
      g.writeStartObject();
      g.writeStringField("name", c.name());
      g.writeNumberField("line", c.line());
      g.writeStringField("result", mismatches.isEmpty() ? "pass" : "fail");
      g.writeArrayFieldStart("failures");
      for (String m : mismatches) {
        g.writeString(m);
      }
      g.writeEndArray();
      g.writeStringField("policy-version", policyVersion);
      g.writeStringField("use-case", c.useCase());
      g.writeStringField("model", c.model());
      g.writeStringField("endpoint", c.kind() == ModelKind.EMBEDDING ? "embeddings" : "chat");
      g.writeStringField("decision", outcome.decision());
      if (outcome.reason() != null) {
        g.writeStringField("reason", outcome.reason());
        g.writeStringField("message", outcome.message());
      }
      if (outcome.classification() != null) {
        g.writeStringField("classification", PolicyOutcome.label(outcome.classification()));
        g.writeArrayFieldStart("routes");
        for (String r : outcome.routes()) {
          g.writeString(r);
        }
        g.writeEndArray();
      }
      List<PolicyOutcome.PersonalData> found = outcome.personalData();
      if (found != null) {
        g.writeArrayFieldStart("personal-data");
        for (PolicyOutcome.PersonalData f : found) {
          g.writeStartObject();
          g.writeStringField("type", f.type());
          g.writeStringField("action", f.action().wire());
          g.writeNumberField("start", f.start());
          g.writeNumberField("end", f.end());
          g.writeNumberField("score", round(f.score()));
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      PolicyOutcome.Injection injection = outcome.injection();
      if (injection != null) {
        g.writeObjectFieldStart("injection");
        g.writeStringField("action", injection.action().name().toLowerCase(Locale.ROOT));
        g.writeStringField("verdict", injection.state());
        Double score = injection.score();
        if (score != null) {
          g.writeNumberField("score", round(score));
        }
        g.writeEndObject();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toString();
  }

  private static double round(double score) {
    return Math.round(score * 1000) / 1000.0;
  }
}
