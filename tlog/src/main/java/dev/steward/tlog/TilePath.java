package dev.steward.tlog;

/**
 * The path of a C2SP tlog-tiles resource relative to the log prefix: a hash tile {@code
 * tile/<L>/<N>[.p/<W>]} or an entry bundle {@code tile/entries/<N>[.p/<W>]}, where {@code N} is
 * written in 3-digit groups, all but the last prefixed with {@code x} (1234067 is {@code
 * x001/x234/067}), and {@code .p/<W>} marks a partial tile of width 1..255.
 *
 * @param entries whether this is an entry bundle rather than a hash tile
 * @param level the tile level, 0..63; always 0 for entry bundles
 * @param index the tile's index within its level
 * @param width the number of hashes or entries: {@value #FULL_WIDTH} for a full tile
 */
public record TilePath(boolean entries, int level, long index, int width) {
  /** The width of a full tile. */
  public static final int FULL_WIDTH = 256;

  /** The highest tile level the format allows. */
  public static final int MAX_LEVEL = 63;

  public TilePath {
    if (level < 0 || level > MAX_LEVEL || (entries && level != 0)) {
      throw TlogException.malformed("tile level: " + level + " (expected: 0..63, 0 for entries)");
    }
    if (index < 0) {
      throw TlogException.malformed("tile index: " + index + " (expected: 0 or more)");
    }
    if (width < 1 || width > FULL_WIDTH) {
      throw TlogException.malformed("tile width: " + width + " (expected: 1..256)");
    }
  }

  public static TilePath hashTile(int level, long index, int width) {
    return new TilePath(false, level, index, width);
  }

  public static TilePath entryBundle(long index, int width) {
    return new TilePath(true, 0, index, width);
  }

  public boolean partial() {
    return width < FULL_WIDTH;
  }

  /**
   * Parses a tile path in its one canonical spelling; throws {@link TlogException} (MALFORMED) for
   * anything else.
   */
  public static TilePath parse(String path) {
    String[] parts = path.split("/", -1);
    if (parts.length < 3 || parts.length > 12 || !parts[0].equals("tile")) {
      throw bad(path);
    }
    boolean entries = parts[1].equals("entries");
    int level = entries ? 0 : smallDecimal(parts[1], MAX_LEVEL, path);
    int groupsEnd = parts.length;
    int width = FULL_WIDTH;
    if (parts.length >= 4 && parts[parts.length - 2].endsWith(".p")) {
      width = smallDecimal(parts[parts.length - 1], FULL_WIDTH - 1, path);
      if (width == 0) {
        throw bad(path);
      }
      groupsEnd = parts.length - 1;
    }
    long index = 0;
    for (int i = 2; i < groupsEnd; i++) {
      String g = parts[i];
      boolean last = i == groupsEnd - 1;
      if (last && width != FULL_WIDTH) {
        g = g.substring(0, g.length() - 2);
      }
      if (!last) {
        if (!g.startsWith("x")) {
          throw bad(path);
        }
        g = g.substring(1);
      }
      if (g.length() != 3 || !g.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw bad(path);
      }
      try {
        index = Math.addExact(Math.multiplyExact(index, 1000L), Integer.parseInt(g));
      } catch (ArithmeticException e) {
        throw bad(path);
      }
    }
    TilePath t = new TilePath(entries, level, index, width);
    if (!t.toString().equals(path)) {
      throw bad(path);
    }
    return t;
  }

  /** The path, e.g. {@code tile/0/x001/234.p/5} or {@code tile/entries/000}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("tile/").append(entries ? "entries" : level).append('/');
    String n = String.format("%03d", index % 1000);
    for (long rest = index / 1000; rest > 0; rest /= 1000) {
      n = String.format("x%03d/", rest % 1000) + n;
    }
    b.append(n);
    if (partial()) {
      b.append(".p/").append(width);
    }
    return b.toString();
  }

  private static int smallDecimal(String s, int max, String path) {
    if (s.isEmpty()
        || s.length() > 3
        || (s.length() > 1 && s.charAt(0) == '0')
        || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw bad(path);
    }
    int v = Integer.parseInt(s);
    if (v > max) {
      throw bad(path);
    }
    return v;
  }

  private static TlogException bad(String path) {
    return TlogException.malformed(
        "tile path: '"
            + Encoding.shorten(path)
            + "' (expected: tile/<L>/<N>[.p/<W>] or tile/entries/<N>[.p/<W>])");
  }
}
