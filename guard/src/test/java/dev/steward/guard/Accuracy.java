package dev.steward.guard;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Per-type precision and recall of a scanner on labelled samples. Exact: same type, same start,
 * same end. Overlap (reported beside it): a finding counts as right if it overlaps a label of its
 * type, a label as found if a finding of its type overlaps it.
 */
final class Accuracy {
  /** Counts for one type. */
  static final class Counts {
    int truePositives;
    int falsePositives;
    int falseNegatives;
    int overlapFound;
    int overlapRight;
    int overlapLabels;
    int overlapCovered;

    double precision() {
      int found = truePositives + falsePositives;
      return found == 0 ? 1.0 : (double) truePositives / found;
    }

    double recall() {
      int labelled = truePositives + falseNegatives;
      return labelled == 0 ? 1.0 : (double) truePositives / labelled;
    }

    double overlapPrecision() {
      return overlapFound == 0 ? 1.0 : (double) overlapRight / overlapFound;
    }

    double overlapRecall() {
      return overlapLabels == 0 ? 1.0 : (double) overlapCovered / overlapLabels;
    }

    int support() {
      return truePositives + falseNegatives;
    }
  }

  final Map<String, Counts> byType = new TreeMap<>();

  static Accuracy measure(PersonalDataScanner scanner, List<Corpus.Sample> samples) {
    return measure(scanner, samples, null);
  }

  /** Counts only the types in {@code counted} (all when null); the scan is of every type. */
  static Accuracy measure(
      PersonalDataScanner scanner, List<Corpus.Sample> samples, @Nullable Set<String> counted) {
    Accuracy a = new Accuracy();
    for (Corpus.Sample sample : samples) {
      List<Finding> found = scanner.scan(sample.text());
      Set<String> expected = new HashSet<>();
      for (Finding f : sample.labels()) {
        expected.add(key(f));
      }
      Set<String> foundKeys = new HashSet<>();
      for (Finding f : found) {
        if (counted != null && !counted.contains(f.type())) {
          continue;
        }
        foundKeys.add(key(f));
        Counts c = a.counts(f.type());
        if (expected.contains(key(f))) {
          c.truePositives++;
        } else {
          c.falsePositives++;
        }
        c.overlapFound++;
        if (overlapsAny(f, sample.labels())) {
          c.overlapRight++;
        }
      }
      for (Finding f : sample.labels()) {
        if ((counted != null && !counted.contains(f.type()))
            || !scanner.types().contains(PersonalDataType.valueOf(f.type()))) {
          continue;
        }
        Counts c = a.counts(f.type());
        if (!foundKeys.contains(key(f))) {
          c.falseNegatives++;
        }
        c.overlapLabels++;
        if (overlapsAny(f, found)) {
          c.overlapCovered++;
        }
      }
    }
    return a;
  }

  private static boolean overlapsAny(Finding f, List<Finding> others) {
    for (Finding o : others) {
      if (o.type().equals(f.type()) && o.start() < f.end() && f.start() < o.end()) {
        return true;
      }
    }
    return false;
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
            "%-20s %9s %8s %6s %6s %6s   overlap: %9s %8s%n",
            "type", "precision", "recall", "tp", "fp", "fn", "precision", "recall"));
    for (Map.Entry<String, Counts> e : byType.entrySet()) {
      Counts c = e.getValue();
      b.append(
          String.format(
              "%-20s %9.4f %8.4f %6d %6d %6d            %9.4f %8.4f%n",
              e.getKey(),
              c.precision(),
              c.recall(),
              c.truePositives,
              c.falsePositives,
              c.falseNegatives,
              c.overlapPrecision(),
              c.overlapRecall()));
    }
    return b.toString();
  }
}
