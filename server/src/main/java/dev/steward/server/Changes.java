package dev.steward.server;

import dev.steward.audit.AuditEntry;
import dev.steward.core.StewardException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * What every logged change made through Steward shares: a random id with its kind's prefix ({@code
 * ks_} kill switch, {@code ap_} approval, {@code ev_} evaluation run) and a note checked as the
 * log's entries check it, whether or not the log is on.
 */
final class Changes {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Changes() {}

  /** {@code prefix} and 16 random hex digits. */
  static String id(String prefix) {
    byte[] id = new byte[8];
    RANDOM.nextBytes(id);
    return prefix + HexFormat.of().formatHex(id);
  }

  /**
   * Checks a note meant for the transparency log.
   *
   * @throws StewardException {@code request.invalid} naming what is wrong
   */
  static void checkNote(String note) {
    try {
      AuditEntry.checkNote(note);
    } catch (IllegalArgumentException e) {
      throw StewardException.invalid(
          "note",
          String.valueOf(e.getMessage()) + "; the note is published in the transparency log");
    }
  }
}
