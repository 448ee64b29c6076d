package dev.steward.provider;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.config.Timeouts;
import dev.steward.core.ErrorCode;
import dev.steward.core.Futures;
import dev.steward.core.UpstreamException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The transport against a real local HTTP server whose answers each test scripts by path. */
class VertxHttpTransportTest {
  private static final Timeouts GENEROUS =
      new Timeouts(
          Duration.ofSeconds(2),
          Duration.ofSeconds(5),
          Duration.ofSeconds(5),
          Duration.ofSeconds(20));

  private static final Vertx vertx = Vertx.vertx();
  private static final HttpServer server =
      Futures.join(
          vertx
              .createHttpServer()
              .requestHandler(VertxHttpTransportTest::answer)
              .listen(0, "127.0.0.1")
              .toCompletionStage());
  private static final ConcurrentLinkedQueue<Integer> clientPorts = new ConcurrentLinkedQueue<>();
  private static volatile CompletableFuture<Void> serverSawClose = new CompletableFuture<>();

  private final VertxHttpTransport transport = VertxHttpTransport.create(vertx);
  private final Context eventLoop = vertx.getOrCreateContext();

  @AfterAll
  static void stopServer() {
    Futures.join(vertx.close().toCompletionStage());
  }

  @AfterEach
  void closeTransport() {
    transport.close();
  }

  private static void answer(HttpServerRequest request) {
    clientPorts.add(request.remoteAddress().port());
    HttpServerResponse response = request.response();
    request
        .body()
        .onSuccess(
            body -> {
              switch (String.valueOf(request.path())) {
                case "/echo" ->
                    response
                        .putHeader("content-type", "application/json")
                        .putHeader("x-method", request.method().name())
                        .putHeader(
                            "x-content-type", String.valueOf(request.getHeader("content-type")))
                        .putHeader("x-steward", String.valueOf(request.getHeader("x-steward")))
                        .end(body);
                case "/chunked" -> {
                  response.setChunked(true);
                  response.write("one,");
                  vertx.setTimer(20, t -> response.write("two,"));
                  vertx.setTimer(40, t -> response.end("three"));
                }
                case "/slow-headers" -> vertx.setTimer(3_000, t -> response.end("late"));
                case "/stall" -> response.setChunked(true).write("first");
                case "/trickle" -> {
                  response.setChunked(true);
                  vertx.setPeriodic(
                      50,
                      id -> {
                        if (response.closed()) {
                          vertx.cancelTimer(id);
                        } else {
                          response.write(".");
                        }
                      });
                }
                case "/break" -> {
                  response.setChunked(true).write("partial");
                  vertx.setTimer(20, t -> request.connection().close());
                }
                case "/steady" -> {
                  response.setChunked(true);
                  for (int i = 1; i <= 4; i++) {
                    int n = i;
                    vertx.setTimer(
                        40L * i,
                        t -> {
                          if (n < 4) {
                            response.write("c" + n + ",");
                          } else {
                            response.end("end");
                          }
                        });
                  }
                }
                case "/watched" -> {
                  CompletableFuture<Void> closed = serverSawClose;
                  response.closeHandler(v -> closed.complete(null));
                  response.setChunked(true).write("first");
                }
                case "/hold" -> {
                  // Never answers: the request keeps its connection until the client closes.
                }
                case "/status" ->
                    response.setStatusCode(429).putHeader("retry-after", "3").end("{\"slow\":1}");
                default -> response.setStatusCode(404).end();
              }
            });
  }

  private HttpTransport.Endpoint endpoint(String path, Timeouts timeouts) {
    return transport.endpoint(
        URI.create("http://127.0.0.1:" + server.actualPort() + path),
        Map.of("X-Steward", "yes"),
        timeouts);
  }

  private static Timeouts timeouts(long connectMs, long firstByteMs, long idleMs, long totalMs) {
    return new Timeouts(
        Duration.ofMillis(connectMs),
        Duration.ofMillis(firstByteMs),
        Duration.ofMillis(idleMs),
        Duration.ofMillis(totalMs));
  }

  private static final byte[] BODY = "{\"q\":1}".getBytes(UTF_8);

