package dev.steward.tlog;

import static dev.steward.tlog.TileLog.Durability.CHECKPOINT;
import static dev.steward.tlog.TileLog.Durability.JOURNAL;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Durable appends per second and append latency (p50, p99) with N concurrent appenders, each
 * appending a 200-byte entry and waiting for its acknowledgement before the next, across batch
 * settings and both durability modes (CHECKPOINT: acknowledged once published; JOURNAL: once
 * journaled, published in the background). Not run by the tests. Usage: {@code AppendBenchmark
 * [seconds] [dir]}; each setting runs on a fresh log under {@code dir} (default: a temporary
 * directory), after one second of warm-up. "batch avg" is the mean number of entries per durable
 * write (a commit, or a journal write), "publish avg" the mean per tile commit.
 */
public final class AppendBenchmark {
  private AppendBenchmark() {}

  private record Setting(
      TileLog.Durability durability, int appenders, int maxBatch, Duration maxWait) {}

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
    Path root = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("tlog-bench");
    List<Setting> settings =
        List.of(
            new Setting(CHECKPOINT, 1, 1024, Duration.ZERO),
            new Setting(CHECKPOINT, 16, 1024, Duration.ZERO),
            new Setting(CHECKPOINT, 256, 1024, Duration.ZERO),
            new Setting(CHECKPOINT, 1024, 256, Duration.ZERO),
            new Setting(CHECKPOINT, 1024, 1024, Duration.ZERO),
            new Setting(CHECKPOINT, 1024, 1024, Duration.ofMillis(2)),
            new Setting(CHECKPOINT, 4096, 4096, Duration.ZERO),
            new Setting(JOURNAL, 1, 1024, Duration.ZERO),
            new Setting(JOURNAL, 16, 1024, Duration.ZERO),
            new Setting(JOURNAL, 256, 1024, Duration.ZERO),
            new Setting(JOURNAL, 1024, 1024, Duration.ZERO));
    System.out.printf(
        "%-10s %-9s %-9s %-8s %12s %10s %10s %10s %12s%n",
        "durability",
        "appenders",
        "maxBatch",
        "maxWait",
        "appends/s",
        "p50 ms",
        "p99 ms",
        "batch avg",
        "publish avg");
    int run = 0;
    for (Setting s : settings) {
      Path dir = root.resolve("run-" + run++);
      Result r = run(dir, s, seconds);
      System.out.printf(
          Locale.ROOT,
          "%-10s %-9d %-9d %-8s %12.0f %10.2f %10.2f %10.1f %12.1f%n",
          s.durability(),
          s.appenders(),
          s.maxBatch(),
          s.maxWait().toMillis() + "ms",
          r.perSecond(),
          r.p50Millis(),
          r.p99Millis(),
          r.averageBatch(),
          r.averagePublication());
      deleteTree(dir);
    }
  }

  private record Result(
      double perSecond,
      double p50Millis,
      double p99Millis,
      double averageBatch,
      double averagePublication) {}

  private static Result run(Path dir, Setting s, double seconds) throws InterruptedException {
    NoteSigner signer = NoteSigner.generate("bench.example/log");
    TileLog.Options options =
        TileLog.Options.defaults()
            .withMaxBatchEntries(s.maxBatch())
            .withMaxBatchWait(s.maxWait())
            .withMaxPendingEntries(Math.max(65536, s.appenders()))
            .withDurability(s.durability());
    AtomicLong writes = new AtomicLong();
    AtomicLong publications = new AtomicLong();
    TileStore.Faults count =
        stage -> {
          if (stage == TileStore.Stage.CHECKPOINT_RENAMED) {
            publications.incrementAndGet();
          }
          if (stage == TileStore.Stage.JOURNAL_SYNCED) {
            writes.incrementAndGet();
          }
        };
    AtomicLong durableWrites = s.durability() == JOURNAL ? writes : publications;
    try (TileLog log = TileLog.open(dir, signer, options, count)) {
      byte[] entry = new byte[200];
      AtomicBoolean measuring = new AtomicBoolean();
      AtomicBoolean stop = new AtomicBoolean();
      long[][] latencies = new long[s.appenders()][];
      int[] counts = new int[s.appenders()];
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < s.appenders(); t++) {
        int id = t;
        latencies[id] = new long[1 << 16];
        threads.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      while (!stop.get()) {
                        long start = System.nanoTime();
                        log.append(entry).join();
                        long took = System.nanoTime() - start;
                        if (measuring.get()) {
                          if (counts[id] == latencies[id].length) {
                            latencies[id] = Arrays.copyOf(latencies[id], counts[id] * 2);
                          }
                          latencies[id][counts[id]++] = took;
                        }
                      }
                    }));
      }
      Thread.sleep(1000);
      long size0 = log.acceptedSize();
      long published0 = log.size();
      long batches0 = durableWrites.get();
      long publications0 = publications.get();
      long t0 = System.nanoTime();
      measuring.set(true);
      Thread.sleep((long) (seconds * 1000));
      measuring.set(false);
      long elapsed = System.nanoTime() - t0;
      long appended = log.acceptedSize() - size0;
      long published = log.size() - published0;
      long batches = durableWrites.get() - batches0;
      long commits = publications.get() - publications0;
      stop.set(true);
      for (Thread t : threads) {
        t.join();
      }
      int total = Arrays.stream(counts).sum();
      long[] all = new long[total];
      int at = 0;
      for (int t = 0; t < s.appenders(); t++) {
        System.arraycopy(latencies[t], 0, all, at, counts[t]);
        at += counts[t];
      }
      Arrays.sort(all);
      return new Result(
          appended / (elapsed / 1e9),
          percentile(all, 0.50) / 1e6,
          percentile(all, 0.99) / 1e6,
          batches == 0 ? 0 : (double) appended / batches,
          commits == 0 ? 0 : (double) published / commits);
    }
  }

  private static double percentile(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, p * sorted.length)];
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
