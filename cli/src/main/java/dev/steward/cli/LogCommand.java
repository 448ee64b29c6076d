package dev.steward.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code steward log keygen | append | verify | prove | show}: create, fill, audit and read C2SP
 * tlog-tiles transparency logs, in a directory or (to read) at an http(s) URL.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "log",
    description = "Create, append to, verify and read transparency logs (C2SP tlog-tiles).",
    subcommands = {
      LogKeygenCommand.class,
      LogAppendCommand.class,
      LogVerifyCommand.class,
      LogProveCommand.class,
      LogShowCommand.class
    })
final class LogCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

  @Override
  public void run() {
    if (spec != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "a subcommand is required: keygen, append, verify, prove or show");
    }
  }
}
