package dev.steward.provider;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Enforces idle and total timeouts on upstream bodies with one daemon thread that checks every open
 * body each {@value #TICK_MILLIS} ms. Reads only stamp a volatile time, so the hot path pays no
 * scheduling cost per read; a timeout fires at most one tick late.
 */
final class Watchdog implements AutoCloseable {
  static final long TICK_MILLIS = 10;

  private final Set<WatchedStream> open = ConcurrentHashMap.newKeySet();
  private final Thread thread;
  private volatile boolean closed;

  Watchdog(String name) {
    this.thread = Thread.ofPlatform().daemon().name(name).start(this::run);
  }

  void watch(WatchedStream stream) {
    open.add(stream);
  }

  void forget(WatchedStream stream) {
    open.remove(stream);
  }

  private void run() {
    while (!closed) {
      try {
        Thread.sleep(TICK_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      long now = System.nanoTime();
      for (WatchedStream s : open) {
        s.check(now);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
