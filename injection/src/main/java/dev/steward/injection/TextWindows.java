package dev.steward.injection;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * How the classifier sees a text: normalised, then cut into windows short enough for the embedding
 * model (all-MiniLM-L6-v2 was trained on 256 word pieces, about 1,000 characters of English).
 * Training and detection both go through this class, so they see the same windows.
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
   * Cuts a normalised text into windows of at most {@code windowChars} chars, at a space where one
   * is found in the last fifth of a window, never inside a surrogate pair. An empty text has no
   * windows.
   */
  static List<String> split(String normalized, int windowChars) {
    List<String> windows = new ArrayList<>();
    int start = 0;
    int length = normalized.length();
    while (start < length) {
      int end = Math.min(length, start + windowChars);
      if (end < length) {
        int space = normalized.lastIndexOf(' ', end);
        if (space > start + windowChars * 4 / 5) {
          end = space;
        } else if (Character.isHighSurrogate(normalized.charAt(end - 1))) {
          end--;
        }
      }
      String window = normalized.substring(start, end).strip();
      if (!window.isEmpty()) {
        windows.add(window);
      }
      start = end;
    }
    return windows;
  }

  /**
   * At most {@code max} of the windows, evenly spaced and always including the first and the last;
   * all of them if there are no more than {@code max}.
   */
  static List<String> sample(List<String> windows, int max) {
    int n = windows.size();
    if (n <= max) {
      return windows;
    }
    List<String> picked = new ArrayList<>(max);
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
