package dev.steward.cli;

import dev.steward.config.StewardConfig;
import dev.steward.server.StewardServer;
import dev.steward.store.Storage;
import dev.steward.tlog.TileLog;
import java.net.URI;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.Objects;

/**
 * {@code steward demo}, started in-process and stopped by {@link #close}: the demo configuration,
 * its store in {@code dataDir}, a gateway on a free port, and the demo's first traffic with
 * outcomes. For tests that drive the demo as a user would (the browser tests).
 */
public final class Demo implements AutoCloseable {
  private final StewardConfig config;
  private final StewardServer server;
  private final Storage storage;
  private final String adminKey;
  private final int sent;

  private Demo(
      StewardConfig config, StewardServer server, Storage storage, String adminKey, int sent) {
    this.config = config;
    this.server = server;
    this.storage = storage;
    this.adminKey = adminKey;
    this.sent = sent;
  }

  /** Starts the demo on a free port with its data in {@code dataDir}. */
  public static Demo start(Path dataDir, Map<String, String> environment) {
    Objects.requireNonNull(dataDir, "dataDir");
    Map<String, String> env = DemoCommand.withAdminKey(environment);
    Path file = DemoCommand.writeDemoConfig(dataDir);
    StewardConfig cfg = ServeCommand.load(file, env);
    Storage storage = Stores.open(cfg, dataDir, env);
    StewardServer server;
    try {
      TileLog log = ServeCommand.openLog(cfg, dataDir, env);
      server = StewardServer.start(cfg, storage, env, InstantSource.system(), 0, log);
    } catch (RuntimeException e) {
      storage.close();
      throw e;
    }
    try {
      int sent = DemoTraffic.send(cfg, server, storage);
      return new Demo(
          cfg, server, storage, Objects.requireNonNull(env.get(DemoCommand.ADMIN_KEY)), sent);
    } catch (RuntimeException e) {
      server.close();
      storage.close();
      throw e;
    }
  }

  public URI baseUri() {
    return server.baseUri();
  }

  public String adminKey() {
    return adminKey;
  }

  public StewardConfig config() {
    return config;
  }

  public Storage storage() {
    return storage;
  }

  /** How many demo exchanges were served at start. */
  public int sent() {
    return sent;
  }

  @Override
  public void close() {
    server.close();
    storage.close();
  }
}
