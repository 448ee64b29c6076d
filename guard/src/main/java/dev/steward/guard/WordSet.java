package dev.steward.guard;

import java.util.Locale;

/**
 * A fixed set of words, looked up case-insensitively (ASCII) straight from a char array, without
 * allocating. Open addressing over a power-of-two table.
 */
final class WordSet {
  private final char[][] words;
  private final int[] table;
  private final int mask;

  WordSet(String... list) {
    words = new char[list.length][];
    int size = Integer.highestOneBit(Math.max(4, list.length * 3)) << 1;
    table = new int[size];
    mask = size - 1;
    for (int k = 0; k < list.length; k++) {
      char[] w = list[k].toLowerCase(Locale.ROOT).toCharArray();
      words[k] = w;
      int slot = hash(w, 0, w.length) & mask;
      while (table[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      table[slot] = k + 1;
    }
  }

  /** The words of a text, separated by white space. */
  static WordSet of(String words) {
    return new WordSet(words.strip().split("\\s+"));
  }

  boolean contains(char[] s, int from, int to) {
    int slot = hash(s, from, to) & mask;
    while (true) {
      int k = table[slot];
      if (k == 0) {
        return false;
      }
      if (equal(words[k - 1], s, from, to)) {
        return true;
      }
      slot = (slot + 1) & mask;
    }
  }

  private static boolean equal(char[] w, char[] s, int from, int to) {
    if (w.length != to - from) {
      return false;
    }
    for (int k = 0; k < w.length; k++) {
      if (Chars.lower(s[from + k]) != w[k]) {
        return false;
      }
    }
    return true;
  }

  private static int hash(char[] s, int from, int to) {
    int h = 0;
    for (int k = from; k < to; k++) {
      h = 31 * h + Chars.lower(s[k]);
    }
    return h ^ (h >>> 16);
  }
}
