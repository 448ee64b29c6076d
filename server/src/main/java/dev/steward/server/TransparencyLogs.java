package dev.steward.server;

import dev.steward.config.Secret;
import dev.steward.config.TransparencyLogConfig;
import dev.steward.tlog.NoteSigner;
import dev.steward.tlog.TileLog;
import dev.steward.tlog.TlogException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the transparency log a configuration describes: its directory ({@code <data-dir>/
 * transparency-log} unless configured) and its signer key (configured, or {@code <data-dir>/
 * transparency-log.key}, created with the configured origin on first start, readable by its owner
 * only).
 */
public final class TransparencyLogs {
  private static final Logger LOG = LoggerFactory.getLogger(TransparencyLogs.class);

  static final String DIR = "transparency-log";
  static final String KEY_FILE = "transparency-log.key";

  private TransparencyLogs() {}

  /** The log directory for {@code config} in {@code dataDir}. */
  public static Path directory(TransparencyLogConfig config, Path dataDir) {
    return config.dir() != null ? Path.of(config.dir()) : dataDir.resolve(DIR);
  }

  /**
   * Opens (creating if needed) the log; fails with {@link TlogException} ({@code LOCKED} while
   * another process holds it, {@code IO}, {@code CORRUPT}).
   */
  public static TileLog open(TransparencyLogConfig config, Path dataDir, Map<String, String> env) {
    NoteSigner signer = signer(config, dataDir, env);
    TileLog.Options options =
        TileLog.Options.defaults()
            .withMaxBatchEntries(config.maxBatchEntries())
            .withMaxBatchWait(config.maxBatchWait())
            .withMaxPendingEntries(config.maxPendingEntries())
            .withPublishInterval(config.publishInterval())
            .withDurability(
                switch (config.durability()) {
                  case JOURNAL -> TileLog.Durability.JOURNAL;
                  case CHECKPOINT -> TileLog.Durability.CHECKPOINT;
                });
    return TileLog.open(directory(config, dataDir), signer, options);
  }

  /** The configured signer key, or the data directory's, created on first use. */
  static NoteSigner signer(TransparencyLogConfig config, Path dataDir, Map<String, String> env) {
    Secret configured = config.signerKey();
    if (configured != null) {
      return parse(configured.resolve(env), "transparency-log.signer-key");
    }
    Path file = dataDir.resolve(KEY_FILE);
    try {
      if (Files.exists(file)) {
        return parse(Files.readString(file, StandardCharsets.UTF_8).strip(), file.toString());
      }
      NoteSigner created = NoteSigner.generate(config.origin());
      Files.createDirectories(dataDir);
      try {
        Files.createFile(
            file,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      }
      Files.writeString(
          file,
          created.privateKeyString() + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.TRUNCATE_EXISTING);
      LOG.info(
          "transparency log: created signer key {} (verifier key {})", file, created.verifier());
      return created;
    } catch (FileAlreadyExistsException e) {
      return signer(config, dataDir, env);
    } catch (IOException e) {
      throw new UncheckedIOException("transparency log signer key " + file + ": " + e, e);
    }
  }

  private static NoteSigner parse(String key, String where) {
    try {
      return NoteSigner.parse(key);
    } catch (TlogException e) {
      throw new IllegalArgumentException(
          where
              + ": not a signer key (expected: PRIVATE+KEY+<name>+<id>+<key>, as `steward log keygen` writes)",
          e);
    }
  }
}
