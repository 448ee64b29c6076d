package dev.steward.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code steward policy lint|test}: checks a policy before it is deployed — the configuration's
 * problems and pitfalls, and the decisions it gives sample requests.
 */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "Lint a policy, or test the decisions it gives sample requests.",
    subcommands = {PolicyLintCommand.class, PolicyTestCommand.class})
final class PolicyCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

  @Override
  public void run() {
    if (spec != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "a subcommand is required: lint or test");
    }
  }
}
