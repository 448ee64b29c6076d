package dev.steward.server;

import dev.steward.config.UseCaseConfig;
import dev.steward.core.AsyncChatStream;
import dev.steward.core.ErrorCode;
import dev.steward.core.Futures;
import dev.steward.core.StewardException;
import dev.steward.core.StreamEvent;
import dev.steward.policy.RoutePolicy;
import dev.steward.web.AdminSession;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of Steward on Vert.x: one server per event loop sharing the port, routes, bounded
 * body reading, writing answers and streams with back-pressure, and draining on shutdown. It knows
 * nothing of policy: every chat and embedding request goes through the {@link Pipeline}.
 *
 * <p>A request is handled on the event loop that accepted its connection and never blocks it: the
 * pipeline answers with a stage, and the answer is written back on the same loop. Work that blocks
 * (admin actions, the model list on a key-cache miss) runs on virtual threads.
 */
final class HttpFront {
  private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);

  static final String REQUEST_ID = "X-Steward-Request-Id";
  static final String ROUTE = "X-Steward-Route";
  static final String ATTEMPTS = "X-Steward-Attempts";
  static final String SANDBOX = "X-Steward-Sandbox";
  static final String AUDIT_INDEX = "X-Steward-Audit-Index";
  static final String COMMITMENT_SALT = "X-Steward-Commitment-Salt";
  static final String PERSONAL_DATA = "X-Steward-Personal-Data";
  static final String OUTPUT_PERSONAL_DATA = "X-Steward-Output-Personal-Data";
  static final String INJECTION = "X-Steward-Injection";
  static final String AI_GENERATED = "X-Steward-AI-Generated";
  static final String REVIEW = "X-Steward-Review";
  private static final String JSON = "application/json";
  private static final String ADMIN_KEYS = "/v1/steward/admin/keys";
  private static final String ADMIN_KILL_SWITCHES = "/v1/steward/admin/kill-switches";
  private static final String ADMIN_APPROVALS = "/v1/steward/admin/approvals";
  private static final String ADMIN_EVALUATIONS = "/v1/steward/admin/evaluations";
  private static final Buffer HEALTHY = Buffer.buffer("{\"status\":\"ok\"}");

  private final Vertx vertx;
  private final Pipeline pipeline;
  private final OpenAiWire openAi;
  private final AnthropicWire anthropic;
  private final Models models;
  private final ReviewHandler reviews;
  private final OutcomeHandler outcomes;
  private final AdminApi admin;
  private final @Nullable LogHandler logs;
  private final @Nullable ReceiptHandler receipts;
  private final Metrics metrics;
  private final InstantSource clock;
  private final long maxBodyBytes;
  private final Duration idleTimeout;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final List<HttpServer> servers = new ArrayList<>();
  private volatile boolean draining;
  private volatile boolean ready;

  /** The web pages, or {@code null} when they are off. */
  private final @Nullable PageHandler pages;

  /** The largest form a page accepts. */
  private static final int MAX_FORM_BYTES = 64 * 1024;

  HttpFront(
      Vertx vertx,
      Pipeline pipeline,
      OpenAiWire openAi,
      AnthropicWire anthropic,
      Models models,
      AdminApi admin,
      ReviewHandler reviews,
      OutcomeHandler outcomes,
      @Nullable LogHandler logs,
      @Nullable ReceiptHandler receipts,
      @Nullable PageHandler pages,
      Metrics metrics,
      InstantSource clock,
      long maxBodyBytes,
      Duration idleTimeout) {
    this.vertx = vertx;
    this.pipeline = pipeline;
    this.openAi = openAi;
    this.anthropic = anthropic;
    this.models = models;
    this.admin = admin;
    this.reviews = reviews;
    this.outcomes = outcomes;
    this.logs = logs;
    this.receipts = receipts;
    this.pages = pages;
    this.metrics = metrics;
    this.clock = clock;
    this.maxBodyBytes = maxBodyBytes;
    this.idleTimeout = idleTimeout;
  }

  /**
   * Starts {@code instances} servers, each on its own event loop, sharing one port, and returns the
   * bound port. Blocks until they listen.
   */
  int start(String host, int port, int instances) {
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(host)
            // Port 0 (any free port): Vert.x shares one random port among servers that ask for -1.
            .setPort(port == 0 ? -1 : port)
            .setTcpNoDelay(true)
            .setAcceptBacklog(4096)
            .setHandle100ContinueAutomatically(true)
            // HTTP/1.1 only (what was measured, and what the SDKs speak): no h2c upgrade.
            .setHttp2ClearTextEnabled(false)
            // Closes connections that carry nothing either way for this long: stalled clients and
            // idle keep-alive connections (StewardServer.idleTimeout: never shorter than a stream's
            // wait for its upstream).
            .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, idleTimeout.toMillis())))
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    // A verticle instance per server: Vert.x gives each its own event loop, and spreads the
    // accepted connections over them.
    try {
      vertx
          .deployVerticle(
              () ->
                  new VerticleBase() {
                    @Override
                    public Future<?> start() {
                      HttpServer server =
                          vertx.createHttpServer(options).requestHandler(HttpFront.this::handle);
                      return server
                          .listen()
                          .onSuccess(
                              s -> {
                                synchronized (servers) {
                                  servers.add(s);
                                }
                              });
                    }
                  },
              new DeploymentOptions().setInstances(Math.max(1, instances)))
          .await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot listen on " + host + ":" + port + " (" + e + ")", e);
    }
    ready = true;
    synchronized (servers) {
      return servers.get(0).actualPort();
    }
  }

  // ---------------------------------------------------------------- routes

  private void handle(HttpServerRequest req) {
    String path = pathOf(req);
    HttpMethod method = req.method();
    if (method == HttpMethod.POST) {
      switch (path) {
        case "/v1/chat/completions", "/chat/completions" -> {
          chat(openAi, req);
          return;
        }
        case "/v1/messages" -> {
          chat(anthropic, req);
          return;
        }
        case "/v1/embeddings", "/embeddings" -> {
          serve(openAi, Endpoint.EMBEDDINGS, openAi::decodeEmbeddings, req);
          return;
        }
        case ADMIN_KEYS -> {
          blocking(req, body -> admin.create(req::getHeader, body));
          return;
        }
        case ADMIN_KILL_SWITCHES -> {
          blocking(req, body -> admin.engage(req::getHeader, body));
          return;
        }
        case ADMIN_APPROVALS -> {
          blocking(req, body -> admin.grant(req::getHeader, body));
          return;
        }
        case ReviewHandler.PATH -> {
          blocking(req, body -> reviews.record(req::getHeader, body));
          return;
        }
        case OutcomeHandler.PATH -> {
          blocking(req, body -> outcomes.record(req::getHeader, body));
          return;
        }
        default -> {}
      }
    } else if (method == HttpMethod.GET) {
      switch (path) {
        case "/healthz" -> {
          send(req.response(), 200, HEALTHY);
          return;
        }
        case "/readyz" -> {
          readyz(req.response());
          return;
        }
        case "/metrics" -> {
          metrics(req.response());
          return;
        }
        case "/v1/models" -> {
          modelList(req, null);
          return;
        }
        case ADMIN_KEYS -> {
          blocking(req, body -> admin.list(req::getHeader));
          return;
        }
        case ADMIN_KILL_SWITCHES -> {
          blocking(req, body -> admin.killSwitches(req::getHeader));
          return;
        }
        case ADMIN_APPROVALS -> {
          blocking(req, body -> admin.approvals(req::getHeader));
          return;
        }
        case ADMIN_EVALUATIONS -> {
          blocking(req, body -> admin.evaluations(req::getHeader));
          return;
        }
        default -> {
          if (path.startsWith("/v1/models/") && path.length() > "/v1/models/".length()) {
            modelList(req, path.substring("/v1/models/".length()));
            return;
          }
          if (path.startsWith(ReviewHandler.PATH + "/")
              && path.length() > ReviewHandler.PATH.length() + 1) {
            String id = path.substring(ReviewHandler.PATH.length() + 1);
            blocking(req, body -> reviews.list(req::getHeader, id));
            return;
          }
          if (path.startsWith(OutcomeHandler.PATH + "/")
              && path.length() > OutcomeHandler.PATH.length() + 1) {
            String id = path.substring(OutcomeHandler.PATH.length() + 1);
            blocking(req, body -> outcomes.find(req::getHeader, id));
            return;
          }
          LogHandler log = logs;
          if (log != null && path.startsWith(LogHandler.PREFIX)) {
            String resource = path.substring(LogHandler.PREFIX.length());
            String encodings = req.getHeader("accept-encoding");
            boolean gzip = encodings != null && encodings.toLowerCase(Locale.ROOT).contains("gzip");
            served(req, () -> Futures.offload(() -> log.serve(resource, gzip)));
            return;
          }
          ReceiptHandler receipt = receipts;
          if (receipt != null
              && path.startsWith(ReceiptHandler.PREFIX)
              && path.length() > ReceiptHandler.PREFIX.length()) {
            String id = path.substring(ReceiptHandler.PREFIX.length());
            served(req, () -> receipt.receipt(req::getHeader, id));
            return;
          }
        }
      }
    } else if (method == HttpMethod.HEAD && logs != null && path.startsWith(LogHandler.PREFIX)) {
      // Static resources answer HEAD as GET, without the body (Vert.x omits it).
      LogHandler log = logs;
      String resource = path.substring(LogHandler.PREFIX.length());
      served(req, () -> Futures.offload(() -> log.serve(resource, false)));
      return;
    } else if (method == HttpMethod.DELETE
        && path.startsWith(ADMIN_KEYS + "/")
        && path.length() > ADMIN_KEYS.length() + 1) {
      String id = path.substring(ADMIN_KEYS.length() + 1);
      blocking(req, body -> admin.revoke(req::getHeader, id));
      return;
    } else if (method == HttpMethod.DELETE
        && path.startsWith(ADMIN_KILL_SWITCHES + "/")
        && path.length() > ADMIN_KILL_SWITCHES.length() + 1) {
      String id = path.substring(ADMIN_KILL_SWITCHES.length() + 1);
      blocking(req, body -> admin.lift(req::getHeader, id, body));
      return;
    } else if (method == HttpMethod.DELETE
        && path.startsWith(ADMIN_APPROVALS + "/")
        && path.length() > ADMIN_APPROVALS.length() + 1) {
      String id = path.substring(ADMIN_APPROVALS.length() + 1);
      blocking(req, body -> admin.revokeApproval(req::getHeader, id, body));
      return;
    }
    PageHandler site = pages;
    if (site != null
        && PageHandler.owns(path)
        && (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.POST)) {
      page(site, req, path);
      return;
    }
    notFound(req);
  }

  // ---------------------------------------------------------------- web pages

  private void page(PageHandler site, HttpServerRequest req, String path) {
    Future<byte[]> body =
        req.method() == HttpMethod.POST ? readForm(req) : Future.succeededFuture(new byte[0]);
    body.onSuccess(
        bytes -> {
          Cookie session = req.getCookie(AdminSession.COOKIE);
          String query = req.query();
          String proto = req.getHeader("X-Forwarded-Proto");
          PageHandler.PageRequest r =
              new PageHandler.PageRequest(
                  req.method().name(),
                  path,
                  query == null ? Map.of() : PageHandler.parameters(query),
                  bytes.length == 0
                      ? Map.of()
                      : PageHandler.parameters(new String(bytes, StandardCharsets.UTF_8)),
                  session == null ? null : session.getValue(),
                  req.getHeader("Origin"),
                  req.getHeader("Host"),
                  req.isSSL() || "https".equalsIgnoreCase(proto),
                  req.remoteAddress() == null ? "" : req.remoteAddress().host());
          served(req, () -> site.handle(r));
        });
  }

  /** Reads a form body of at most {@link #MAX_FORM_BYTES}; a larger one is answered 413. */
  private static Future<byte[]> readForm(HttpServerRequest req) {
    Promise<byte[]> body = Promise.promise();
    if (declaredLength(req) > MAX_FORM_BYTES) {
      req.response().setStatusCode(413).end();
      return body.future();
    }
    Buffer data = Buffer.buffer(1024);
    req.handler(
        chunk -> {
          if (body.future().isComplete()) {
            return;
          }
          if (data.length() + chunk.length() > MAX_FORM_BYTES) {
            body.tryFail("form too large");
            req.response().setStatusCode(413).end();
            return;
          }
          data.appendBuffer(chunk);
        });
    req.endHandler(v -> body.tryComplete(data.getBytes()));
    req.exceptionHandler(body::tryFail);
    return body.future();
  }

  // ---------------------------------------------------------------- chat and embeddings

  private void chat(WireApi wire, HttpServerRequest req) {
    serve(wire, Endpoint.CHAT, (b, e) -> e.chat(wire.decodeChat(b)), req);
  }

  /** Admits the request, runs it through the pipeline and writes the reply in its wire shape. */
  private void serve(
      WireApi wire, Endpoint endpoint, Exchange.Decoder decoder, HttpServerRequest req) {
    long start = System.nanoTime();
    String id = RequestIds.next(clock);
    HttpServerResponse res = req.response();
    res.putHeader(REQUEST_ID, id);
    readBody(req, wire)
        .onSuccess(
            body -> {
              Exchange ex =
                  new Exchange(id, wire.api(), endpoint, start, req::getHeader, body, decoder);
              inFlight.incrementAndGet();
              Context context = loopContext();
              Thread loop = Thread.currentThread();
              pipeline
                  .run(ex, req.method().name(), pathOf(req))
                  .thenAccept(reply -> onLoop(context, loop, () -> answer(wire, ex, res, reply)));
            });
  }

  /** Writes the pipeline's reply; the pipeline never fails, its failures are replies. */
  private void answer(WireApi wire, Exchange ex, HttpServerResponse res, Reply reply) {
    try {
      routeHeaders(ex, res);
      auditHeaders(ex, res);
      guardHeaders(ex, res, reply);
      try {
        switch (reply) {
          case Reply.Stream s -> {
            new Pump(wire, ex, s.stream(), res).start();
            return;
          }
          case Reply.Chat c -> send(ex, res, 200, wire.encodeChat(c.response()));
          case Reply.Embeddings e ->
              send(ex, res, 200, openAi.encodeEmbeddings(e.response(), ex.base64Embeddings()));
          case Reply.Failure f -> fail(wire, ex, res, f.error());
        }
        // A no-op after a failure: an exchange completes once, with its first outcome.
        ex.complete(200, "ok");
      } catch (RuntimeException e) {
        StewardException error = Pipeline.asSteward(ex, e);
        if (!res.headWritten()) {
          fail(wire, ex, res, error);
        } else {
          ex.complete(500, error.code().reason());
        }
      }
      finish(ex);
    } catch (RuntimeException e) {
      // Most often the caller went away before its answer: the ledger still gets its row.
      boolean gone = res.closed();
      if (gone) {
        LOG.debug("request {}: caller gone before the answer: {}", ex.requestId(), e.toString());
      } else {
        LOG.error("request {}: answer failed: {}", ex.requestId(), e.toString());
      }
      ex.complete(
          gone ? 200 : ErrorCode.INTERNAL.httpStatus(),
          gone ? "client.disconnected" : ErrorCode.INTERNAL.reason());
      finish(ex);
    }
  }

  private void finish(Exchange ex) {
    metrics.request(ex, System.nanoTime());
    inFlight.decrementAndGet();
  }

  /**
   * Checks the server is open, the type and the size, and reads the body within the limit. On a
   * refusal the error is written here (and the connection closed, its body unread) and the future
   * never completes.
   */
  private Future<byte[]> readBody(HttpServerRequest req, WireApi wire) {
    StewardException refusal = admit(req);
    if (refusal != null) {
      refuse(req, wire, refusal);
      // Never completes: the refusal has been answered.
      return Promise.<byte[]>promise().future();
    }
    Promise<byte[]> body = Promise.promise();
    Buffer data = Buffer.buffer(declaredLength(req) > 0 ? (int) declaredLength(req) : 1024);
    boolean[] over = new boolean[1];
    req.handler(
        chunk -> {
          if (over[0]) {
            return;
          }
          if (data.length() + (long) chunk.length() > maxBodyBytes) {
            over[0] = true;
            refuse(req, wire, tooLarge(data.length() + (long) chunk.length()));
            return;
          }
          data.appendBuffer(chunk);
        });
    req.exceptionHandler(
        t -> {
          if (!over[0] && !req.response().ended()) {
            over[0] = true;
            refuse(
                req,
                wire,
                new StewardException(
                    ErrorCode.INVALID_REQUEST,
                    "request body could not be read: " + t.getClass().getSimpleName()));
          }
        });
    req.endHandler(
        v -> {
          if (!over[0]) {
            body.complete(data.getBytes());
          }
        });
    return body.future();
  }

  private @Nullable StewardException admit(HttpServerRequest req) {
    if (draining) {
      return new StewardException(
          ErrorCode.SHUTTING_DOWN, "Steward is shutting down; retry on another node");
    }
    String type = req.getHeader("content-type");
    if (type != null && !type.toLowerCase(Locale.ROOT).contains("json")) {
      return new StewardException(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type: " + clip(type) + " (expected: application/json)");
    }
    long declared = declaredLength(req);
    if (declared > maxBodyBytes) {
      return tooLarge(declared);
    }
    if (declared == -2) {
      return new StewardException(
          ErrorCode.INVALID_REQUEST, "Content-Length: not a number (expected: a byte count)");
    }
    return null;
  }

  /** The declared body length, -1 when none is declared, -2 when it is not a number. */
  private static long declaredLength(HttpServerRequest req) {
    String v = req.getHeader("content-length");
    if (v == null) {
      return -1;
    }
    try {
      long n = Long.parseLong(v.strip());
      return n < 0 ? -2 : n;
    } catch (NumberFormatException e) {
      return -2;
    }
  }

  /** Answers an error before the body was read, and closes the connection after it. */
  private void refuse(HttpServerRequest req, WireApi wire, StewardException e) {
    HttpServerResponse res = req.response();
    if (res.ended()) {
      return;
    }
    if (!res.headers().contains(REQUEST_ID)) {
      res.putHeader(REQUEST_ID, RequestIds.next(clock));
    }
    res.putHeader("Connection", "close");
    writeError(wire, res, e).onComplete(v -> req.connection().close());
  }

  private StewardException tooLarge(long size) {
    return new StewardException(
        ErrorCode.BODY_TOO_LARGE,
        "request body: " + size + " bytes (expected: at most " + maxBodyBytes + ")");
  }

  private void routeHeaders(Exchange ex, HttpServerResponse res) {
    if (ex.route() != null) {
      res.putHeader(ROUTE, ex.route().id());
      res.putHeader(ATTEMPTS, Integer.toString(ex.attempts()));
      if (models.isSandbox(ex.route().provider())) {
        res.putHeader(SANDBOX, "true");
      }
    }
  }

  /**
   * Where the exchange is in the transparency log, and the salt of its commitments (so the caller
   * can show which prompt and response were committed).
   */
  private static void auditHeaders(Exchange ex, HttpServerResponse res) {
    if (ex.classification() != null) {
      res.putHeader(RoutePolicy.HEADER, RoutePolicy.label(ex.classification()));
    }
    if (ex.auditRequestIndex() >= 0) {
      res.putHeader(AUDIT_INDEX, Long.toString(ex.auditRequestIndex()));
      res.putHeader(COMMITMENT_SALT, ex.saltBase64());
    }
  }

  /** What the guards did, the AI-output label and the draft mark. */
  private static void guardHeaders(Exchange ex, HttpServerResponse res, Reply reply) {
    GuardReport input = ex.guardReport();
    if (!input.personalData().isEmpty()) {
      res.putHeader(PERSONAL_DATA, input.personalDataHeader());
    }
    if (input.injectionFlagged()) {
      res.putHeader(INJECTION, input.injectionHeader());
    }
    if (reply instanceof Reply.Failure) {
      return;
    }
    GuardReport output = ex.outputGuardReport();
    if (output != null) {
      res.putHeader(OUTPUT_PERSONAL_DATA, output.personalDataHeader());
    }
    UseCaseConfig useCase = ex.useCase();
    if (useCase == null) {
      return;
    }
    if (useCase.guards().label().header()) {
      res.putHeader(AI_GENERATED, "true");
    }
    if (useCase.humanReview()) {
      res.putHeader(REVIEW, "required; status=draft; request=" + ex.requestId());
    }
  }

  private void fail(WireApi wire, Exchange ex, HttpServerResponse res, StewardException e) {
    logFailure(ex, e);
    errorHeaders(res, e);
    send(ex, res, e.code().httpStatus(), wire.encodeError(e));
    ex.complete(e.code().httpStatus(), e.code().reason());
  }

  /** Writes an error in the wire's shape, with its reason code and any Retry-After. */
  static Future<Void> writeError(WireApi wire, HttpServerResponse res, StewardException e) {
    errorHeaders(res, e);
    return send(res, e.code().httpStatus(), Buffer.buffer(wire.encodeError(e)));
  }

  private static void errorHeaders(HttpServerResponse res, StewardException e) {
    if (e.retryAfter() != null) {
      long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
      res.putHeader("Retry-After", Long.toString(seconds));
    }
    res.putHeader("X-Steward-Reason", e.code().reason());
  }

  /** Sends an exchange's answer, adding its bytes to the exchange's response commitment. */
  private static Future<Void> send(Exchange ex, HttpServerResponse res, int status, byte[] json) {
    ex.sent(json);
    return send(res, status, Buffer.buffer(json));
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

  /**
   * Writes a streamed answer as its events arrive. It asks for the next event only once the
   * previous one is written and the connection's write queue has room, so a slow caller slows the
   * upstream read rather than filling memory. Events that are already there (several often come in
   * one upstream read) are encoded in a loop, not by recursion, and sent together in one write when
   * the stream has to wait: one system call per upstream read rather than one per event.
   */
  private final class Pump {
    private static final int FLUSH_AT = 32 * 1024;

    private final Exchange ex;
    private final AsyncChatStream stream;
    private final HttpServerResponse res;
    private final WireApi.StreamWriter writer;
    private final Context context;
    private final Thread loop;
    private Buffer pending = Buffer.buffer(512);
    private boolean flushScheduled;
    private boolean done;

    Pump(WireApi wire, Exchange ex, AsyncChatStream stream, HttpServerResponse res) {
      this.ex = ex;
      this.stream = stream;
      this.res = res;
      this.writer = wire.streamWriter(ex.requireChat());
      this.context = loopContext();
      this.loop = Thread.currentThread();
    }

    void start() {
      res.setStatusCode(200);
      res.setChunked(true);
      res.putHeader("Content-Type", "text/event-stream; charset=utf-8");
      res.putHeader("Cache-Control", "no-cache");
      res.putHeader("X-Accel-Buffering", "no");
      metrics.streamOpened();
      res.closeHandler(v -> clientGone());
      res.exceptionHandler(t -> clientGone());
      pump();
    }

    private void pump() {
      while (!done) {
        if (res.writeQueueFull()) {
          flush();
          res.drainHandler(
              v -> {
                res.drainHandler(null);
                pump();
              });
          return;
        }
        CompletableFuture<@Nullable StreamEvent> next;
        try {
          next = stream.next().toCompletableFuture();
        } catch (RuntimeException e) {
          failed(e);
          return;
        }
        if (!next.isDone()) {
          scheduleFlush();
          next.whenComplete((event, t) -> onLoop(context, loop, () -> resume(event, t)));
          return;
        }
        StreamEvent event;
        try {
          event = next.join();
        } catch (RuntimeException e) {
          failed(Futures.unwrap(e));
          return;
        }
        take(event);
      }
    }

    private void resume(@Nullable StreamEvent event, @Nullable Throwable t) {
      if (done) {
        return;
      }
      if (t != null) {
        failed(Futures.unwrap(t));
        return;
      }
      take(event);
      pump();
    }

    /** Encodes one event into the pending bytes, or ends the answer when there are no more. */
    private void take(@Nullable StreamEvent event) {
      if (event == null) {
        end(writer.end(), "ok");
        return;
      }
      byte[] bytes;
      try {
        bytes = writer.event(event);
      } catch (RuntimeException e) {
        failed(e);
        return;
      }
      ex.sent(bytes);
      pending.appendBytes(bytes);
      if (pending.length() >= FLUSH_AT) {
        flush();
      }
    }

    private void scheduleFlush() {
      if (pending.length() > 0 && !flushScheduled) {
        flushScheduled = true;
        context.runOnContext(
            v -> {
              flushScheduled = false;
              flush();
            });
      }
    }

    private void flush() {
      if (pending.length() > 0 && !res.closed() && !res.ended()) {
        res.write(pending);
        pending = Buffer.buffer(512);
      }
    }

    private void failed(Throwable t) {
      if (done) {
        return;
      }
      StewardException e = Pipeline.asSteward(ex, t);
      logFailure(ex, e);
      end(writer.error(e), e.code().reason());
    }

    private void end(byte[] last, String outcome) {
      done = true;
      closeStream();
      if (!res.closed() && !res.ended()) {
        ex.sent(last);
        Buffer rest = pending.appendBytes(last);
        pending = Buffer.buffer(0);
        res.end(rest);
      }
      close(outcome);
    }

    private void clientGone() {
      if (done) {
        return;
      }
      done = true;
      // The caller went away: closing the upstream stream releases its capacity.
      closeStream();
      close("client.disconnected");
    }

    private void closeStream() {
      try {
        stream.close();
      } catch (RuntimeException e) {
        LOG.debug("request {}: closing the upstream stream failed", ex.requestId(), e);
      }
    }

    private void close(String outcome) {
      metrics.streamClosed();
      ex.complete(200, outcome);
      finish(ex);
    }
  }

  // ---------------------------------------------------------------- other endpoints

  private void modelList(HttpServerRequest req, @Nullable String one) {
    blocking(req, body -> models.list(Authenticator.presentedKey(req::getHeader), one));
  }

  /**
   * Answers with JSON made by blocking work (the database), run on a virtual thread; a {@link
   * StewardException} becomes the OpenAI-shaped error.
   */
  private void blocking(HttpServerRequest req, Function<byte[], byte[]> action) {
    HttpServerResponse res = req.response();
    res.putHeader(REQUEST_ID, RequestIds.next(clock));
    readBody(req, openAi)
        .onSuccess(
            body -> {
              Context context = loopContext();
              Thread loop = Thread.currentThread();
              Supplier<byte[]> work = () -> action.apply(body);
              Futures.offload(work)
                  .whenComplete(
                      (json, t) ->
                          onLoop(
                              context,
                              loop,
                              () -> {
                                if (t == null) {
                                  send(res, 200, Buffer.buffer(json));
                                  return;
                                }
                                Throwable cause = Futures.unwrap(t);
                                StewardException e =
                                    cause instanceof StewardException se
                                        ? se
                                        : new StewardException(
                                            ErrorCode.INTERNAL,
                                            "internal error",
                                            null,
                                            null,
                                            cause);
                                if (!(cause instanceof StewardException)) {
                                  LOG.warn("{} {} failed", req.method(), req.path(), cause);
                                }
                                writeError(openAi, res, e);
                              }));
            });
  }

  /** Answers a GET with what {@code work} serves; a {@link StewardException} becomes its error. */
  private void served(HttpServerRequest req, Supplier<CompletionStage<Served>> work) {
    HttpServerResponse res = req.response();
    res.putHeader(REQUEST_ID, RequestIds.next(clock));
    Context context = loopContext();
    Thread loop = Thread.currentThread();
    CompletionStage<Served> answer;
    try {
      answer = work.get();
    } catch (RuntimeException e) {
      answer = Futures.failed(e);
    }
    answer.whenComplete(
        (served, t) ->
            onLoop(
                context,
                loop,
                () -> {
                  if (t == null) {
                    res.setStatusCode(served.status());
                    res.putHeader("Content-Type", served.contentType());
                    served.headers().forEach(res::putHeader);
                    res.end(Buffer.buffer(served.body()));
                    return;
                  }
                  Throwable cause = Futures.unwrap(t);
                  if (!(cause instanceof StewardException)) {
                    LOG.warn("{} {} failed", req.method(), pathOf(req), cause);
                  }
                  writeError(
                      openAi,
                      res,
                      cause instanceof StewardException se
                          ? se
                          : new StewardException(
                              ErrorCode.INTERNAL, "internal error", null, null, cause));
                }));
  }

  private void readyz(HttpServerResponse res) {
    if (ready && !draining) {
      send(res, 200, Buffer.buffer("{\"status\":\"ready\"}"));
    } else {
      send(
          res, 503, Buffer.buffer("{\"status\":\"" + (draining ? "draining" : "starting") + "\"}"));
    }
  }

  private void metrics(HttpServerResponse res) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    try {
      metrics.write(out);
    } catch (IOException e) {
      res.setStatusCode(500).end();
      return;
    }
    res.putHeader("Content-Type", metrics.contentType());
    res.end(Buffer.buffer(out.toByteArray()));
  }

  private void notFound(HttpServerRequest req) {
    String path = pathOf(req);
    req.response().putHeader(REQUEST_ID, RequestIds.next(clock));
    WireApi wire = path.startsWith("/v1/messages") ? anthropic : openAi;
    writeError(
        wire,
        req.response(),
        new StewardException(
            ErrorCode.NOT_FOUND, req.method().name() + " " + clip(path) + ": no such endpoint"));
  }

  /**
   * Stops taking new requests, waits up to {@code grace} for running ones (streams included) to
   * finish, then stops the servers.
   */
  void drainAndStop(Duration grace) {
    draining = true;
    long deadline = System.nanoTime() + grace.toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (inFlight.get() > 0) {
      LOG.warn("shutdown grace ran out with {} requests still running", inFlight.get());
    }
    List<HttpServer> all;
    synchronized (servers) {
      all = List.copyOf(servers);
      servers.clear();
    }
    for (HttpServer server : all) {
      try {
        server.close().await(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.debug("closing a server failed", e);
      }
    }
  }

  int inFlight() {
    return inFlight.get();
  }

  // ---------------------------------------------------------------- helpers

  private static String pathOf(HttpServerRequest req) {
    String path = req.path();
    return path == null ? "" : path;
  }

  /** The event loop's context; request handlers always run on one. */
  private static Context loopContext() {
    Context context = Vertx.currentContext();
    if (context == null) {
      throw new IllegalStateException("not on an event loop");
    }
    return context;
  }

  /** Runs {@code action} on the request's event loop: at once when already there. */
  private static void onLoop(Context context, Thread loop, Runnable action) {
    if (Thread.currentThread() == loop) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  private static Future<Void> send(HttpServerResponse res, int status, Buffer json) {
    res.setStatusCode(status);
    res.putHeader("Content-Type", JSON);
    return res.end(json);
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
