package dev.steward.injection;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * A text folded for matching, with a map back to the original: NFKC per code point (full-width
 * letters, ligatures), lower case, curly quotes made straight, and invisible characters removed, so
 * that {@code "I\u200bgnore"} matches like {@code "ignore"}. Rules match on {@link #text()} and
 * report spans in the original through {@link #start(int)} and {@link #end(int, String)}.
 */
final class Folded {
  private final String text;
  private final int[] origin;
  private final int originalLength;

  private Folded(String text, int[] origin, int originalLength) {
    this.text = text;
    this.origin = origin;
    this.originalLength = originalLength;
  }

  static Folded of(String original) {
    StringBuilder out = new StringBuilder(original.length());
    int[] origin = new int[original.length() + 1];
    for (int i = 0; i < original.length(); ) {
      int cp = original.codePointAt(i);
      int width = Character.charCount(cp);
      if (cp < 0x80) {
        if (out.length() == origin.length) {
          origin = Arrays.copyOf(origin, origin.length * 2);
        }
        origin[out.length()] = i;
        out.append((char) (cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp));
      } else if (!Characters.isInvisible(cp)) {
        String piece = fold(cp);
        for (int k = 0; k < piece.length(); k++) {
          if (out.length() == origin.length) {
            origin = Arrays.copyOf(origin, origin.length * 2);
          }
          origin[out.length()] = i;
          out.append(piece.charAt(k));
        }
      }
      i += width;
    }
    return new Folded(out.toString(), Arrays.copyOf(origin, out.length()), original.length());
  }

  private static String fold(int cp) {
    switch (cp) {
      case 0x2018, 0x2019, 0x201B, 0x2032 -> {
        return "'";
      }
      case 0x201C, 0x201D, 0x201F, 0x2033 -> {
        return "\"";
      }
      default -> {
        String s = Normalizer.normalize(Character.toString(cp), Normalizer.Form.NFKC);
        return s.toLowerCase(Locale.ROOT);
      }
    }
  }

  String text() {
    return text;
  }

  /** The original index of folded index {@code i}. */
  int start(int i) {
    return i < origin.length ? origin[i] : originalLength;
  }

  /** The original end index for a folded match ending (exclusive) at {@code i}. */
  int end(int i, String original) {
    if (i <= 0) {
      return 0;
    }
    int last = origin[i - 1];
    return last + Character.charCount(original.codePointAt(last));
  }
}
