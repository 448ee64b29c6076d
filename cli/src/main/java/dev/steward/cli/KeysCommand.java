package dev.steward.cli;

import dev.steward.config.StewardConfig;
import dev.steward.store.ApiKeyRecord;
import dev.steward.store.ApiKeys;
import dev.steward.store.H2Storage;
import dev.steward.store.NewApiKey;
import dev.steward.store.Principal;
import dev.steward.store.Storage;
import java.io.PrintWriter;
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
 * {@code steward keys create | list | revoke}: API keys in the data directory's database. Works
 * while a server runs on the same data directory; a revoked key stops working there within a
 * second.
 */
@Command(
    name = "keys",
    description = "Create, list and revoke API keys.",
    subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

  @Override
  public void run() {
    if (spec != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "a subcommand is required: create, list or revoke");
    }
  }

  /** Options every keys subcommand shares. */
  static class Common {
    @Option(
        names = {"-c", "--config"},
        description =
            "The configuration file: use cases are checked against it, and its data-dir is used.")
    @Nullable Path config;

    @Option(
        names = "--data-dir",
        description =
            "The data directory (default: STEWARD_DATA_DIR, the config's data-dir, ~/.local/share/steward).")
    @Nullable Path dataDir;

    @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

    @Nullable StewardConfig loadConfig(Map<String, String> env) {
      return config == null ? null : ServeCommand.load(config, env);
    }

    Storage open(Map<String, String> env, @Nullable StewardConfig cfg) {
      return H2Storage.open(DataDir.resolve(dataDir, env, cfg));
    }

    PrintWriter out() {
      return spec == null ? new PrintWriter(System.out, true) : spec.commandLine().getOut();
    }
  }

  @Command(name = "create", description = "Create a key for a use case; the key is shown once.")
  static final class Create extends Common implements Runnable {
    private final Map<String, String> env;

    @Option(names = "--department", required = true)
    String department = "";

    @Option(names = "--service", required = true)
    String service = "";

    @Option(names = "--use-case", required = true)
    String useCase = "";

    @Option(names = "--label", description = "A note on who or what the key is for.")
    String label = "";

    Create(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public void run() {
      StewardConfig cfg = loadConfig(env);
      if (cfg != null && cfg.useCase(department, service, useCase).isEmpty()) {
        throw new CliException(
            ExitCode.NOT_FOUND,
            "use case " + department + "/" + service + "/" + useCase + ": not in " + config);
      }
      Principal principal;
      try {
        principal = Principal.of(department, service, useCase);
      } catch (IllegalArgumentException e) {
        throw new CliException(ExitCode.USAGE, String.valueOf(e.getMessage()));
      }
      try (Storage storage = open(env, cfg)) {
        NewApiKey key =
            ApiKeys.create(principal, label, System.getProperty("user.name"), Instant.now());
        storage.keys().insert(key.record());
        PrintWriter out = out();
        out.println(key.plaintext());
        out.flush();
        System.err.println(
            "steward: created key "
                + key.record().id()
                + " for "
                + department
                + "/"
                + service
                + "/"
                + useCase
                + " — store it now: it is not shown again");
      }
    }
  }

  @Command(name = "list", description = "List keys (never their secret part).")
  static final class ListKeys extends Common implements Runnable {
    private final Map<String, String> env;

    @Option(names = "--department")
    @Nullable String department;

    ListKeys(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public void run() {
      StewardConfig cfg = loadConfig(env);
      try (Storage storage = open(env, cfg)) {
        List<ApiKeyRecord> keys =
            department == null ? storage.keys().list() : storage.keys().list(department, null);
        PrintWriter out = out();
        out.printf("%-18s %-14s %-40s %-9s %s%n", "ID", "PREFIX", "USE CASE", "STATUS", "LABEL");
        for (ApiKeyRecord k : keys) {
          Principal p = k.principal();
          out.printf(
              "%-18s %-14s %-40s %-9s %s%n",
              k.id(),
              k.display(),
              p.department() + "/" + p.service() + "/" + p.useCase(),
              k.revoked() ? "revoked" : "active",
              k.label());
        }
        out.flush();
      }
    }
  }

  @Command(name = "revoke", description = "Revoke a key by id.")
  static final class Revoke extends Common implements Runnable {
    private final Map<String, String> env;

    @Parameters(index = "0", paramLabel = "ID")
    String id = "";

    Revoke(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public void run() {
      StewardConfig cfg = loadConfig(env);
      try (Storage storage = open(env, cfg)) {
        if (!storage.keys().revoke(id, Instant.now())) {
          throw new CliException(ExitCode.NOT_FOUND, "key " + id + ": unknown or already revoked");
        }
        out().println("revoked " + id);
        out().flush();
      }
    }
  }
}
