package dev.steward.benchmarks;

import dev.steward.guard.Finding;
import dev.steward.guard.PersonalDataAction;
import dev.steward.guard.PersonalDataScanner;
import dev.steward.guard.Redactor;
import dev.steward.guard.StreamGuard;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Personal-data scan of one 1 KB prompt (1024 ASCII chars, so 1 KB of UTF-8): {@code typical} is
 * prose where one prompt in five carries an identifier, {@code dense} has an identifier or a hard
 * negative in every sentence. MB/s = 1.024 / (µs per op). Target (issue 4): at least 100 MB/s per
 * core, i.e. at most 10 µs per op.
 *
 * <p>{@code streamGuard1kAnswer} puts the same text through the output guard as a streamed answer
 * in 16-char deltas (the default 256-char window, every type redacted): the cost of guarding a
 * stream, look-behind rescans included.
 *
 * <p>On a shared machine JMH's wall-clock figures swing widely; {@link #main} measures the same
 * {@code scan1kPrompt} by the scanning thread's CPU time instead (best of 25 rounds of 20 000
 * prompts): {@code java -cp benchmarks/target/benchmarks.jar
 * dev.steward.benchmarks.GuardBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class GuardBenchmark {
  static final List<String> PROSE =
      List.of(
          "Hi, I need some help with a form. ",
          "I am writing about my housing benefit claim. ",
          "The bins were not collected on 12/03/2024 at 10:30 again. ",
          "Can you summarise the letter below in plain English? ",
          "The appointment was moved twice without notice. ",
          "Please draft a polite reply for the resident. ",
          "Our team reviewed 42 applications in March 2025. ",
          "The total was \u00a31,234.56 for 3 items. ",
          "Invoice INV-2024-00123 is due on 2025-04-30. ",
          "Could you explain what happens next? ");
  static final List<String> IDENTIFIERS =
      List.of(
          "My NI number is AB 12 34 56 C. ",
          "My NHS number is 401 023 2137. ",
          "Call me on 020 7946 0958 after 6pm. ",
          "Email jane.doe@example.co.uk please. ",
          "Card 4111 1111 1111 1111 was charged. ",
          "IBAN GB82 WEST 1234 5698 7654 32. ",
          "Postcode SW1A 1AA. ",
          "Driving licence MORGA753116SM9IJ. ",
          "Sort code 12-34-56, account number 12345678. ",
          "The request came from 192.168.0.1. ",
          "Order number 4857396021 was dispatched. ",
          "Please write to Mrs Okonkwo at 14 Acacia Avenue. ");

  @Param({"typical", "dense"})
  public String workload = "typical";

  private final PersonalDataScanner scanner = PersonalDataScanner.create();
  private final String[] prompts = new String[256];
  private int next;

  @Setup
  public void setup() {
    Random r = new Random(1);
    for (int k = 0; k < prompts.length; k++) {
      StringBuilder b = new StringBuilder(1300);
      boolean dense = workload.equals("dense");
      int at = dense || r.nextInt(5) == 0 ? r.nextInt(1024) : -1;
      while (b.length() < 1024) {
        if (dense) {
          b.append(IDENTIFIERS.get(r.nextInt(IDENTIFIERS.size())));
        }
        b.append(PROSE.get(r.nextInt(PROSE.size())));
        if (at >= 0 && b.length() >= at) {
          b.append(IDENTIFIERS.get(r.nextInt(IDENTIFIERS.size())));
          at = -1;
        }
      }
      prompts[k] = b.substring(0, 1024);
    }
  }

  @Benchmark
  public List<Finding> scan1kPrompt() {
    String p = prompts[next];
    next = (next + 1) & (prompts.length - 1);
    return scanner.scan(p);
  }

  @Benchmark
  public int streamGuard1kAnswer() {
    String p = prompts[next];
    next = (next + 1) & (prompts.length - 1);
    StreamGuard guard =
        new StreamGuard(scanner, Redactor.create(type -> PersonalDataAction.REDACT));
    int released = 0;
    for (int k = 0; k < p.length(); k += 16) {
      released += guard.accept(p.substring(k, Math.min(p.length(), k + 16))).length();
    }
    return released + guard.finish().length();
  }

  /** Per-core figures by CPU time, for machines where other load makes wall clock useless. */
  public static void main(String[] args) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (String workload : List.of("typical", "dense")) {
      GuardBenchmark b = new GuardBenchmark();
      b.workload = workload;
      b.setup();
      double best = Double.MAX_VALUE;
      long sink = 0;
      for (int round = 0; round < 25; round++) {
        long start = threads.getCurrentThreadCpuTime();
        for (int k = 0; k < 20_000; k++) {
          sink += b.scan1kPrompt().size();
        }
        best = Math.min(best, (threads.getCurrentThreadCpuTime() - start) / 1e3 / 20_000);
      }
      System.out.printf(
          Locale.ROOT,
          "scan1kPrompt %-8s %6.2f us/op CPU (best of 25) = %4.0f MB/s per core%s%n",
          workload,
          best,
          1.024e3 / best,
          sink == 42 ? " " : "");
    }
  }
}
