package dev.steward.guard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One scan of one text: the single pass over its characters and the state the detectors share. Not
 * thread-safe; a new one per {@link PersonalDataScanner#scan} call.
 *
 * <p>The pass looks at each character once. Runs of letters and digits are handed to the detectors
 * that can start with them (digits: {@link NumberDetector}; letters: {@link CodeDetector} and
 * {@link NameDetector}); an {@code @} and a {@code :} are handed to {@link NetDetector}. Detectors
 * validate their candidate and report it with a score; overlaps are resolved at the end.
 */
final class Scan {
  static final int MAX_GROUPS = 8;
  static final int MAX_DIGITS = 24;

  /** Higher score first, then longer, then earlier, then by type name: the overlap rule. */
  static final Comparator<Finding> PRIORITY =
      Comparator.comparingDouble(Finding::score)
          .reversed()
          .thenComparing(Comparator.comparingInt(Finding::length).reversed())
          .thenComparingInt(Finding::start)
          .thenComparing(Finding::type);

  private static final Comparator<Finding> BY_START =
      Comparator.comparingInt(Finding::start).thenComparingInt(Finding::end);

  final char[] s;
  final int n;
  private final int typeMask;
  private final double minScore;
  private final ArrayList<Finding> found = new ArrayList<>(4);

  // Scratch space for the detectors: one digit sequence, one code's characters.
  final int[] groupStart = new int[MAX_GROUPS];
  final int[] groupEnd = new int[MAX_GROUPS];
  final int[] groupDigit = new int[MAX_GROUPS + 1];
  final byte[] digits = new byte[MAX_DIGITS];
  final char[] chars = new char[40];
  final int[] ends = new int[24];
  final int[] endDigits = new int[24];

  /** Phone windows already tried end here; so do IPv6 candidates. */
  int phoneScannedTo;

  int ipv6ScannedTo;

  // Scratch space for the name and address detectors: the last run of name words read.
  int nameEnd;
  int nameWords;
  int nameFirst;
  int nameLast;
  int nameLastStart;
  int nameStop;
  int nameStopAt;

  /** Where the last person name reported ends: a name list goes on after it ("A, B and C"). */
  int lastPersonEnd = -1;

  double lastPersonScore;

  boolean addrBare;
  boolean addrLower;
  boolean addrPo;

  Scan(char[] s, int typeMask, double minScore) {
    this.s = s;
    this.n = s.length;
    this.typeMask = typeMask;
    this.minScore = minScore;
  }

  /** Runs the pass and returns the findings, sorted by start, without overlaps. */
  List<Finding> run() {
    int i = 0;
    while (i < n) {
      char c = s[i];
      int next;
      switch (Chars.classOf(c)) {
        case Chars.DIGIT -> next = NumberDetector.atDigits(this, i);
        case Chars.UPPER, Chars.LOWER -> next = CodeDetector.atWord(this, i);
        default -> {
          if (c == '@') {
            next = NetDetector.atSign(this, i);
          } else if (c == ':') {
            next = NetDetector.atColon(this, i);
          } else if (c >= 128 && Character.isLetter(c) && (i == 0 || !Chars.isWordChar(s[i - 1]))) {
            next = NameDetector.atWord(this, i, i + 1);
          } else {
            next = i + 1;
          }
        }
      }
      i = Math.max(next, i + 1);
    }
    return resolve();
  }

  boolean wants(PersonalDataType type) {
    return (typeMask & (1 << type.ordinal())) != 0;
  }

  void add(PersonalDataType type, int start, int end, double score) {
    if (wants(type) && score >= minScore) {
      found.add(new Finding(type.name(), start, end, score));
    }
  }

  /** Whether a candidate may start at {@code i}: not inside a word or a bigger number. */
  boolean startBoundary(int i) {
    if (i == 0) {
      return true;
    }
    char c = s[i - 1];
    if (Chars.isWordChar(c)) {
      return false;
    }
    return !(Chars.isNumberJoiner(c) && i >= 2 && Chars.isDigit(s[i - 2]));
  }

  /** Whether a candidate may end just before {@code e}: not inside a word or a bigger number. */
  boolean endBoundary(int e) {
    if (e >= n) {
      return true;
    }
    char c = s[e];
    if (Chars.isWordChar(c)) {
      return false;
    }
    return !(Chars.isNumberJoiner(c) && e + 1 < n && Chars.isDigit(s[e + 1]));
  }

  /** The end of the run of ASCII letters and digits starting at {@code i}. */
  int wordEnd(int i) {
    int j = i;
    while (j < n && Chars.isAsciiAlnum(s[j])) {
      j++;
    }
    return j;
  }

  private List<Finding> resolve() {
    int k = found.size();
    if (k == 0) {
      return List.of();
    }
    if (k == 1) {
      return List.of(found.get(0));
    }
    found.sort(BY_START);
    boolean overlap = false;
    int maxEnd = found.get(0).end();
    for (int j = 1; j < k && !overlap; j++) {
      Finding f = found.get(j);
      overlap = f.start() < maxEnd;
      maxEnd = Math.max(maxEnd, f.end());
    }
    if (!overlap) {
      return List.copyOf(found);
    }
    found.sort(PRIORITY);
    TreeMap<Integer, Finding> kept = new TreeMap<>();
    for (Finding f : found) {
      Map.Entry<Integer, Finding> before = kept.floorEntry(f.start());
      if (before != null && before.getValue().end() > f.start()) {
        continue;
      }
      Map.Entry<Integer, Finding> after = kept.ceilingEntry(f.start());
      if (after != null && after.getKey() < f.end()) {
        continue;
      }
      kept.put(f.start(), f);
    }
    return List.copyOf(kept.values());
  }
}
