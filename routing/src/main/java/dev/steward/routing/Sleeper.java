package dev.steward.routing;

import java.time.Duration;

/** Waits between attempts; tests replace it so they never sleep for real. */
@FunctionalInterface
public interface Sleeper {

  void sleep(Duration duration) throws InterruptedException;

  /** Sleeps the current (virtual) thread. */
  static Sleeper system() {
    return Thread::sleep;
  }
}
