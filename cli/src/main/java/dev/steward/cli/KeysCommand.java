package dev.steward.cli;

import dev.steward.audit.AuditEntry;
import dev.steward.config.StewardConfig;
import dev.steward.config.TransparencyLogConfig;
import dev.steward.server.TransparencyLogs;
import dev.steward.store.ApiKeyRecord;
import dev.steward.store.ApiKeys;
import dev.steward.store.NewApiKey;
import dev.steward.store.Principal;
import dev.steward.store.Storage;
import dev.steward.tlog.TileLog;
import dev.steward.tlog.TlogException;
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
      return Stores.open(cfg, DataDir.resolve(dataDir, env, cfg), env);
    }

    /** The key change's audit entry; {@code null} when the configuration turns the log off. */
    byte @Nullable [] keyChange(
        @Nullable StewardConfig cfg, AuditEntry.KeyAction action, ApiKeyRecord key) {
      return logConfig(cfg).enabled()
          ? TransparencyLogs.keyChange(action, key, "cli", Instant.now())
          : null;
    }

    /**
     * Commits the change queued with the key change to the transparency log, unless a running
     * server holds the log: it then commits it within a second.
     */
    void commitQueued(Map<String, String> env, @Nullable StewardConfig cfg, Storage storage) {
      TransparencyLogConfig logCfg = logConfig(cfg);
      if (!logCfg.enabled()) {
        return;
      }
      Path dir = DataDir.resolve(dataDir, env, cfg);
      if (!Files.isDirectory(TransparencyLogs.directory(logCfg, dir))) {
        // No server has made the log here yet (or it lives where only its configuration says):
        // the server that opens it commits what is queued before serving.
        System.err.println(
            "steward: the change is queued for the transparency log; the server commits it when"
                + " it starts");
        return;
      }
      TileLog log;
      try {
        log = TransparencyLogs.open(logCfg, dir, env);
      } catch (TlogException e) {
        if (e.code() == TlogException.Code.LOCKED) {
          System.err.println(
              "steward: the change is queued for the transparency log; the running server commits"
                  + " it within a second");
          return;
        }
        throw new CliException(
            ExitCode.FAILURE,
            "transparency log: "
                + e.getMessage()
                + " (the change is queued and will be committed when the log opens)");
      }
      try (log) {
        long last = TransparencyLogs.drainOutbox(storage.outbox(), log).lastIndex();
        if (last >= 0) {
          System.err.println("steward: committed to the transparency log at index " + last);
        }
      }
    }

    private static TransparencyLogConfig logConfig(@Nullable StewardConfig cfg) {
      return cfg == null ? TransparencyLogConfig.defaults() : cfg.transparencyLog();
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
        storage
            .keys()
            .insert(key.record(), keyChange(cfg, AuditEntry.KeyAction.CREATED, key.record()));
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
        commitQueued(env, cfg, storage);
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
        ApiKeyRecord existing = storage.keys().find(id).orElse(null);
        if (existing == null
            || !storage
                .keys()
                .revoke(
                    id, Instant.now(), keyChange(cfg, AuditEntry.KeyAction.REVOKED, existing))) {
          throw new CliException(ExitCode.NOT_FOUND, "key " + id + ": unknown or already revoked");
        }
        out().println("revoked " + id);
        out().flush();
        commitQueued(env, cfg, storage);
      }
    }
  }
}
