package dev.steward.tlog;

import java.util.Base64;

/** Strict decoders shared by the parsers: canonical base64 and unsigned decimal. */
final class Encoding {
  private Encoding() {}

  /**
   * Decodes standard padded base64 and rejects any other spelling of the same bytes, so that one
   * value has one text form.
   */
  static byte[] base64(String text, String what) {
    byte[] out;
    try {
      out = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw TlogException.malformed(what + ": not base64 (expected: RFC 4648 standard base64)");
    }
    if (!Base64.getEncoder().encodeToString(out).equals(text)) {
      throw TlogException.malformed(what + ": non-canonical base64 (expected: padded, canonical)");
    }
    return out;
  }

  /** Parses an unsigned 64-bit decimal with no sign and no leading zeros. */
  static long unsignedDecimal(String text, String what) {
    if (text.isEmpty()
        || text.length() > 20
        || (text.length() > 1 && text.charAt(0) == '0')
        || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw TlogException.malformed(
          what + ": '" + shorten(text) + "' (expected: decimal with no leading zeros)");
    }
    try {
      return Long.parseUnsignedLong(text);
    } catch (NumberFormatException e) {
      throw TlogException.malformed(what + ": " + text + " (expected: at most 2^64-1)");
    }
  }

  /** Text quoted in error messages, cut short so a hostile input cannot flood a log. */
  static String shorten(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
