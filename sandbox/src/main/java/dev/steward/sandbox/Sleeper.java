package dev.steward.sandbox;

import java.time.Duration;

/** Pauses the calling thread; tests pass one that records pauses instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

  /** Really sleeps (on a virtual thread this parks it, holding no carrier). */
  Sleeper REAL = duration -> Thread.sleep(duration);

  /** Pauses for {@code duration}, which is positive. */
  void sleep(Duration duration) throws InterruptedException;
}
