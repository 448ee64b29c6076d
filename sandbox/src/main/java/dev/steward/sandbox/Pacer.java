package dev.steward.sandbox;

import dev.steward.config.Timeouts;
import dev.steward.core.UpstreamException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * Makes the sandbox's simulated pauses and holds them to the provider's configured timeouts: a
 * pause longer than its timeout waits for the timeout and then fails as a real upstream would. One
 * per call; not thread-safe.
 */
final class Pacer {
  private final Sleeper sleeper;
  private final Timeouts timeouts;
  private Duration spent = Duration.ZERO;

  Pacer(Sleeper sleeper, Timeouts timeouts) {
    this.sleeper = sleeper;
    this.timeouts = timeouts;
  }

  /** A pause before the response starts, within the first-byte and total timeouts. */
  void beforeFirstByte(Duration pause) {
    pause(pause, timeouts.firstByte(), "no response within the first-byte timeout");
  }

  /** A pause between two chunks of a stream, within the idle and total timeouts. */
  void betweenChunks(Duration pause) {
    pause(pause, timeouts.idle(), "stream idle longer than the idle timeout");
  }

  private void pause(Duration pause, Duration timeout, String what) {
    if (pause.isZero() || pause.isNegative()) {
      return;
    }
    Duration remaining = timeouts.total().minus(spent);
    boolean total = remaining.compareTo(timeout) < 0;
    Duration limit = total ? remaining : timeout;
    if (pause.compareTo(limit) > 0) {
      sleep(limit);
      String message =
          "sandbox: "
              + (total ? "answer longer than the total timeout" : what)
              + " "
              + (total ? timeouts.total() : timeout);
      throw UpstreamException.io(message, true, new TimeoutException(message));
    }
    sleep(pause);
    spent = spent.plus(pause);
  }

  private void sleep(Duration d) {
    if (d.isZero() || d.isNegative()) {
      return;
    }
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw UpstreamException.io("sandbox: interrupted while pausing", false, e);
    }
  }
}
