package dev.steward.inspect;

import java.util.Objects;

/**
 * What stopped an evaluation or a sample (Inspect's {@code EvalError}).
 *
 * @param traceback the stack trace as text (empty when there is none)
 * @param tracebackAnsi the stack trace with terminal colours (empty when there is none)
 */
public record EvalError(String message, String traceback, String tracebackAnsi) {

  public EvalError {
    Objects.requireNonNull(message, "error.message");
    Objects.requireNonNull(traceback, "error.traceback");
    Objects.requireNonNull(tracebackAnsi, "error.traceback_ansi");
  }

  /** An error without a stack trace. */
  public static EvalError of(String message) {
    return new EvalError(message, "", "");
  }
}
