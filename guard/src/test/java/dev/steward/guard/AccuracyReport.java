package dev.steward.guard;

import java.util.List;
import java.util.Set;

/**
 * Prints per-type precision and recall on (i) the generated corpus with its hard negatives and (ii)
 * the hand-written varied set for names and addresses, its dev and its frozen test part.
 *
 * <pre>{@code
 * java -cp ... dev.steward.guard.AccuracyReport [samples] [seed] [TYPE [corpus|dev]]
 * }</pre>
 *
 * <p>With a type it also lists up to 20 samples where that type was missed or wrongly found, in the
 * generated corpus or the dev part. It never lists the test part's errors: rules are not tuned to
 * it.
 */
public final class AccuracyReport {
  static final Set<String> NAMES_AND_ADDRESSES = Set.of("PERSON", "LOCATION");

  private AccuracyReport() {}

  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 42L;
    String show = args.length > 2 ? args[2] : null;
    String where = args.length > 3 ? args[3] : "corpus";
    List<Corpus.Sample> generated = Corpus.generate(seed, count);
    List<Corpus.Sample> dev = VariedSet.dev();
    List<Corpus.Sample> test = VariedSet.test();
    PersonalDataScanner scanner = PersonalDataScanner.create();
    System.out.printf(
        "(i) generated corpus: %d samples, seed %d%n%s",
        count, seed, Accuracy.measure(scanner, generated).table());
    System.out.printf(
        "%n(ii) varied set, dev part (tuned on): %d snippets%n%s",
        dev.size(), Accuracy.measure(scanner, dev, NAMES_AND_ADDRESSES).table());
    System.out.printf(
        "%n(ii) varied set, test part (frozen, never tuned on): %d snippets%n%s",
        test.size(), Accuracy.measure(scanner, test, NAMES_AND_ADDRESSES).table());
    if (show != null) {
      misses(scanner, where.equals("dev") ? dev : generated, show);
    }
  }

  private static void misses(
      PersonalDataScanner scanner, List<Corpus.Sample> samples, String type) {
    int shown = 0;
    for (Corpus.Sample s : samples) {
      List<Finding> found = scanner.scan(s.text());
      boolean miss = false;
      for (Finding l : s.labels()) {
        if (l.type().equals(type) && found.stream().noneMatch(f -> same(f, l))) {
          miss = true;
        }
      }
      for (Finding f : found) {
        if (f.type().equals(type) && s.labels().stream().noneMatch(l -> same(f, l))) {
          miss = true;
        }
      }
      if (miss && shown++ < 40) {
        System.out.println(
            "---\n"
                + s.text()
                + "\n  labels "
                + show(s, s.labels())
                + "\n  found  "
                + show(s, found));
      }
    }
  }

  private static String show(Corpus.Sample s, List<Finding> findings) {
    StringBuilder b = new StringBuilder();
    for (Finding f : findings) {
      b.append(f.type()).append('[').append(s.text(), f.start(), f.end()).append("] ");
    }
    return b.toString();
  }

  private static boolean same(Finding a, Finding b) {
    return a.type().equals(b.type()) && a.start() == b.start() && a.end() == b.end();
  }
}
