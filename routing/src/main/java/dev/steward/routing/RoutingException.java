package dev.steward.routing;

import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A routed call failed. It carries the code, message and {@code Retry-After} of the error that
 * decided the outcome (its cause, e.g. the last {@link dev.steward.core.UpstreamException}), and
 * every attempt made, so the caller can record the failure like a success.
 */
public final class RoutingException extends StewardException {
  private static final long serialVersionUID = 1L;

  private final List<Attempt> attempts;

  RoutingException(
      ErrorCode code,
      String message,
      @Nullable String param,
      @Nullable Duration retryAfter,
      @Nullable Throwable cause,
      List<Attempt> attempts) {
    super(code, message, param, retryAfter, cause);
    this.attempts = List.copyOf(attempts);
  }

  /** The attempts made before giving up, in order; empty when no route was eligible. */
  public List<Attempt> attempts() {
    return attempts;
  }
}
