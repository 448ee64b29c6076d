package dev.steward.cli;

import dev.steward.config.ConfigException;
import dev.steward.config.ConfigLoader;
import dev.steward.config.StewardConfig;
import dev.steward.server.StewardServer;
import dev.steward.server.TransparencyLogs;
import dev.steward.store.Storage;
import dev.steward.tlog.TileLog;
import dev.steward.tlog.TlogException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code steward serve --config FILE}: runs the gateway until interrupted. */
@Command(name = "serve", description = "Run the gateway with a configuration file.")
final class ServeCommand implements Runnable {
  private final Map<String, String> env;

  @Option(
      names = {"-c", "--config"},
      required = true,
      description = "The configuration file (YAML).")
  @Nullable Path config;

  @Option(
      names = "--data-dir",
      description =
          "Where the database lives (default: STEWARD_DATA_DIR, the config's data-dir, ~/.local/share/steward).")
  @Nullable Path dataDir;

  @Option(
      names = "--port",
      description = "Listen on this port instead of the configured one (0: any free port).")
  @Nullable Integer port;

  ServeCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public void run() {
    StewardConfig cfg = load(requireNonNullOption(config), env);
    if (!cfg.sandboxAllowed()) {
      cfg.providers().values().stream()
          .filter(p -> p.protocol() == dev.steward.config.Protocol.SANDBOX)
          .findFirst()
          .ifPresent(
              p -> {
                throw new CliException(
                    ExitCode.CONFIG_INVALID,
                    "providers."
                        + p.name()
                        + ": the sandbox provider serves simulated answers; 'serve' refuses it"
                        + " unless the configuration says 'sandbox: allowed'");
              });
    }
    Path dir = DataDir.resolve(dataDir, env, cfg);
    runServer(cfg, dir, port, env, null);
  }

  static Path requireNonNullOption(@Nullable Path p) {
    if (p == null) {
      throw new CliException(ExitCode.USAGE, "--config: missing");
    }
    return p;
  }

  static StewardConfig load(Path file, Map<String, String> env) {
    if (!Files.isRegularFile(file)) {
      throw new CliException(ExitCode.NOT_FOUND, file + ": no such file");
    }
    try {
      return ConfigLoader.load(file, env);
    } catch (ConfigException e) {
      throw new CliException(ExitCode.CONFIG_INVALID, String.valueOf(e.getMessage()));
    }
  }

  /** Opens the store, starts the server, and blocks until the process is asked to stop. */
  static void runServer(
      StewardConfig cfg,
      Path dataDir,
      @Nullable Integer port,
      Map<String, String> env,
      @Nullable StartedListener listener) {
    Storage storage = Stores.open(cfg, dataDir, env);
    StewardServer server;
    try {
      TileLog log = openLog(cfg, dataDir, env);
      server = StewardServer.start(cfg, storage, env, InstantSource.system(), port, log);
    } catch (RuntimeException e) {
      storage.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  storage.close();
                  stopped.countDown();
                },
                "steward-shutdown"));
    if (listener != null) {
      listener.started(server, storage);
    }
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The configured transparency log, open; {@code null} when the configuration turns it off. */
  static @Nullable TileLog openLog(StewardConfig cfg, Path dataDir, Map<String, String> env) {
    if (!cfg.transparencyLog().enabled()) {
      return null;
    }
    try {
      return TransparencyLogs.open(cfg.transparencyLog(), dataDir, env);
    } catch (TlogException e) {
      throw new CliException(ExitCode.FAILURE, "transparency log: " + e.getMessage());
    }
  }

  /** Called once the server listens, before blocking. */
  interface StartedListener {
    void started(StewardServer server, Storage storage);
  }
}
