package dev.steward.cli;

import dev.steward.config.StewardConfig;
import dev.steward.core.StewardException;
import dev.steward.server.KillSwitchControl;
import dev.steward.store.KillSwitchStorage.KillSwitch;
import dev.steward.store.Storage;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code steward killswitch engage | lift | list}: stop a provider, a model or a use case on every
 * gateway node sharing the data directory's store, within a second, with an incident note committed
 * to the transparency log.
 */
@Command(
    name = "killswitch",
    description = "Stop a provider, model or use case everywhere, with an incident note.",
    subcommands = {
      KillSwitchCommand.Engage.class,
      KillSwitchCommand.Lift.class,
      KillSwitchCommand.ListSwitches.class
    })
final class KillSwitchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

  @Override
  public void run() {
    if (spec != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "a subcommand is required: engage, lift or list");
    }
  }

  /** Who acted: {@code cli:<user>}, as the log names the actor. */
  static String actor() {
    String user = System.getProperty("user.name", "unknown").replaceAll("[^\\x21\\x23-\\x7e]", "_");
    return "cli:" + (user.isEmpty() ? "unknown" : user);
  }

  static KillSwitchControl control(StewardConfig cfg, Storage storage) {
    return new KillSwitchControl(
        cfg, storage.killSwitches(), Instant::now, cfg.transparencyLog().enabled());
  }

  static StewardConfig required(@Nullable StewardConfig cfg) {
    if (cfg == null) {
      throw new CliException(
          ExitCode.USAGE,
          "--config is required: switches are checked against the configuration, and its log"
              + " settings say whether the change is logged");
    }
    return cfg;
  }

  static void print(PrintWriter out, KillSwitch s) {
    out.printf(
        "%s  %-8s %-40s %s  %s%n",
        s.id(),
        s.scope(),
        s.target(),
        s.lifted() ? "lifted " + s.liftedAt() : "ENGAGED since " + s.engagedAt(),
        s.note());
    out.flush();
  }

  @Command(name = "engage", description = "Engage a switch: the target stops serving at once.")
  static final class Engage extends KeysCommand.Common implements Runnable {
    private final Map<String, String> env;

    @Option(names = "--scope", required = true, description = "provider, model or use-case")
    String scope = "";

    @Option(
        names = "--target",
        required = true,
        description = "A provider id, a model alias, or department/service/use-case.")
    String target = "";

    @Option(
        names = "--note",
        required = true,
        description = "The incident note (one line; published in the transparency log).")
    String note = "";

    Engage(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public void run() {
      StewardConfig cfg = required(loadConfig(env));
      try (Storage storage = open(env, cfg)) {
        KillSwitch s;
        try {
          s = control(cfg, storage).engage(scope, target, note, actor(), "cli");
        } catch (StewardException e) {
          throw new CliException(
              e.code().httpStatus() == 409 ? ExitCode.FAILURE : ExitCode.USAGE,
              String.valueOf(e.getMessage()));
        }
        print(out(), s);
        System.err.println(
            "steward: engaged; every node sharing this store stops serving it within a second");
        commitQueued(env, cfg, storage);
      }
    }
  }

  @Command(name = "lift", description = "Lift a switch: the target serves again.")
  static final class Lift extends KeysCommand.Common implements Runnable {
    private final Map<String, String> env;

    @Parameters(index = "0", description = "The switch's id (ks_…).")
    String id = "";

    @Option(names = "--note", required = true, description = "Why it is lifted (logged).")
    String note = "";

    Lift(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public void run() {
      StewardConfig cfg = required(loadConfig(env));
      try (Storage storage = open(env, cfg)) {
        KillSwitch s;
        try {
          s =
              control(cfg, storage)
                  .lift(id, note, actor(), "cli")
                  .orElseThrow(
                      () ->
                          new CliException(
                              ExitCode.NOT_FOUND,
                              "kill switch " + id + ": unknown or already lifted"));
        } catch (StewardException e) {
          throw new CliException(ExitCode.USAGE, String.valueOf(e.getMessage()));
        }
        print(out(), s);
        commitQueued(env, cfg, storage);
      }
    }
  }

  @Command(name = "list", description = "Engaged switches, then the latest lifted ones.")
  static final class ListSwitches extends KeysCommand.Common implements Runnable {
    private final Map<String, String> env;

    @Option(names = "--all", description = "Include lifted switches.")
    boolean all;

    ListSwitches(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public void run() {
      StewardConfig cfg = loadConfig(env);
      try (Storage storage = open(env, cfg)) {
        List<KillSwitch> shown =
            all ? storage.killSwitches().recent(100) : storage.killSwitches().active();
        PrintWriter out = out();
        if (shown.isEmpty()) {
          out.println(all ? "no kill switches" : "no kill switch engaged");
          out.flush();
        }
        shown.forEach(s -> print(out, s));
      }
    }
  }
}
