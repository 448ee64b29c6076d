package dev.steward.cli;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code steward}: the entry point. Each subcommand is a class beside this one. */
@Command(
    name = "steward",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Steward: an accountable AI gateway for public services.")
public final class Main implements Runnable {
  /**
   * The subcommands by name, in help order. Only the one being run is built: picocli reads every
   * command's annotations by reflection, which took about half a second of each start-up with all
   * of them (docs/benchmarks.md, cold start).
   */
  static final Map<String, Class<?>> COMMANDS = commands();

  private static Map<String, Class<?>> commands() {
    Map<String, Class<?>> m = new LinkedHashMap<>();
    m.put("serve", ServeCommand.class);
    m.put("demo", DemoCommand.class);
    m.put("keys", KeysCommand.class);
    m.put("config", ConfigCommand.class);
    m.put("log", LogCommand.class);
    m.put("receipt", ReceiptCommand.class);
    m.put("policy", PolicyCommand.class);
    m.put("killswitch", KillSwitchCommand.class);
    m.put("guard", GuardCommand.class);
    m.put("eval", EvalCommand.class);
    m.put("approvals", ApprovalsCommand.class);
    m.put("report", ReportCommand.class);
    m.put("help", CommandLine.HelpCommand.class);
    return Collections.unmodifiableMap(m);
  }

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
    Factory factory = new Factory(env);
    CommandLine cli = new CommandLine(new Main(), factory);
    Class<?> only = args.length > 0 && !args[0].equals("help") ? COMMANDS.get(args[0]) : null;
    try {
      if (only != null) {
        cli.addSubcommand(args[0], factory.create(only));
      } else {
        for (Map.Entry<String, Class<?>> c : COMMANDS.entrySet()) {
          cli.addSubcommand(c.getKey(), factory.create(c.getValue()));
        }
      }
    } catch (Exception e) {
      err.println("steward: " + e.getMessage());
      return ExitCode.FAILURE.code();
    }
    cli.setOut(out)
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
