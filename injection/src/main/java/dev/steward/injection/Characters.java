package dev.steward.injection;

/** Classes of code points the rules look for. */
final class Characters {
  private Characters() {}

  /** Unicode tags and supplementary variation selectors: carriers of hidden text. */
  static boolean isHidden(int cp) {
    return (cp >= 0xE0000 && cp <= 0xE007F) || (cp >= 0xE0100 && cp <= 0xE01EF);
  }

  /** Bidirectional embeddings, overrides and isolates (not the LRM / RLM marks). */
  static boolean isBidiControl(int cp) {
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
  }

  /**
   * Zero-width and invisible format characters with no visible rendering. Zero-width joiner and
   * non-joiner are included: callers decide whether their context is legitimate.
   */
  static boolean isZeroWidth(int cp) {
    return switch (cp) {
      case 0x200B,
          0x200C,
          0x200D,
          0x2060,
          0x2061,
          0x2062,
          0x2063,
          0x2064,
          0xFEFF,
          0x180E,
          0x034F,
          0x115F,
          0x1160,
          0x3164,
          0xFFA0,
          0x17B4,
          0x17B5 ->
          true;
      default -> false;
    };
  }

  /** Any character that {@link Folded} removes before matching. */
  static boolean isInvisible(int cp) {
    return isHidden(cp) || isBidiControl(cp) || isZeroWidth(cp) || cp == 0x00AD;
  }
}
