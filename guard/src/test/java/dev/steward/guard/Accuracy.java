package dev.steward.guard;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Per-type precision and recall of a scanner on labelled samples, exact span and type. */
final class Accuracy {
  /** Counts for one type. */
  static final class Counts {
    int truePositives;
    int falsePositives;
    int falseNegatives;

    double precision() {
      int found = truePositives + falsePositives;
      return found == 0 ? 1.0 : (double) truePositives / found;
    }

    double recall() {
      int labelled = truePositives + falseNegatives;
      return labelled == 0 ? 1.0 : (double) truePositives / labelled;
    }

    int support() {
      return truePositives + falseNegatives;
    }
  }

  final Map<String, Counts> byType = new TreeMap<>();

  static Accuracy measure(PersonalDataScanner scanner, List<Corpus.Sample> samples) {
    Accuracy a = new Accuracy();
    for (Corpus.Sample sample : samples) {
      Set<String> expected = new HashSet<>();
      for (Finding f : sample.labels()) {
        expected.add(key(f));
      }
      Set<String> found = new HashSet<>();
      for (Finding f : scanner.scan(sample.text())) {
        found.add(key(f));
        Counts c = a.counts(f.type());
        if (expected.contains(key(f))) {
          c.truePositives++;
        } else {
          c.falsePositives++;
        }
      }
      for (Finding f : sample.labels()) {
        if (scanner.types().contains(PersonalDataType.valueOf(f.type()))
            && !found.contains(key(f))) {
          a.counts(f.type()).falseNegatives++;
        }
      }
    }
    return a;
  }

  Counts counts(String type) {
    return byType.computeIfAbsent(type, t -> new Counts());
  }

  private static String key(Finding f) {
    return f.type() + "@" + f.start() + "-" + f.end();
  }

  String table() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            "%-20s %8s %8s %6s %6s %6s%n", "type", "precision", "recall", "tp", "fp", "fn"));
    for (Map.Entry<String, Counts> e : byType.entrySet()) {
      Counts c = e.getValue();
      b.append(
          String.format(
              "%-20s %8.4f %8.4f %6d %6d %6d%n",
              e.getKey(),
              c.precision(),
              c.recall(),
              c.truePositives,
              c.falsePositives,
              c.falseNegatives));
    }
    return b.toString();
  }
}
