package dev.steward.eval;

import java.util.Objects;

/**
 * A dataset, suite or scorer that cannot be used. The message names where the problem is (file and
 * line, or key) and what was expected; it never quotes a prompt or an answer in full.
 *
 * <p>It is an {@link IllegalArgumentException}, so callers that only care that the input was bad
 * may catch that.
 */
public final class EvalException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** What kind of input was at fault. */
  public enum Code {
    /** A dataset file is missing, unreadable or malformed. */
    DATASET_INVALID("eval.dataset_invalid"),
    /** A suite file or suite definition is malformed. */
    SUITE_INVALID("eval.suite_invalid"),
    /** A suite name is neither built in nor a readable file. */
    SUITE_UNKNOWN("eval.suite_unknown"),
    /** A scorer needs a grader model and none was given. */
    GRADER_REQUIRED("eval.grader_required");

    private final String reason;

    Code(String reason) {
      this.reason = reason;
    }

    /** The stable reason code, e.g. {@code eval.dataset_invalid}. */
    public String reason() {
      return reason;
    }
  }

  private final Code code;

  public EvalException(Code code, String message) {
    this(code, message, null);
  }

  public EvalException(
      Code code, String message, @org.jspecify.annotations.Nullable Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  public Code code() {
    return code;
  }
}