  /** Runs an asynchronous call on the test's event loop; every stage must complete there. */
  private <T> T onEventLoop(Supplier<CompletionStage<T>> call) {
    CompletableFuture<T> result = new CompletableFuture<>();
    eventLoop.runOnContext(
        v -> {
          Thread loop = Thread.currentThread();
          call.get()
              .whenComplete(
                  (value, error) -> {
                    if (Thread.currentThread() != loop || Vertx.currentContext() != eventLoop) {
                      result.completeExceptionally(
                          new AssertionError(
                              "completed on "
                                  + Thread.currentThread().getName()
                                  + ", not "
                                  + loop));
                    } else if (error != null) {
                      result.completeExceptionally(Futures.unwrap(error));
                    } else {
                      result.complete(value);
                    }
                  });
        });
    return Futures.join(result);
  }

  private byte[] postAndRead(HttpTransport.Endpoint endpoint) {
    return onEventLoop(() -> transport.send(endpoint, BODY).thenCompose(UpstreamResponse::body));
  }

  @Test
  void send_onEventLoop_postsJsonWithHeaders_andCompletesOnThatEventLoop() {
    UpstreamResponse response =
        onEventLoop(() -> transport.send(endpoint("/echo", GENEROUS), BODY));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("X-METHOD")).isEqualTo("POST");
    assertThat(response.header("x-content-type")).isEqualTo("application/json");
    assertThat(response.header("x-steward")).isEqualTo("yes");
    assertThat(response.header("x-missing")).isNull();
    assertThat(onEventLoop(response::body)).isEqualTo(BODY);
  }

  @Test
  void send_fromAnotherThread_completesOnAnEventLoop() {
    CompletionStage<UpstreamResponse> sent = transport.send(endpoint("/chunked", GENEROUS), BODY);
    CompletableFuture<Boolean> onVertxThread = new CompletableFuture<>();
    CompletionStage<byte[]> body =
        sent.thenCompose(
            r -> {
              onVertxThread.complete(Context.isOnEventLoopThread());
              return r.body();
            });

    assertThat(new String(Futures.join(body), UTF_8)).isEqualTo("one,two,three");
    assertThat(Futures.join(onVertxThread)).isTrue();
  }

  @Test
  void send_oneAfterAnotherOnOneEventLoop_reusesOneConnection() {
    clientPorts.clear();

    postAndRead(endpoint("/echo", GENEROUS));
    postAndRead(endpoint("/chunked", GENEROUS));
    postAndRead(endpoint("/echo", GENEROUS));

    assertThat(clientPorts).hasSize(3);
    assertThat(clientPorts).containsOnly(clientPorts.peek());
  }

  @Test
  void send_errorStatus_completesWithTheStatusAndItsBody() {
    UpstreamResponse response =
        onEventLoop(() -> transport.send(endpoint("/status", GENEROUS), BODY));

    assertThat(response.status()).isEqualTo(429);
    assertThat(RetryAfter.of(response, java.time.Instant.EPOCH)).isEqualTo(Duration.ofSeconds(3));
    assertThat(new String(onEventLoop(response::body), UTF_8)).isEqualTo("{\"slow\":1}");
  }

  @Test
  void noHeadersWithinFirstByteTimeout_failsWithTimeout() {
    HttpTransport.Endpoint slow = endpoint("/slow-headers", timeouts(1_000, 200, 5_000, 20_000));

    assertThatThrownBy(() -> onEventLoop(() -> transport.send(slow, BODY)))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_TIMEOUT);
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage()).contains("first-byte timeout 200 ms");
            });
  }

  @Test
  void bodySilentPastIdleTimeout_failsWithTimeout() {
    HttpTransport.Endpoint stall = endpoint("/stall", timeouts(1_000, 1_000, 200, 20_000));

    assertThatThrownBy(() -> postAndRead(stall))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_TIMEOUT);
              assertThat(e.getMessage()).contains("idle timeout of 200 ms");
            });
  }

  @Test
  void bodyStillFlowingAtTotalTimeout_failsWithTimeout() {
    HttpTransport.Endpoint trickle = endpoint("/trickle", timeouts(1_000, 1_000, 300, 500));

    assertThatThrownBy(() -> postAndRead(trickle))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_TIMEOUT);
              assertThat(e.getMessage()).contains("total timeout of 500 ms");
            });
  }

  @Test
  void connectionDroppedMidBody_failsRetryablyAsUnavailable() {
    assertThatThrownBy(() -> postAndRead(endpoint("/break", GENEROUS)))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_UNAVAILABLE);
              assertThat(e.retryable()).isTrue();
            });
  }

  @Test
  void nothingListening_failsAsRefused() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    HttpTransport.Endpoint nowhere =
        transport.endpoint(URI.create("http://127.0.0.1:" + port + "/"), Map.of(), GENEROUS);

    assertThatThrownBy(() -> onEventLoop(() -> transport.send(nowhere, BODY)))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_UNAVAILABLE);
              assertThat(e.getMessage()).contains("refused the connection");
            });
  }

  @Test
  void poolExhausted_waitingRequestFailsAtItsConnectTimeout() {
    try (VertxHttpTransport single = VertxHttpTransport.create(vertx, 1)) {
      HttpTransport.Endpoint hold =
          single.endpoint(
              URI.create("http://127.0.0.1:" + server.actualPort() + "/hold"),
              Map.of(),
              timeouts(200, 10_000, 10_000, 20_000));
      // The first request takes the only connection and gets no answer.
      eventLoop.runOnContext(v -> single.send(hold, BODY));

      assertThatThrownBy(() -> onEventLoop(() -> single.send(hold, BODY)))
          .isInstanceOfSatisfying(
              UpstreamException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_TIMEOUT);
                assertThat(e.getMessage()).contains("no connection within 200 ms");
              });
    }
  }

  @Test
  void stream_pausedLongerThanIdleTimeout_doesNotTimeOut_andResumes() {
    HttpTransport.Endpoint steady = endpoint("/steady", timeouts(1_000, 1_000, 150, 20_000));
    CompletableFuture<String> all = new CompletableFuture<>();

    eventLoop.runOnContext(
        v ->
            transport
                .send(steady, BODY)
                .whenComplete(
                    (response, error) -> {
                      if (error != null) {
                        all.completeExceptionally(error);
                        return;
                      }
                      ByteArrayOutputStream out = new ByteArrayOutputStream();
                      response.stream(
                          new UpstreamResponse.BodyHandler() {
                            boolean pausedOnce;
                            boolean paused;

                            @Override
                            public void onChunk(byte[] chunk) {
                              if (paused) {
                                all.completeExceptionally(
                                    new AssertionError("a chunk arrived while paused"));
                              }
                              out.writeBytes(chunk);
                              if (!pausedOnce) {
                                pausedOnce = true;
                                paused = true;
                                response.pause();
                                vertx.setTimer(
                                    500,
                                    t -> {
                                      paused = false;
                                      response.resume();
                                    });
                              }
                            }

                            @Override
                            public void onEnd() {
                              all.complete(out.toString(UTF_8));
                            }

                            @Override
                            public void onError(UpstreamException failure) {
                              all.completeExceptionally(failure);
                            }
                          });
                    }));

    assertThat(Futures.join(all)).isEqualTo("c1,c2,c3,end");
  }

  @Test
  void close_midBody_resetsTheConnection() {
    serverSawClose = new CompletableFuture<>();
    CompletableFuture<Void> watched = serverSawClose;
    UpstreamResponse response =
        onEventLoop(() -> transport.send(endpoint("/watched", GENEROUS), BODY));

    response.close();

    Futures.join(watched);
    assertThatThrownBy(() -> onEventLoop(response::body)).isInstanceOf(UpstreamException.class);
  }

  @Test
  void body_readTwice_isRefused() {
    UpstreamResponse response =
        onEventLoop(() -> transport.send(endpoint("/echo", GENEROUS), BODY));
    onEventLoop(response::body);

    assertThatThrownBy(() -> onEventLoop(response::body)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void endpoint_notHttp_isRejected() {
    assertThatThrownBy(
            () -> transport.endpoint(URI.create("ftp://example.org/x"), Map.of(), GENEROUS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("uri: ftp://example.org/x (expected:");
  }

  @Test
  void send_endpointOfAnotherTransport_isRejected() {
    try (VertxHttpTransport other = VertxHttpTransport.create(vertx)) {
      HttpTransport.Endpoint foreign =
          other.endpoint(URI.create("http://127.0.0.1:1/"), Map.of(), GENEROUS);

      assertThatThrownBy(() -> transport.send(foreign, BODY))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void create_ownVertx_sendsAndCloses() {
    try (VertxHttpTransport own = VertxHttpTransport.create()) {
      HttpTransport.Endpoint echo =
          own.endpoint(
              URI.create("http://127.0.0.1:" + server.actualPort() + "/echo"), Map.of(), GENEROUS);

      byte[] body = Futures.join(own.send(echo, BODY).thenCompose(UpstreamResponse::body));

      assertThat(body).isEqualTo(BODY);
    }
  }

  @Test
  void send_afterClose_fails() {
    HttpTransport.Endpoint echo = endpoint("/echo", GENEROUS);
    transport.close();

    assertThatThrownBy(() -> Futures.join(transport.send(echo, BODY)))
        .isInstanceOf(IllegalStateException.class);
  }
}
