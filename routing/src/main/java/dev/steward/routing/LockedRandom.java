package dev.steward.routing;

import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/** Makes a (usually not thread-safe) generator safe to share between request threads. */
final class LockedRandom implements RandomGenerator {
  private final RandomGenerator delegate;
  private final ReentrantLock lock = new ReentrantLock();

  LockedRandom(RandomGenerator delegate) {
    this.delegate = delegate;
  }

  @Override
  public long nextLong() {
    lock.lock();
    try {
      return delegate.nextLong();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long nextLong(long bound) {
    lock.lock();
    try {
      return delegate.nextLong(bound);
    } finally {
      lock.unlock();
    }
  }
}
