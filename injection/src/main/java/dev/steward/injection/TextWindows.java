package dev.steward.injection;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * How the classifier sees a text: normalised here, then cut into windows of word pieces by {@link
 * WordPieceTokenizer.Tokens#windows(int)}, of which at most a fixed number are scored. Training and
 * detection both go through this class, so they see the same windows.
 */
final class TextWindows {
  private TextWindows() {}

  /** NFKC, invisible characters removed, runs of white space made one space, trimmed. */
  static String normalize(String text) {
    String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC);
    StringBuilder out = new StringBuilder(nfkc.length());
    boolean space = false;
    for (int i = 0; i < nfkc.length(); ) {
      int cp = nfkc.codePointAt(i);
      i += Character.charCount(cp);
      if (Characters.isInvisible(cp)) {
        continue;
      }
      if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
        space = out.length() > 0;
        continue;
      }
      if (space) {
        out.append(' ');
        space = false;
      }
      out.appendCodePoint(cp);
    }
    return out.toString();
  }

  /**
   * At most {@code max} of the windows, evenly spaced and always including the first and the last;
   * all of them if there are no more than {@code max}.
   */
  static <T> List<T> sample(List<T> windows, int max) {
    int n = windows.size();
    if (n <= max) {
      return windows;
    }
    List<T> picked = new ArrayList<>(max);
    if (max == 1) {
      picked.add(windows.get(0));
      return picked;
    }
    for (int k = 0; k < max; k++) {
      picked.add(windows.get((int) Math.round((double) k * (n - 1) / (max - 1))));
    }
    return picked;
  }
}
