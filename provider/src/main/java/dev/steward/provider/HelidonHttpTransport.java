package dev.steward.provider;

import dev.steward.config.Timeouts;
import dev.steward.core.UpstreamException;
import io.helidon.common.socket.SocketOptions;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link HttpTransport} on Helidon's blocking WebClient, built for virtual threads: HTTP/1.1 with a
 * shared keep-alive connection cache. It was measured about twice as fast as the JDK's client on
 * Steward's proxy path ({@code docs/decisions/0001-http-stack.md}).
 *
 * <p>Timeouts: {@code connect} is the socket's connect timeout; {@code first-byte} is the read
 * timeout while waiting for the response headers (and caps any single read after); {@code idle} and
 * {@code total} are enforced on the body by a watchdog that closes it ({@link WatchedStream}).
 */
public final class HelidonHttpTransport implements HttpTransport {
  private final Map<Duration, WebClient> clients = new ConcurrentHashMap<>();
  private final Map<String, HeaderName> names = new ConcurrentHashMap<>();
  private final Watchdog watchdog = new Watchdog("steward-upstream-watchdog");

  private WebClient client(Duration connectTimeout) {
    return clients.computeIfAbsent(
        connectTimeout,
        t ->
            WebClient.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(t).tcpNoDelay(true).build())
                .shareConnectionCache(false)
                .connectionCacheSize(512)
                .followRedirects(false)
                .sendExpectContinue(false)
                .build());
  }

  @Override
  public UpstreamResponse send(UpstreamRequest request) {
    Timeouts timeouts = request.timeouts();
    HttpClientRequest r =
        (request.body().length == 0
                ? client(timeouts.connect()).get()
                : client(timeouts.connect()).post())
            .uri(request.uri())
            .readTimeout(timeouts.firstByte());
    request.headers().forEach((k, v) -> r.header(name(k), v));
    long start = System.nanoTime();
    HttpClientResponse response;
    try {
      if (request.body().length == 0) {
        response = r.request();
      } else {
        r.header(HeaderNames.CONTENT_TYPE, "application/json");
        response = r.submit(request.body());
      }
    } catch (RuntimeException e) {
      throw failure(request, e.getCause() == null ? e : e.getCause());
    }
    Duration remaining = timeouts.total().minusNanos(System.nanoTime() - start);
    return new HelidonResponse(response, timeouts.idle(), remaining);
  }

  private static UpstreamException failure(UpstreamRequest request, Throwable cause) {
    String host = request.uri().getHost();
    if (cause instanceof SocketTimeoutException) {
      return UpstreamException.io("upstream " + host + " sent no response in time", true, cause);
    }
    if (cause instanceof ConnectException) {
      return UpstreamException.io("upstream " + host + " refused the connection", false, cause);
    }
    return UpstreamException.io(
        "upstream " + host + " connection failed: " + cause.getClass().getSimpleName(),
        false,
        cause);
  }

  private HeaderName name(String header) {
    return names.computeIfAbsent(header, HeaderNames::create);
  }

  @Override
  public void close() {
    watchdog.close();
    clients.values().forEach(WebClient::closeResource);
  }

  private final class HelidonResponse implements UpstreamResponse {
    private final HttpClientResponse response;
    private final WatchedStream body;

    HelidonResponse(HttpClientResponse response, Duration idle, Duration total) {
      this.response = response;
      this.body = new WatchedStream(response.inputStream(), watchdog, idle, total);
    }

    @Override
    public int status() {
      return response.status().code();
    }

    @Override
    public Optional<String> header(String headerName) {
      return response.headers().first(name(headerName));
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
      return body.timedOut();
    }

    @Override
    public void close() {
      body.closeQuietly();
      response.close();
    }

    @Override
    public void release() {
      // After the vendor's end marker only the end of the chunked body is left, normally already
      // buffered: reading it here (bounded by the idle timeout) returns the connection to the
      // cache at once, so concurrent callers reuse it instead of opening new ones.
      try {
        body.transferTo(java.io.OutputStream.nullOutputStream());
      } catch (IOException | RuntimeException e) {
        // The connection is simply not reused.
      } finally {
        close();
      }
    }
  }
}
