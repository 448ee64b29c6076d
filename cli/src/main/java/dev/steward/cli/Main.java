package dev.steward.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code steward}: the entry point. Each subcommand is a class beside this one. */
@Command(
    name = "steward",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Steward: an accountable AI gateway for public services.",
    subcommands = {
      ServeCommand.class,
      DemoCommand.class,
      KeysCommand.class,
      ConfigCommand.class,
      LogCommand.class,
      ReceiptCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.@org.jspecify.annotations.Nullable CommandSpec spec;

  public static void main(String[] args) {
    // Vert.x and the JDK may log through java.util.logging; route it to the same structured log.
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
    System.exit(
        run(
            args,
            new PrintWriter(System.out, true),
            new PrintWriter(System.err, true),
            System.getenv()));
  }

  /** Runs a command in-process and returns its exit code (see {@link ExitCode}). */
  public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
    CommandLine cli =
        new CommandLine(new Main(), new Factory(env))
            .setOut(out)
            .setErr(err)
            .setExitCodeExceptionMapper(
                e ->
                    switch (e) {
                      case CliException c -> c.exitCode().code();
                      case CommandLine.ParameterException p -> ExitCode.USAGE.code();
                      default -> ExitCode.FAILURE.code();
                    })
            .setExecutionExceptionHandler(
                (e, cmd, parsed) -> {
                  if (e instanceof CliException c) {
                    err.println("steward: " + c.getMessage());
                    return c.exitCode().code();
                  }
                  err.println("steward: " + e.getMessage());
                  return ExitCode.FAILURE.code();
                });
    cli.getCommandSpec().exitCodeOnInvalidInput(ExitCode.USAGE.code());
    return cli.execute(args);
  }

  @Override
  public void run() {
    if (spec != null) {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }

  /** Gives every command the process environment, so tests can run commands in-process. */
  static final class Factory implements CommandLine.IFactory {
    private final Map<String, String> env;

    Factory(Map<String, String> env) {
      this.env = Map.copyOf(env);
    }

    @Override
    public <K> K create(Class<K> cls) throws Exception {
      for (var c : cls.getDeclaredConstructors()) {
        if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == Map.class) {
          c.setAccessible(true);
          return cls.cast(c.newInstance(env));
        }
      }
      return CommandLine.defaultFactory().create(cls);
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"steward " + (v == null ? "0.1.0-SNAPSHOT" : v)};
    }
  }
}
