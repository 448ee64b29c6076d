package dev.steward.server;

import dev.steward.audit.AuditEntry;
import dev.steward.audit.AuditEntryCodec;
import dev.steward.config.Secret;
import dev.steward.config.TransparencyLogConfig;
import dev.steward.core.Futures;
import dev.steward.store.ApiKeyRecord;
import dev.steward.store.AuditOutbox;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
  private static final int OUTBOX_BATCH = 256;

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

  /**
   * The {@code key-change} entry for a change of {@code key}, made {@code via} {@code cli} or
   * {@code admin-api}: what is stored in the outbox with the change.
   */
  public static byte[] keyChange(
      AuditEntry.KeyAction action, ApiKeyRecord key, String via, Instant at) {
    return AuditEntryCodec.encode(
        new AuditEntry.KeyChange(at, action, AuditTrail.caller(key.principal(), key.id()), via));
  }

  /**
   * What {@link #drainOutbox} moved.
   *
   * @param entries how many entries it appended
   * @param lastIndex the log index of the last one, or -1 when there were none
   */
  public record Drained(int entries, long lastIndex) {}

  /**
   * Moves entries queued in {@code outbox} into {@code log}, oldest first, in batches: appends
   * them, waits until they are durable, then deletes them. At least once: a crash between the
   * append and the delete logs an entry twice, never loses one. Blocks; a failure (of the log or
   * the store) is thrown, leaving what was not committed queued.
   */
  public static Drained drainOutbox(AuditOutbox outbox, TileLog log) {
    int moved = 0;
    long last = -1;
    while (true) {
      List<AuditOutbox.OutboxEntry> pending = outbox.pending(OUTBOX_BATCH);
      if (pending.isEmpty()) {
        return new Drained(moved, last);
      }
      List<CompletableFuture<Long>> appends = new ArrayList<>(pending.size());
      List<Long> ids = new ArrayList<>(pending.size());
      for (AuditOutbox.OutboxEntry e : pending) {
        appends.add(log.append(e.entry()));
        ids.add(e.id());
      }
      for (CompletableFuture<Long> a : appends) {
        last = Futures.join(a);
      }
      outbox.remove(ids);
      moved += ids.size();
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
