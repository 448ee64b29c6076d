package dev.steward.provider;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An upstream body that enforces the idle timeout (how long one read may wait for data) and the
 * total timeout (for the whole body): the {@link Watchdog} closes the underlying stream when either
 * runs out, and the blocked read fails with {@link HttpTimeoutException}.
 */
final class WatchedStream extends InputStream {
  private static final long NOT_READING = Long.MIN_VALUE;

  private final InputStream in;
  private final Watchdog watchdog;
  private final long idleNanos;
  private final long deadline;
  private final AtomicBoolean timedOut = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile long readSince = NOT_READING;

  WatchedStream(InputStream in, Watchdog watchdog, Duration idle, Duration total) {
    this.in = in;
    this.watchdog = watchdog;
    this.idleNanos = idle.toNanos();
    long now = System.nanoTime();
    this.deadline = total.isNegative() || total.isZero() ? now : now + total.toNanos();
    watchdog.watch(this);
  }

  boolean timedOut() {
    return timedOut.get();
  }

  /** Called by the watchdog: closes the body if a read has waited too long or time is up. */
  void check(long now) {
    long since = readSince;
    if ((since != NOT_READING && now - since > idleNanos) || now - deadline > 0) {
      timedOut.set(true);
      closeQuietly();
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    if (timedOut.get()) {
      throw new HttpTimeoutException("upstream timed out");
    }
    readSince = System.nanoTime();
    try {
      int n = in.read(buf, off, len);
      if (n < 0) {
        watchdog.forget(this);
      }
      return n;
    } catch (IOException | RuntimeException e) {
      if (timedOut.get()) {
        throw new HttpTimeoutException("upstream timed out");
      }
      if (e instanceof IOException io) {
        throw io;
      }
      throw new IOException("upstream body read failed: " + e.getMessage(), e);
    } finally {
      readSince = NOT_READING;
    }
  }

  @Override
  public void close() {
    closeQuietly();
  }

  void closeQuietly() {
    if (closed.compareAndSet(false, true)) {
      watchdog.forget(this);
      try {
        in.close();
      } catch (IOException | RuntimeException ignored) {
        // Nothing to do: the connection is abandoned either way.
      }
    }
  }
}
