package dev.steward.config;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The transparency log every exchange and every change is committed to ({@code transparency-log}).
 *
 * @param enabled whether the gateway keeps the log; off only for measurements, with a warning
 * @param dir the log directory (absolute), or {@code null} for {@code <data-dir>/transparency-log}
 * @param signerKey the Ed25519 signer key ({@code PRIVATE+KEY+…}), or {@code null} for {@code
 *     <data-dir>/transparency-log.key}, created on first start
 * @param origin the log's name, used when Steward creates the signer key; a configured key names
 *     its own origin
 * @param durability when an append counts as committed: {@code journal} (in the fsynced journal,
 *     published in tiles and a signed checkpoint a moment later) or {@code checkpoint} (published)
 * @param maxBatchEntries the most entries one commit holds
 * @param maxBatchWait how long a commit waits for more entries once it has one
 * @param maxPendingEntries the most appends waiting for a commit before requests are refused
 * @param publishInterval with journal durability, the least time between two publications
 */
public record TransparencyLogConfig(
    boolean enabled,
    @Nullable String dir,
    @Nullable Secret signerKey,
    String origin,
    Durability durability,
    int maxBatchEntries,
    Duration maxBatchWait,
    int maxPendingEntries,
    Duration publishInterval) {
  public static final String DEFAULT_ORIGIN = "localhost/steward";

  /** When an append counts as committed. */
  public enum Durability {
    JOURNAL,
    CHECKPOINT
  }

  public TransparencyLogConfig {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(durability, "durability");
    Objects.requireNonNull(maxBatchWait, "maxBatchWait");
    if (maxBatchEntries < 1 || maxBatchEntries > 65536) {
      throw new IllegalArgumentException(
          "max-batch-entries: " + maxBatchEntries + " (expected: 1..65536)");
    }
    if (maxBatchWait.isNegative() || maxBatchWait.compareTo(Duration.ofSeconds(1)) > 0) {
      throw new IllegalArgumentException("max-batch-wait: " + maxBatchWait + " (expected: 0..1s)");
    }
    Objects.requireNonNull(publishInterval, "publishInterval");
    if (publishInterval.isNegative() || publishInterval.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new IllegalArgumentException(
          "publish-interval: " + publishInterval + " (expected: 0..10s)");
    }
    if (maxPendingEntries < 1) {
      throw new IllegalArgumentException(
          "max-pending: " + maxPendingEntries + " (expected: at least 1)");
    }
  }

  /**
   * The log on, in the data directory, journal durability, 1,024 entries per commit, published at
   * most every second.
   */
  public static TransparencyLogConfig defaults() {
    return new TransparencyLogConfig(
        true,
        null,
        null,
        DEFAULT_ORIGIN,
        Durability.JOURNAL,
        1024,
        Duration.ZERO,
        65536,
        Duration.ofSeconds(1));
  }
}
