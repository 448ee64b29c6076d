package dev.steward.tlog;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Every failure of the transparency log library, with a {@link Code} that says which kind it is.
 * Parsers of untrusted bytes (notes, checkpoints, keys, tiles, bundles, tile paths) throw only this
 * exception, with {@link Code#MALFORMED}. Messages name the value and what was expected and never
 * quote private keys.
 */
public final class TlogException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Code {
    /** Bytes or text that do not parse: a note, checkpoint, key, tile, bundle or tile path. */
    MALFORMED,
    /** A signature by a known key does not verify. */
    BAD_SIGNATURE,
    /** No signature by a known key was found on a note. */
    NO_TRUSTED_SIGNATURE,
    /** A Merkle inclusion or consistency proof does not verify. */
    INVALID_PROOF,
    /** An index or tree size outside what the log or the operation allows. */
    OUT_OF_RANGE,
    /** An entry larger than a tlog-tiles entry bundle can hold. */
    ENTRY_TOO_LARGE,
    /** Too many appends are waiting to be written; try again later. */
    OVERLOADED,
    /** Another writer holds the log directory. */
    LOCKED,
    /** The log holds data that contradicts its checkpoint, or lacks data its checkpoint needs. */
    CORRUPT,
    /** Two checkpoints of one log that no append-only history joins: a fork or a rollback. */
    INCONSISTENT,
    /**
     * Reading or writing the log failed (disk or network); a {@link TileLog} must then be reopened
     * to recover.
     */
    IO,
    /** The log is closed. */
    CLOSED
  }

  private final Code code;

  public TlogException(Code code, String message) {
    this(code, message, null);
  }

  public TlogException(Code code, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  static TlogException malformed(String message) {
    return new TlogException(Code.MALFORMED, message);
  }

  public Code code() {
    return code;
  }
}
