package dev.steward.injection;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Evaluates the committed head on the held-out split and measures latency. Run from the repository
 * root:
 *
 * <pre>
 * ./mvnw -q -B -pl injection test-compile exec:java -Dexec.mainClass=dev.steward.injection.EvaluateInjection
 * </pre>
 *
 * <p>Options: {@code --shared DIR}, {@code --no-shared}, {@code --latency N} (also time N warm
 * calls on a ~1 KB prompt and on a short one, after N warm-up calls), {@code --threads N} (ONNX
 * Runtime threads per call).
 */
public final class EvaluateInjection {
  private EvaluateInjection() {}

  public static void main(String[] args) {
    Optional<Path> shared = Examples.sharedDir();
    int latency = 0;
    int threads = 1;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--shared" -> shared = Optional.of(Path.of(args[++i]).toAbsolutePath().normalize());
        case "--no-shared" -> shared = Optional.empty();
        case "--latency" -> latency = Integer.parseInt(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option: " + args[i]);
      }
    }
    long t0 = System.nanoTime();
    InjectionDetector detector = InjectionDetector.builder().inferenceThreads(threads).build();
    System.out.printf(Locale.ROOT, "load: %.0f ms%n", (System.nanoTime() - t0) / 1e6);
    TrainHead.Data data = TrainHead.Data.load(shared);
    System.out.println(data.describe());
    System.out.println(TrainHead.Report.of(data, detector).table());
    if (latency > 0) {
      String kb =
          "Dear Housing Team, I am writing about the damp in the bedroom of my flat at 12 Elm"
              + " Court. It started in October and has got worse; there is black mould on the"
              + " wall behind the wardrobe and my daughter, who has asthma, is coughing at night."
              + " I reported it by phone on 3 November (reference R-55121) and was told someone"
              + " would visit within ten working days, but nobody has come. Could you tell me"
              + " when the surveyor will visit, whether I can be moved while the work is done,"
              + " and whether I can claim for the clothes that were ruined? I am at home on"
              + " Mondays and Thursdays. Please summarise my options and draft a short reply I"
              + " can send if I do not hear back by Friday. I have also attached photos of the"
              + " wall and the receipt for the dehumidifier I bought, which cost £189. My"
              + " neighbour in number 14 has the same problem, so it may be the roof or the"
              + " gutters rather than condensation. Thank you, Ana";
      String shortText = "How do I apply for a Blue Badge for my mother?";
      System.out.println(timing("~1 KB prompt (" + kb.length() + " chars)", detector, kb, latency));
      System.out.println(
          timing("short prompt (" + shortText.length() + " chars)", detector, shortText, latency));
      String rulesOnly = kb;
      long[] ns = new long[latency];
      for (int i = 0; i < latency; i++) {
        long s = System.nanoTime();
        InjectionRules.scan(rulesOnly);
        ns[i] = System.nanoTime() - s;
      }
      System.out.println(percentiles("rules only, ~1 KB", ns));
    }
  }

  private static String timing(String name, InjectionDetector d, String text, int n) {
    for (int i = 0; i < n; i++) {
      d.detect(text);
    }
    long[] ns = new long[n];
    for (int i = 0; i < n; i++) {
      long s = System.nanoTime();
      d.detect(text);
      ns[i] = System.nanoTime() - s;
    }
    return percentiles(name, ns);
  }

  private static String percentiles(String name, long[] ns) {
    Arrays.sort(ns);
    return String.format(
        Locale.ROOT,
        "%s: p50 %.2f ms, p99 %.2f ms (n=%d)",
        name,
        ns[ns.length / 2] / 1e6,
        ns[Math.min(ns.length - 1, (int) Math.ceil(ns.length * 0.99) - 1)] / 1e6,
        ns.length);
  }
}
