package dev.steward.cli;

import dev.steward.config.StewardConfig;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code steward config check FILE}: validates a configuration file without starting anything. */
@Command(
    name = "config",
    description = "Check configuration files.",
    subcommands = {ConfigCommand.Check.class})
final class ConfigCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.@org.jspecify.annotations.Nullable CommandSpec spec;

  @Override
  public void run() {
    if (spec != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "a subcommand is required: check");
    }
  }

  @Command(
      name = "check",
      description = "Validate a configuration file; problems name file, line and expected value.")
  static final class Check implements Runnable {
    private final Map<String, String> env;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file = Path.of("steward.yaml");

    @CommandLine.Spec CommandLine.Model.@org.jspecify.annotations.Nullable CommandSpec spec;

    Check(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public void run() {
      StewardConfig cfg = ServeCommand.load(file, env);
      if (spec != null) {
        spec.commandLine()
            .getOut()
            .printf(
                "%s: ok (%d providers, %d models, %d departments)%n",
                file, cfg.providers().size(), cfg.models().size(), cfg.departments().size());
        spec.commandLine().getOut().flush();
      }
    }
  }
}
