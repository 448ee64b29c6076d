package dev.steward.injection;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The deterministic train / held-out split. Near-duplicates (word-trigram Jaccard similarity of at
 * least {@value #NEAR_DUPLICATE}) are joined into one group, so that variants of one jailbreak
 * never sit on both sides; a group is held out when the SHA-256 of {@link #SALT} and its smallest
 * member's normalised text, read as an unsigned number, is below {@value #HELD_OUT_PERCENT} % of
 * the range. No randomness: the same texts always split the same way.
 */
final class Split {
  static final String SALT = "steward-injection-split-v1";
  static final int HELD_OUT_PERCENT = 30;
  static final double NEAR_DUPLICATE = 0.5;
  static final int FOLDS = 5;

  private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

  /** Each example's group key and side. */
  record Assignment(Example example, String group, boolean heldOut) {
    /** The cross-validation fold of a training example, 0..FOLDS-1, by group. */
    int fold() {
      return (int) Long.remainderUnsigned(hash("fold:" + group), FOLDS);
    }
  }

  private Split() {}

  /** Splits one family of examples (group only within a family, so families split alike). */
  static List<Assignment> assign(List<Example> examples) {
    int n = examples.size();
    String[] norm = new String[n];
    long[][] shingles = new long[n][];
    for (int i = 0; i < n; i++) {
      norm[i] = TextWindows.normalize(examples.get(i).text()).toLowerCase(Locale.ROOT);
      shingles[i] = shingles(norm[i]);
    }
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        int a = shingles[i].length;
        int b = shingles[j].length;
        if (Math.min(a, b) < NEAR_DUPLICATE * Math.max(a, b)) {
          continue;
        }
        if (jaccard(shingles[i], shingles[j]) >= NEAR_DUPLICATE) {
          parent[find(parent, i)] = find(parent, j);
        }
      }
    }
    Map<Integer, String> groupKey = new HashMap<>();
    for (int i = 0; i < n; i++) {
      groupKey.merge(find(parent, i), norm[i], (x, y) -> x.compareTo(y) <= 0 ? x : y);
    }
    List<Assignment> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String group = Objects.requireNonNull(groupKey.get(find(parent, i)));
      boolean heldOut =
          Long.compareUnsigned(
                  hash(SALT + "\n" + group), Long.divideUnsigned(-1L, 100) * HELD_OUT_PERCENT)
              < 0;
      out.add(new Assignment(examples.get(i), group, heldOut));
    }
    return out;
  }

  static List<Example> heldOut(List<Assignment> assignments) {
    return assignments.stream().filter(Assignment::heldOut).map(Assignment::example).toList();
  }

  static List<Example> training(List<Assignment> assignments) {
    return assignments.stream().filter(a -> !a.heldOut()).map(Assignment::example).toList();
  }

  static long hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int find(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  /** Sorted distinct hashes of the word trigrams (or of the whole text if under three words). */
  private static long[] shingles(String text) {
    String[] words = NON_WORD.split(text, -1);
    List<String> w = new ArrayList<>();
    for (String word : words) {
      if (!word.isEmpty()) {
        w.add(word);
      }
    }
    long[] out;
    if (w.size() < 3) {
      out = new long[] {String.join(" ", w).hashCode()};
    } else {
      out = new long[w.size() - 2];
      for (int i = 0; i + 2 < w.size(); i++) {
        out[i] =
            ((long) w.get(i).hashCode() * 31 + w.get(i + 1).hashCode()) * 31L * 31L
                + w.get(i + 2).hashCode() * 0x9E3779B97F4A7C15L;
      }
    }
    return Arrays.stream(out).sorted().distinct().toArray();
  }

  private static double jaccard(long[] a, long[] b) {
    int i = 0;
    int j = 0;
    int common = 0;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        common++;
        i++;
        j++;
      } else if (a[i] < b[j]) {
        i++;
      } else {
        j++;
      }
    }
    return (double) common / (a.length + b.length - common);
  }
}
