package dev.steward.guard;

/** Character classes for the scanner's single pass. ASCII is looked up in a table. */
final class Chars {
  static final byte OTHER = 0;
  static final byte DIGIT = 1;
  static final byte UPPER = 2;
  static final byte LOWER = 3;

  /** The class of each ASCII character. */
  static final byte[] CLASS = new byte[128];

  static {
    for (char c = '0'; c <= '9'; c++) {
      CLASS[c] = DIGIT;
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      CLASS[c] = UPPER;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      CLASS[c] = LOWER;
    }
  }

  private Chars() {}

  static byte classOf(char c) {
    return c < 128 ? CLASS[c] : OTHER;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  static boolean isAsciiLetter(char c) {
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  }

  static boolean isAsciiAlnum(char c) {
    return c < 128 && CLASS[c] != OTHER;
  }

  static boolean isHex(char c) {
    return isDigit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
  }

  /** A letter or digit in any script: what a word boundary must not touch. */
  static boolean isWordChar(char c) {
    return c < 128 ? CLASS[c] != OTHER : Character.isLetterOrDigit(c);
  }

  static boolean isLetter(char c) {
    return c < 128 ? isAsciiLetter(c) : Character.isLetter(c);
  }

  static char lower(char c) {
    return isUpper(c) ? (char) (c | 0x20) : c;
  }

  /** A separator people put between digit groups: space, no-break space, hyphen. */
  static boolean isGroupSeparator(char c) {
    return c == ' ' || c == '-' || c == '\u00A0';
  }

  /** Punctuation that joins digits into a bigger number (decimals, thousands, dates, times). */
  static boolean isNumberJoiner(char c) {
    return c == '.' || c == ',' || c == '/' || c == ':';
  }
}
