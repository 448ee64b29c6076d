package dev.steward.provider;

import dev.steward.config.Timeouts;
import dev.steward.core.Futures;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@link HttpTransport} on Vert.x's HTTP client, on the event loop: HTTP/1.1 keep-alive pools,
 * {@code TCP_NODELAY}, no redirects. Chosen by measurement ({@code
 * docs/decisions/0001-http-stack.md}, {@code 0008-async-transport.md}).
 *
 * <p>Each event loop that sends gets its own client and connection pool, so a request made on an
 * event loop, its connection and every completion of its exchange stay on that one thread. Calls
 * from other threads run on one of the Vert.x instance's event loops. Timeouts are one Vert.x timer
 * per exchange, re-armed only when it fires early; body chunks only stamp the time.
 */
public final class VertxHttpTransport implements HttpTransport {
  /** Connections per upstream host and event loop, unless configured otherwise. */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_HOST = 256;

  /**
   * Seconds an idle pooled connection is kept. Below common upstream keep-alive limits (nginx 75
   * s), so Steward closes first and rarely sends on a connection the upstream is closing.
   */
  private static final int KEEP_ALIVE_SECONDS = 30;

  private final Vertx vertx;
  private final boolean ownsVertx;
  private final HttpClientOptions clientOptions;
  private final PoolOptions poolOptions;
  private final Map<Thread, HttpClientAgent> perEventLoop = new ConcurrentHashMap<>();
  private final HttpClientAgent offLoop;
  private volatile boolean closed;

  private VertxHttpTransport(Vertx vertx, boolean ownsVertx, int maxConnectionsPerHost) {
    if (maxConnectionsPerHost < 1) {
      throw new IllegalArgumentException(
          "maxConnectionsPerHost: " + maxConnectionsPerHost + " (expected: at least 1)");
    }
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.ownsVertx = ownsVertx;
    this.clientOptions =
        new HttpClientOptions()
            .setKeepAlive(true)
            .setKeepAliveTimeout(KEEP_ALIVE_SECONDS)
            .setTcpNoDelay(true)
            .setForceSni(true)
            .setName("steward-upstream");
    this.poolOptions = new PoolOptions().setHttp1MaxSize(maxConnectionsPerHost);
    this.offLoop = vertx.createHttpClient(clientOptions, poolOptions);
  }

  /**
   * A transport with its own Vert.x instance (event loops as many as Vert.x's default), closed with
   * the transport: for callers without a server, such as the command line and tests.
   */
  public static VertxHttpTransport create() {
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setFileSystemOptions(
                    new FileSystemOptions()
                        .setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
    try {
      return new VertxHttpTransport(vertx, true, DEFAULT_MAX_CONNECTIONS_PER_HOST);
    } catch (RuntimeException e) {
      vertx.close();
      throw e;
    }
  }

  /**
   * A transport on the caller's Vert.x instance (the server's), which it does not close, with
   * {@value #DEFAULT_MAX_CONNECTIONS_PER_HOST} connections per host and event loop.
   */
  public static VertxHttpTransport create(Vertx vertx) {
    return create(vertx, DEFAULT_MAX_CONNECTIONS_PER_HOST);
  }

  /**
   * As {@link #create(Vertx)}, with at most {@code maxConnectionsPerHost} connections per upstream
   * host and event loop; more requests wait for one, within their connect timeout.
   */
  public static VertxHttpTransport create(Vertx vertx, int maxConnectionsPerHost) {
    return new VertxHttpTransport(vertx, false, maxConnectionsPerHost);
  }

  @Override
  public Endpoint endpoint(URI uri, Map<String, String> headers, Timeouts timeouts) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(timeouts, "timeouts");
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean ssl = scheme.equals("https");
    if (!ssl && !scheme.equals("http") || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "uri: " + uri + " (expected: an absolute http or https URI with a host)");
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : ssl ? 443 : 80;
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    MultiMap multiMap = HttpHeaders.headers();
    headers.forEach(multiMap::add);
    multiMap.set(HttpHeaders.CONTENT_TYPE, "application/json");
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setHost(uri.getHost())
            .setPort(port)
            .setSsl(ssl)
            .setURI(path)
            .setHeaders(multiMap)
            .setFollowRedirects(false)
            .setConnectTimeout(millis(min(timeouts.connect(), timeouts.total())));
    return new VertxEndpoint(this, uri, Map.copyOf(headers), timeouts, options);
  }

  @Override
  public CompletionStage<UpstreamResponse> send(
      Endpoint endpoint, Map<String, String> headers, byte[] body) {
    if (!(endpoint instanceof VertxEndpoint target) || target.transport() != this) {
      throw new IllegalArgumentException(
          "endpoint: " + endpoint.uri() + " (expected: one made by this transport)");
    }
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
    if (closed) {
      return Futures.failed(new IllegalStateException("transport: closed (expected: open)"));
    }
    Context context = vertx.getOrCreateContext();
    VertxExchange exchange = new VertxExchange(vertx, context, target, headers, body);
    if (Vertx.currentContext() == context) {
      exchange.start(client(context));
    } else {
      context.runOnContext(v -> exchange.start(client(context)));
    }
    return exchange.head();
  }

  /** The client for the running context: its event loop's own, or the shared one. */
  private HttpClientAgent client(Context context) {
    if (!context.isEventLoopContext()) {
      return offLoop;
    }
    Thread loop = Thread.currentThread();
    HttpClientAgent client = perEventLoop.get(loop);
    if (client == null) {
      client =
          perEventLoop.computeIfAbsent(
              loop, t -> vertx.createHttpClient(clientOptions, poolOptions));
    }
    return client;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    perEventLoop.values().forEach(HttpClientAgent::close);
    offLoop.close();
    if (ownsVertx) {
      var done = vertx.close();
      if (!Context.isOnVertxThread()) {
        try {
          done.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException
            | java.util.concurrent.TimeoutException e) {
          // Closing is best effort: the event loops are daemon threads.
        }
      }
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static long millis(Duration d) {
    return Math.max(1, d.toMillis());
  }

  /** An endpoint with its request options built once. */
  record VertxEndpoint(
      VertxHttpTransport transport,
      URI uri,
      Map<String, String> headers,
      Timeouts timeouts,
      RequestOptions options)
      implements Endpoint {

    String host() {
      return uri.getHost();
    }

    @Override
    public String toString() {
      return "Endpoint[" + uri + "]";
    }
  }
}
