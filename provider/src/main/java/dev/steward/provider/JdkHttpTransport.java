package dev.steward.provider;

import dev.steward.config.Timeouts;
import dev.steward.core.UpstreamException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * {@link HttpTransport} on the JDK's {@link HttpClient}: HTTP/1.1 with keep-alive to plain-text
 * upstreams, HTTP/2 where TLS negotiates it. One client is kept per connect timeout. Idle and total
 * timeouts are enforced by a watchdog that closes the body stream.
 */
public final class JdkHttpTransport implements HttpTransport {
  private final Map<Duration, HttpClient> clients = new ConcurrentHashMap<>();
  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "steward-upstream-watchdog");
            t.setDaemon(true);
            return t;
          });

  private HttpClient client(Duration connectTimeout) {
    return clients.computeIfAbsent(
        connectTimeout,
        t ->
            HttpClient.newBuilder()
                .connectTimeout(t)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build());
  }

  @Override
  public UpstreamResponse send(UpstreamRequest request) {
    Timeouts timeouts = request.timeouts();
    HttpRequest.Builder b =
        HttpRequest.newBuilder(request.uri())
            .timeout(timeouts.connect().plus(timeouts.firstByte()));
    request.headers().forEach(b::header);
    if (request.body().length == 0) {
      b.GET();
    } else {
      b.header("Content-Type", "application/json");
      b.POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
    }
    long start = System.nanoTime();
    HttpResponse<InputStream> response;
    try {
      response =
          client(timeouts.connect()).send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpConnectTimeoutException e) {
      throw UpstreamException.io("upstream connect timed out: " + request.uri().getHost(), true, e);
    } catch (HttpTimeoutException e) {
      throw UpstreamException.io("upstream sent no response in time", true, e);
    } catch (ConnectException e) {
      throw UpstreamException.io(
          "upstream refused the connection: " + request.uri().getHost(), false, e);
    } catch (IOException e) {
      throw UpstreamException.io("upstream connection failed: " + e.getMessage(), false, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw UpstreamException.io("interrupted while waiting for upstream", false, e);
    }
    Duration remaining = timeouts.total().minusNanos(System.nanoTime() - start);
    return new JdkResponse(response, timeouts.idle(), remaining);
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
    clients.values().forEach(HttpClient::shutdownNow);
  }

  private final class JdkResponse implements UpstreamResponse {
    private final HttpResponse<InputStream> response;
    private final WatchedStream body;

    JdkResponse(HttpResponse<InputStream> response, Duration idle, Duration total) {
      this.response = response;
      this.body = new WatchedStream(response.body(), idle, total);
    }

    @Override
    public int status() {
      return response.statusCode();
    }

    @Override
    public Optional<String> header(String name) {
      return response.headers().firstValue(name);
    }

    @Override
    public InputStream body() {
      return body;
    }

    @Override
    public byte[] readAllBytes() {
      try {
        return body.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public boolean timedOut() {
      return body.timedOut.get();
    }

    @Override
    public void close() {
      body.closeQuietly();
    }

    @Override
    public void release() {
      Thread.ofVirtual()
          .name("steward-upstream-drain")
          .start(
              () -> {
                try {
                  body.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (IOException | RuntimeException e) {
                  // The connection is simply not reused.
                } finally {
                  body.closeQuietly();
                }
              });
    }
  }

  /** Closes the underlying stream when a read waits longer than the idle or total timeout. */
  private final class WatchedStream extends InputStream {
    private final InputStream in;
    private final long idleNanos;
    private final AtomicBoolean timedOut = new AtomicBoolean();
    private final @Nullable ScheduledFuture<?> totalTimer;

    WatchedStream(InputStream in, Duration idle, Duration total) {
      this.in = in;
      this.idleNanos = idle.toNanos();
      this.totalTimer =
          total.isNegative() || total.isZero()
              ? null
              : watchdog.schedule(this::expire, total.toNanos(), TimeUnit.NANOSECONDS);
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
      ScheduledFuture<?> idleTimer =
          watchdog.schedule(this::expire, idleNanos, TimeUnit.NANOSECONDS);
      try {
        int n = in.read(buf, off, len);
        if (n < 0 && totalTimer != null) {
          totalTimer.cancel(false);
        }
        return n;
      } catch (IOException e) {
        if (timedOut.get()) {
          throw new HttpTimeoutException("upstream timed out");
        }
        throw e;
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
      } catch (IOException ignored) {
        // Nothing to do: the connection is abandoned either way.
      }
    }
  }
}
