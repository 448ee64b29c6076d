package dev.steward.core;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A provider failed or refused. {@link #retryable()} tells the router whether another attempt (on
 * the same or another route) may succeed; the vendor's own error type and status are kept for logs
 * and metrics.
 */
public final class UpstreamException extends StewardException {
  private static final long serialVersionUID = 1L;

  private final int upstreamStatus;
  private final boolean retryable;
  private final @Nullable String vendorType;

  public UpstreamException(
      ErrorCode code,
      String message,
      int upstreamStatus,
      boolean retryable,
      @Nullable String vendorType,
      @Nullable Duration retryAfter,
      @Nullable Throwable cause) {
    super(code, message, null, retryAfter, cause);
    this.upstreamStatus = upstreamStatus;
    this.retryable = retryable;
    this.vendorType = vendorType;
  }

  /** Maps a vendor's HTTP status the way every adapter does, unless the vendor says more. */
  public static UpstreamException fromStatus(
      int status, @Nullable String vendorType, String message, @Nullable Duration retryAfter) {
    ErrorCode code;
    boolean retryable;
    if (status == 429) {
      code = ErrorCode.UPSTREAM_RATE_LIMITED;
      retryable = true;
    } else if (status == 408 || status == 409 || status == 529 || status >= 500) {
      code = status == 504 || status == 408 ? ErrorCode.UPSTREAM_TIMEOUT : ErrorCode.UPSTREAM_ERROR;
      retryable = true;
    } else if (status == 401 || status == 403) {
      // The gateway's own credentials were refused: an operator problem, not the caller's.
      code = ErrorCode.UPSTREAM_ERROR;
      retryable = false;
    } else if (status == 404) {
      code = ErrorCode.UPSTREAM_ERROR;
      retryable = false;
    } else {
      code = ErrorCode.UPSTREAM_REJECTED;
      retryable = false;
    }
    return new UpstreamException(code, message, status, retryable, vendorType, retryAfter, null);
  }

  /** A failure to connect or read, before or during the answer. */
  public static UpstreamException io(String message, boolean timeout, Throwable cause) {
    return new UpstreamException(
        timeout ? ErrorCode.UPSTREAM_TIMEOUT : ErrorCode.UPSTREAM_UNAVAILABLE,
        message,
        0,
        true,
        null,
        null,
        cause);
  }

  /** The vendor's HTTP status, or 0 when no response arrived. */
  public int upstreamStatus() {
    return upstreamStatus;
  }

  public boolean retryable() {
    return retryable;
  }

  public @Nullable String vendorType() {
    return vendorType;
  }
}
