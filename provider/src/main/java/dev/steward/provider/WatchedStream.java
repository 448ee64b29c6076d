package dev.steward.provider;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * An upstream body that enforces the idle timeout (between two reads that return data) and the
 * total timeout (for the whole body) by closing the underlying stream from a watchdog thread: a
 * read blocked past either fails with {@link HttpTimeoutException}.
 */
final class WatchedStream extends InputStream {
  private final InputStream in;
  private final ScheduledExecutorService watchdog;
  private final long idleNanos;
  private final AtomicBoolean timedOut = new AtomicBoolean();
  private final @Nullable ScheduledFuture<?> totalTimer;

  WatchedStream(InputStream in, ScheduledExecutorService watchdog, Duration idle, Duration total) {
    this.in = in;
    this.watchdog = watchdog;
    this.idleNanos = idle.toNanos();
    this.totalTimer =
        total.isNegative() || total.isZero()
            ? null
            : watchdog.schedule(this::expire, total.toNanos(), TimeUnit.NANOSECONDS);
  }

  boolean timedOut() {
    return timedOut.get();
  }

  private void expire() {
    timedOut.set(true);
    closeQuietly();
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
    ScheduledFuture<?> idleTimer = watchdog.schedule(this::expire, idleNanos, TimeUnit.NANOSECONDS);
    try {
      int n = in.read(buf, off, len);
      if (n < 0 && totalTimer != null) {
        totalTimer.cancel(false);
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
      idleTimer.cancel(false);
    }
  }

  @Override
  public void close() {
    closeQuietly();
  }

  void closeQuietly() {
    if (totalTimer != null) {
      totalTimer.cancel(false);
    }
    try {
      in.close();
    } catch (IOException | RuntimeException ignored) {
      // Nothing to do: the connection is abandoned either way.
    }
  }
}
