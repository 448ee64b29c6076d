package dev.steward.inspect;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A log that cannot be read, written or used as evidence, with a {@link Code} that says why.
 * Messages name the file (for an archive, {@code file!/entry}) and the JSON path of the problem,
 * e.g. {@code run.json: $.results.scores[0].metrics.accuracy.value: a string (expected: a number)}.
 * They describe values by kind and never quote prompts, responses, metadata or other free text;
 * they may name ids, tasks and models.
 */
public final class InspectLogException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Code {
    /**
     * Not an Inspect log: not JSON, not a ZIP archive, a field Steward needs missing or of the
     * wrong type, an archive without {@code header.json} or {@code _journal/start.json}, or an
     * archive entry with an unsafe or repeated name.
     */
    MALFORMED,
    /** A log of a format version other than {@value EvalLog#VERSION}. */
    UNSUPPORTED_VERSION,
    /** Larger than the reader accepts: a file, an archive entry, or too many entries. */
    TOO_LARGE,
    /** The log does not record a finished, successful evaluation, so it is no evidence. */
    INCOMPLETE,
    /** Reading or writing the file failed. */
    IO
  }

  private final Code code;

  public InspectLogException(Code code, String message) {
    this(code, message, null);
  }

  public InspectLogException(Code code, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  public Code code() {
    return code;
  }
}
