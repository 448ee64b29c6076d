package dev.steward.server;

import dev.steward.core.ChatStream;
import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import dev.steward.core.StreamEvent;
import io.helidon.common.socket.SocketOptions;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of Steward on Helidon SE's virtual-thread web server: routes, bounded body reading,
 * writing answers and streams, and draining on shutdown. It knows nothing of policy: every chat and
 * embedding request goes through the {@link Pipeline}.
 */
final class HttpFront {
  private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);

  static final String REQUEST_ID = "X-Steward-Request-Id";
  static final String ROUTE = "X-Steward-Route";
  static final String ATTEMPTS = "X-Steward-Attempts";
  static final String SANDBOX = "X-Steward-Sandbox";
  private static final String JSON = "application/json";

  private final ConcurrentHashMap<String, HeaderName> headerNames = new ConcurrentHashMap<>();
  private final Pipeline pipeline;
  private final OpenAiWire openAi;
  private final AnthropicWire anthropic;
  private final Models models;
  private final AdminApi admin;
  private final Metrics metrics;
  private final InstantSource clock;
  private final long maxBodyBytes;
  private final Duration readTimeout;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean draining;
  private volatile boolean ready;
  private @Nullable WebServer server;

  HttpFront(
      Pipeline pipeline,
      OpenAiWire openAi,
      AnthropicWire anthropic,
      Models models,
      AdminApi admin,
      Metrics metrics,
      InstantSource clock,
      long maxBodyBytes,
      Duration readTimeout) {
    this.pipeline = pipeline;
    this.openAi = openAi;
    this.anthropic = anthropic;
    this.models = models;
    this.admin = admin;
    this.metrics = metrics;
    this.clock = clock;
    this.maxBodyBytes = maxBodyBytes;
    this.readTimeout = readTimeout;
  }

  /** Starts listening; returns the bound port. */
  int start(String host, int port) {
    WebServer ws =
        WebServer.builder()
            .host(host)
            .port(port)
            .shutdownHook(false)
            // No server-side payload limit: bodies are bounded while reading them, so an
            // oversize body gets Steward's own error in the caller's API shape.
            .connectionOptions(
                SocketOptions.builder()
                    .readTimeout(readTimeout)
                    .connectTimeout(Duration.ofSeconds(10))
                    .tcpNoDelay(true)
                    .build())
            .idleConnectionTimeout(Duration.ofMinutes(2))
            .routing(this::routes)
            .build()
            .start();
    if (!ws.isRunning() || ws.port() < 0) {
      // Helidon logs a failed bind and returns a stopped server instead of throwing.
      ws.stop();
      throw new IllegalStateException(
          "cannot listen on "
              + host
              + ":"
              + port
              + " (java.net.BindException: the address is in use or not available)");
    }
    this.server = ws;
    this.ready = true;
    return ws.port();
  }

  private void routes(HttpRouting.Builder r) {
    r.post("/v1/chat/completions", (req, res) -> chat(openAi, req, res))
        .post("/chat/completions", (req, res) -> chat(openAi, req, res))
        .post("/v1/messages", (req, res) -> chat(anthropic, req, res))
        .post("/v1/embeddings", this::embeddings)
        .post("/embeddings", this::embeddings)
        .get("/v1/models", this::modelList)
        .get("/v1/models/{id}", this::modelList)
        .get("/healthz", (req, res) -> plain(res, 200, "{\"status\":\"ok\"}"))
        .get("/readyz", this::readyz)
        .get("/metrics", this::metrics);
    admin.routes(r);
    r.any(this::notFound);
  }

  // ---------------------------------------------------------------- chat and embeddings

  private void chat(WireApi wire, ServerRequest req, ServerResponse res) {
    serve(wire, Endpoint.CHAT, (b, e) -> e.chat(wire.decodeChat(b)), req, res);
  }

  private void embeddings(ServerRequest req, ServerResponse res) {
    serve(openAi, Endpoint.EMBEDDINGS, openAi::decodeEmbeddings, req, res);
  }

  /** Admits the request, runs it through the pipeline and writes the reply in its wire shape. */
  private void serve(
      WireApi wire,
      Endpoint endpoint,
      Exchange.Decoder decoder,
      ServerRequest req,
      ServerResponse res) {
    long start = System.nanoTime();
    String id = RequestIds.next(clock);
    res.header(REQUEST_ID, id);
    Exchange ex;
    try {
      byte[] body = admit(req);
      ex = new Exchange(id, wire.api(), endpoint, start, name -> header(req, name), body, decoder);
      inFlight.incrementAndGet();
    } catch (StewardException e) {
      // The body may be unread: tell the client this connection will not carry another request.
      res.header("Connection", "close");
      writeError(wire, res, e);
      return;
    }
    try {
      Reply reply = pipeline.run(ex);
      routeHeaders(ex, res);
      switch (reply) {
        case Reply.Chat c -> {
          send(res, 200, wire.encodeChat(c.response()));
          ex.complete(200, "ok");
        }
        case Reply.Embeddings e -> {
          send(res, 200, openAi.encodeEmbeddings(e.response(), ex.base64Embeddings()));
          ex.complete(200, "ok");
        }
        case Reply.Stream s -> stream(wire, ex, s.stream(), res);
        case Reply.Failure f -> fail(wire, ex, res, f.error());
      }
    } finally {
      metrics.request(ex, System.nanoTime());
      inFlight.decrementAndGet();
    }
  }

  private void modelList(ServerRequest req, ServerResponse res) {
    String id = RequestIds.next(clock);
    res.header(REQUEST_ID, id);
    try {
      String key = Authenticator.presentedKey(name -> header(req, name));
      String one = req.path().pathParameters().first("id").orElse(null);
      send(res, 200, models.list(key, one));
    } catch (StewardException e) {
      writeError(openAi, res, e);
    }
  }

  /** Checks the server is open and reads the body within the size limit. */
  private byte[] admit(ServerRequest req) {
    if (draining) {
      throw new StewardException(
          ErrorCode.SHUTTING_DOWN, "Steward is shutting down; retry on another node");
    }
    String type = header(req, "content-type");
    if (type != null && !type.toLowerCase(Locale.ROOT).contains("json")) {
      throw new StewardException(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type: " + clip(type) + " (expected: application/json)");
    }
    OptionalLong declared = req.headers().contentLength();
    if (declared.isPresent() && declared.getAsLong() > maxBodyBytes) {
      throw tooLarge(declared.getAsLong());
    }
    try (InputStream in = req.content().inputStream()) {
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
      if (body.length > maxBodyBytes) {
        throw tooLarge(body.length);
      }
      return body;
    } catch (IOException | UncheckedIOException e) {
      throw new StewardException(
          ErrorCode.INVALID_REQUEST, "request body could not be read: " + e.getMessage());
    } catch (RuntimeException e) {
      if (e instanceof StewardException se) {
        throw se;
      }
      // Helidon reports a body over its own limit, or a broken chunked body, this way.
      throw new StewardException(
          ErrorCode.INVALID_REQUEST, "request body could not be read: " + e.getMessage());
    }
  }

  private StewardException tooLarge(long size) {
    return new StewardException(
        ErrorCode.BODY_TOO_LARGE,
        "request body: " + size + " bytes (expected: at most " + maxBodyBytes + ")");
  }

  private void routeHeaders(Exchange ex, ServerResponse res) {
    if (ex.route() != null) {
      res.header(ROUTE, ex.route().id());
      res.header(ATTEMPTS, Integer.toString(ex.attempts()));
      if (models.isSandbox(ex.route().provider())) {
        res.header(SANDBOX, "true");
      }
    }
  }

  private void stream(WireApi wire, Exchange ex, ChatStream stream, ServerResponse res) {
    res.status(200);
    res.header("Content-Type", "text/event-stream; charset=utf-8");
    res.header("Cache-Control", "no-cache");
    res.header("X-Accel-Buffering", "no");
    WireApi.StreamWriter writer = wire.streamWriter(ex.requireChat());
    metrics.streamOpened();
    String outcome = "ok";
    try (stream;
        OutputStream out = res.outputStream()) {
      try {
        StreamEvent event;
        while ((event = stream.next()) != null) {
          byte[] bytes = writer.event(event);
          if (bytes.length > 0) {
            out.write(bytes);
            out.flush();
          }
        }
        out.write(writer.end());
      } catch (StewardException e) {
        outcome = e.code().reason();
        logFailure(ex, e);
        out.write(writer.error(e));
      }
      out.flush();
    } catch (IOException | UncheckedIOException e) {
      // The caller went away: closing the upstream stream releases its capacity.
      outcome = "client.disconnected";
    } finally {
      metrics.streamClosed();
      ex.complete(200, outcome);
    }
  }

  private void fail(WireApi wire, Exchange ex, ServerResponse res, StewardException e) {
    logFailure(ex, e);
    writeError(wire, res, e);
    ex.complete(e.code().httpStatus(), e.code().reason());
  }

  /** Writes an error in the wire's shape, with its reason code and any Retry-After. */
  static void writeError(WireApi wire, ServerResponse res, StewardException e) {
    if (e.retryAfter() != null) {
      long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
      res.header("Retry-After", Long.toString(seconds));
    }
    res.header("X-Steward-Reason", e.code().reason());
    send(res, e.code().httpStatus(), wire.encodeError(e));
  }

  private static void logFailure(Exchange ex, StewardException e) {
    if (e.code().httpStatus() >= 500) {
      LOG.warn(
          "request {} failed: {} ({})",
          ex.requestId(),
          e.code().reason(),
          e.getClass().getSimpleName());
      LOG.debug("request {} failure detail", ex.requestId(), e);
    } else {
      LOG.debug("request {} refused: {}: {}", ex.requestId(), e.code().reason(), e.getMessage());
    }
  }

  // ---------------------------------------------------------------- operations

  private void readyz(ServerRequest req, ServerResponse res) {
    if (ready && !draining) {
      plain(res, 200, "{\"status\":\"ready\"}");
    } else {
      plain(res, 503, "{\"status\":\"" + (draining ? "draining" : "starting") + "\"}");
    }
  }

  private void metrics(ServerRequest req, ServerResponse res) throws IOException {
    res.header("Content-Type", metrics.contentType());
    try (OutputStream out = res.outputStream()) {
      metrics.write(out);
    }
  }

  private void notFound(ServerRequest req, ServerResponse res) {
    String path = req.path().path();
    String id = RequestIds.next(clock);
    res.header(REQUEST_ID, id);
    WireApi wire = path.startsWith("/v1/messages") ? anthropic : openAi;
    StewardException e =
        new StewardException(
            ErrorCode.NOT_FOUND,
            req.prologue().method().text() + " " + clip(path) + ": no such endpoint");
    writeError(wire, res, e);
  }

  /**
   * Stops taking new requests, waits up to {@code grace} for running ones (streams included) to
   * finish, then stops the server.
   */
  void drainAndStop(Duration grace) {
    draining = true;
    long deadline = System.nanoTime() + grace.toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (inFlight.get() > 0) {
      LOG.warn("shutdown grace ran out with {} requests still running", inFlight.get());
    }
    WebServer ws = server;
    if (ws != null) {
      ws.stop();
    }
  }

  int inFlight() {
    return inFlight.get();
  }

  // ---------------------------------------------------------------- helpers

  private @Nullable String header(ServerRequest req, String name) {
    HeaderName h = headerNames.computeIfAbsent(name, HeaderNames::create);
    return req.headers().first(h).orElse(null);
  }

  private static void send(ServerResponse res, int status, byte[] json) {
    res.status(status);
    res.header("Content-Type", JSON);
    res.send(json);
  }

  private static void plain(ServerResponse res, int status, String json) {
    send(res, status, json.getBytes(StandardCharsets.UTF_8));
  }

  /** Shortens a caller-supplied value before quoting it in an error. */
  static String clip(String value) {
    String v = value.length() > 80 ? value.substring(0, 80) + "…" : value;
    StringBuilder out = new StringBuilder(v.length());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return out.toString();
  }
}
