package dev.steward.cli;

import dev.steward.config.ConfigException;
import dev.steward.config.ConfigLoader;
import dev.steward.config.ConfigProblem;
import dev.steward.config.StewardConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.nodes.Node;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code steward policy lint FILE [--strict]}: the configuration's problems, as the loader reports
 * them, then {@link PolicyLint}'s warnings, each {@code FILE:LINE:COLUMN: …} on stdout.
 */
@Command(
    name = "lint",
    mixinStandardHelpOptions = true,
    description =
        "Check a configuration: its problems (exit 3), then warnings about policy that cannot do"
            + " what it seems to say (exit 0, or 3 with --strict).")
final class PolicyLintCommand implements Runnable {
  private final Map<String, String> env;

  @Parameters(index = "0", paramLabel = "FILE", description = "The configuration file.")
  @Nullable Path file;

  @Option(names = "--strict", description = "Fail (exit 3) on warnings too.")
  boolean strict;

  @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

  PolicyLintCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public void run() {
    Path f = ServeCommand.requireNonNullOption(file);
    if (!Files.isRegularFile(f)) {
      throw new CliException(ExitCode.NOT_FOUND, f + ": no such file");
    }
    PrintWriter out = LogArgs.out(spec);
    StewardConfig config;
    try {
      config = ConfigLoader.load(f, env);
    } catch (ConfigException e) {
      for (ConfigProblem p : e.problems()) {
        out.println(p);
      }
      out.flush();
      throw new CliException(ExitCode.CONFIG_INVALID, f + ": " + count(e.problems(), "problem"));
    }
    // The loader keeps no positions; the tree read again gives warnings theirs.
    Node root = new PolicyYaml(f.toString()).read(f);
    List<PolicyLint.Warning> warnings =
        PolicyLint.lint(config, root).stream().sorted(PolicyLint.byPosition(root)).toList();
    for (PolicyLint.Warning w : warnings) {
      int[] at = PolicyLint.position(root, w);
      out.println(
          f
              + (at[0] > 0 ? ":" + at[0] + ":" + at[1] : "")
              + ": warning: "
              + w.path()
              + ": "
              + w.message());
    }
    out.flush();
    if (strict && !warnings.isEmpty()) {
      throw new CliException(
          ExitCode.CONFIG_INVALID, f + ": " + count(warnings, "warning") + " (--strict)");
    }
    long useCases = config.useCases().size();
    out.printf(
        "%s: ok (policy-version %s, %d use case%s%s)%n",
        f,
        config.policyVersion(),
        useCases,
        useCases == 1 ? "" : "s",
        warnings.isEmpty() ? "" : ", " + count(warnings, "warning"));
    out.flush();
  }

  private static String count(List<?> items, String noun) {
    return items.size() + " " + noun + (items.size() == 1 ? "" : "s");
  }
}
