package dev.steward.guard;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Single-threaded scan throughput on generated 1 KB prompts, in MB/s of UTF-8 text. Two workloads:
 * {@code typical} (prose with dates, times and amounts; one prompt in five carries an identifier)
 * and {@code dense} (every sentence carries an identifier or a hard negative).
 *
 * <pre>{@code
 * java -cp ... dev.steward.guard.ScanThroughput [seconds per workload]
 * }</pre>
 *
 * <p>Prints MB/s per CPU-second of the scanning thread (the per-core figure, robust to other load
 * on a shared machine) and by wall clock. Not a test: timing never fails the build.
 */
public final class ScanThroughput {
  private ScanThroughput() {}

  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
    PersonalDataScanner scanner = PersonalDataScanner.create();
    for (String workload : List.of("typical", "dense")) {
      List<String> prompts = prompts(workload, 1024, 512, 1);
      run(scanner, prompts, seconds / 2); // warm-up
      double[] mbps = run(scanner, prompts, seconds);
      System.out.printf(
          "%-8s %7.1f MB/s per CPU-second (%.1f MB/s wall clock; 1 KB prompts, one thread)%n",
          workload, mbps[1], mbps[0]);
    }
  }

  /** {@code count} prompts of about {@code size} chars. */
  static List<String> prompts(String workload, int size, int count, long seed) {
    Random r = new Random(seed);
    Corpus corpus = new Corpus(seed);
    List<String> out = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      StringBuilder b = new StringBuilder(size + 256);
      boolean identifier = workload.equals("dense") || r.nextInt(5) == 0;
      int at = identifier ? r.nextInt(size) : -1;
      while (b.length() < size) {
        if (workload.equals("dense")) {
          b.append(corpus.sample().text());
        } else {
          b.append(Corpus.FILLER.get(r.nextInt(Corpus.FILLER.size()))).append(' ');
          if (at >= 0 && b.length() >= at) {
            corpus.fill(
                Corpus.POSITIVE.get(r.nextInt(Corpus.POSITIVE.size())), b, new ArrayList<>());
            b.append(' ');
            at = -1;
          }
        }
      }
      out.add(b.substring(0, size));
    }
    return out;
  }

  /** MB/s by wall clock and by this thread's CPU time (what other load on the machine spares). */
  private static double[] run(PersonalDataScanner scanner, List<String> prompts, double seconds) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long bytesPerRound = 0;
    for (String p : prompts) {
      bytesPerRound += p.getBytes(StandardCharsets.UTF_8).length;
    }
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    long start = System.nanoTime();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long bytes = 0;
    long sink = 0;
    while (System.nanoTime() < deadline) {
      for (String p : prompts) {
        sink += scanner.scan(p).size();
      }
      bytes += bytesPerRound;
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    if (sink == 42) {
      System.out.print("");
    }
    return new double[] {bytes / elapsed / 1e6, bytes / cpu / 1e6};
  }
}
