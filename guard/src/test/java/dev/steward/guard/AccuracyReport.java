package dev.steward.guard;

import java.util.List;

/**
 * Prints per-type precision and recall on the generated corpus, and the misses of one type.
 *
 * <pre>{@code
 * java -cp ... dev.steward.guard.AccuracyReport [samples] [seed] [TYPE to list misses of]
 * }</pre>
 */
public final class AccuracyReport {
  private AccuracyReport() {}

  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 42L;
    String show = args.length > 2 ? args[2] : null;
    List<Corpus.Sample> samples = Corpus.generate(seed, count);
    PersonalDataScanner scanner = PersonalDataScanner.create();
    Accuracy a = Accuracy.measure(scanner, samples);
    System.out.printf("%d samples, seed %d%n%s", count, seed, a.table());
    if (show != null) {
      int shown = 0;
      for (Corpus.Sample s : samples) {
        List<Finding> found = scanner.scan(s.text());
        boolean miss = false;
        for (Finding l : s.labels()) {
          if (l.type().equals(show) && found.stream().noneMatch(f -> same(f, l))) {
            miss = true;
          }
        }
        for (Finding f : found) {
          if (f.type().equals(show) && s.labels().stream().noneMatch(l -> same(f, l))) {
            miss = true;
          }
        }
        if (miss && shown++ < 20) {
          System.out.println(
              "---\n" + s.text() + "\n  labels " + s.labels() + "\n  found  " + found);
        }
      }
    }
  }

  private static boolean same(Finding a, Finding b) {
    return a.type().equals(b.type()) && a.start() == b.start() && a.end() == b.end();
  }
}
