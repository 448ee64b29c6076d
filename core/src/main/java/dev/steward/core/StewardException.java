package dev.steward.core;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An error with a code. The message is safe to show a caller: it names the offending value and what
 * was expected, and never quotes prompts, responses or secrets.
 */
public class StewardException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;
  private final @Nullable String param;
  private final @Nullable Duration retryAfter;

  public StewardException(ErrorCode code, String message) {
    this(code, message, null, null, null);
  }

  public StewardException(
      ErrorCode code,
      String message,
      @Nullable String param,
      @Nullable Duration retryAfter,
      @Nullable Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
    this.param = param;
    this.retryAfter = retryAfter;
  }

  public static StewardException invalid(String param, String message) {
    return new StewardException(ErrorCode.INVALID_REQUEST, message, param, null, null);
  }

  public ErrorCode code() {
    return code;
  }

  /** The request field at fault, when there is one. */
  public @Nullable String param() {
    return param;
  }

  /** How long the caller should wait before trying again, when known. */
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }
}
