package dev.steward.provider;

import dev.steward.config.Timeouts;
import dev.steward.core.UpstreamException;
import dev.steward.provider.VertxHttpTransport.VertxEndpoint;
import io.netty.buffer.Unpooled;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.internal.buffer.BufferInternal;
import java.net.ConnectException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * One request and its response on the Vert.x client. All state is confined to the exchange's
 * context: Vert.x calls back on it, and the {@link UpstreamResponse} methods hop onto it when
 * called from another thread.
 *
 * <p>Timeouts use one timer at a time. It is armed for the nearest deadline of the current phase
 * (first byte, or idle and total), and when it fires it either fails the exchange or re-arms for
 * the deadline that has moved on meanwhile, so a body chunk only records the time it arrived.
 */
final class VertxExchange implements UpstreamResponse, Handler<Buffer> {
  private static final byte[] EMPTY = new byte[0];
  private static final Handler<Throwable> IGNORE = t -> {};

  /** A body's declared length sizes its buffer up to this; larger bodies grow as they arrive. */
  private static final int MAX_PRESIZE = 1 << 20;

  private enum Phase {
    CONNECTING,
    WAITING,
    BODY,
    ENDED,
    FAILED
  }

  private final Vertx vertx;
  private final Context context;
  private final VertxEndpoint endpoint;
  private final Map<String, String> extraHeaders;
  private final byte[] requestBody;
  private final long start = System.nanoTime();
  private final long firstByteNanos;
  private final long idleNanos;
  private final long totalDeadline;
  private final CompletableFuture<UpstreamResponse> head = new CompletableFuture<>();
  private final Handler<Long> onTimer = this::onTimer;

  private Phase phase = Phase.CONNECTING;
  private @Nullable HttpClientRequest request;
  private @Nullable HttpClientResponse response;
  private long sentAt;
  private long lastData;
  private boolean paused;
  private long timer = -1;
  private long timerDue;

  private byte @Nullable [] bytes;
  private int size;
  private int expectedSize;
  private @Nullable CompletableFuture<byte[]> whole;
  private @Nullable BodyHandler handler;
  private @Nullable UpstreamException failure;

  VertxExchange(
      Vertx vertx,
      Context context,
      VertxEndpoint endpoint,
      Map<String, String> extraHeaders,
      byte[] requestBody) {
    this.vertx = vertx;
    this.context = context;
    this.endpoint = endpoint;
    this.extraHeaders = extraHeaders;
    this.requestBody = requestBody;
    Timeouts t = endpoint.timeouts();
    this.firstByteNanos = t.firstByte().toNanos();
    this.idleNanos = t.idle().toNanos();
    this.totalDeadline = start + t.total().toNanos();
  }

  CompletableFuture<UpstreamResponse> head() {
    return head;
  }

  /** Runs on the context. */
  void start(HttpClientAgent client) {
    try {
      client.request(endpoint.options()).onComplete(this::onRequest);
    } catch (RuntimeException e) {
      // A client closed meanwhile refuses at once.
      fail(connectFailure(e));
    }
  }

  private void onRequest(@Nullable HttpClientRequest r, @Nullable Throwable error) {
    if (r == null) {
      fail(connectFailure(error));
      return;
    }
    if (phase != Phase.CONNECTING) {
      r.reset();
      return;
    }
    request = r;
    phase = Phase.WAITING;
    sentAt = System.nanoTime();
    arm(Math.min(sentAt + firstByteNanos, totalDeadline));
    r.exceptionHandler(IGNORE);
    if (!extraHeaders.isEmpty()) {
      // Per-call headers are added to the endpoint's, never replacing one (Authorization stays).
      extraHeaders.forEach(
          (name, value) -> {
            if (!r.headers().contains(name)) {
              r.putHeader(name, value);
            }
          });
    }
    // Wraps the body without copying it (Buffer.buffer(byte[]) would copy).
    r.send(BufferInternal.buffer(Unpooled.wrappedBuffer(requestBody))).onComplete(this::onResponse);
  }

  private void onResponse(@Nullable HttpClientResponse r, @Nullable Throwable error) {
    if (phase != Phase.WAITING) {
      return;
    }
    if (r == null) {
      fail(
          UpstreamException.io(
              "upstream " + endpoint.host() + " connection failed: " + describe(error),
              false,
              cause(error)));
      return;
    }
    response = r;
    phase = Phase.BODY;
    lastData = System.nanoTime();
    String length = r.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      try {
        expectedSize = Math.clamp(Long.parseLong(length.strip()), 0, MAX_PRESIZE);
      } catch (NumberFormatException e) {
        expectedSize = 0;
      }
    }
    r.handler(this);
    r.endHandler(v -> onEnd());
    r.exceptionHandler(this::onError);
    arm(Math.min(lastData + idleNanos, totalDeadline));
    head.complete(this);
  }

  /** A body chunk. */
  @Override
  public void handle(Buffer chunk) {
    if (phase != Phase.BODY) {
      return;
    }
    lastData = System.nanoTime();
    BodyHandler h = handler;
    if (h != null) {
      h.onChunk(chunk.getBytes());
      return;
    }
    int n = chunk.length();
    byte[] b = bytes;
    if (b == null) {
      b = new byte[Math.max(n, expectedSize)];
    } else if (size + n > b.length) {
      b = Arrays.copyOf(b, Math.max(size + n, 2 * b.length));
    }
    chunk.getBytes(0, n, b, size);
    bytes = b;
    size += n;
  }

  private void onEnd() {
    if (phase != Phase.BODY) {
      return;
    }
    phase = Phase.ENDED;
    cancelTimer();
    BodyHandler h = handler;
    CompletableFuture<byte[]> w = whole;
    if (h != null) {
      h.onEnd();
    } else if (w != null) {
      w.complete(received());
    }
  }

  private void onError(Throwable error) {
    if (phase != Phase.BODY) {
      return;
    }
    fail(
        UpstreamException.io(
            "upstream " + endpoint.host() + " broke off the answer: " + describe(error),
            false,
            cause(error)));
  }

  private byte[] received() {
    byte[] b = bytes;
    if (b == null) {
      return EMPTY;
    }
    bytes = null;
    int n = size;
    size = 0;
    return n == b.length ? b : Arrays.copyOf(b, n);
  }

  private void fail(UpstreamException e) {
    if (phase == Phase.ENDED || phase == Phase.FAILED) {
      return;
    }
    phase = Phase.FAILED;
    failure = e;
    cancelTimer();
    HttpClientRequest r = request;
    if (r != null) {
      r.reset(0, e);
    }
    BodyHandler h = handler;
    CompletableFuture<byte[]> w = whole;
    if (!head.isDone()) {
      head.completeExceptionally(e);
    } else if (h != null) {
      h.onError(e);
    } else if (w != null) {
      w.completeExceptionally(e);
    }
  }

  // ------------------------------------------------------------------ timeouts

  private void arm(long due) {
    if (timer != -1) {
      if (timerDue <= due) {
        return;
      }
      vertx.cancelTimer(timer);
    }
    timerDue = due;
    long millis = Math.max(1, (due - System.nanoTime() + 999_999) / 1_000_000);
    timer = vertx.setTimer(millis, onTimer);
  }

  private void cancelTimer() {
    if (timer != -1) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  private void onTimer(long id) {
    if (id != timer) {
      return;
    }
    timer = -1;
    long now = System.nanoTime();
    Timeouts t = endpoint.timeouts();
    String host = endpoint.host();
    switch (phase) {
      case WAITING -> {
        if (now - totalDeadline >= 0) {
          timeout(
              "upstream "
                  + host
                  + " sent no response within the total timeout of "
                  + t.total().toMillis()
                  + " ms");
        } else if (now - sentAt >= firstByteNanos) {
          timeout(
              "upstream "
                  + host
                  + " sent no response in time (first-byte timeout "
                  + t.firstByte().toMillis()
                  + " ms)");
        } else {
          arm(Math.min(sentAt + firstByteNanos, totalDeadline));
        }
      }
      case BODY -> {
        if (now - totalDeadline >= 0) {
          timeout(
              "upstream "
                  + host
                  + " did not finish within the total timeout of "
                  + t.total().toMillis()
                  + " ms");
        } else if (!paused && now - lastData >= idleNanos) {
          timeout(
              "upstream "
                  + host
                  + " fell silent past the idle timeout of "
                  + t.idle().toMillis()
                  + " ms");
        } else {
          arm(paused ? totalDeadline : Math.min(lastData + idleNanos, totalDeadline));
        }
      }
      case CONNECTING, ENDED, FAILED -> {
        // Nothing to time: connecting is bounded by the connect timeout of the request options.
      }
    }
  }

  private void timeout(String message) {
    fail(UpstreamException.io(message, true, new TimeoutException(message)));
  }

  // ------------------------------------------------------------------ failures before the answer

  private UpstreamException connectFailure(@Nullable Throwable error) {
    String host = endpoint.host();
    if (error instanceof TimeoutException
        || error instanceof io.netty.channel.ConnectTimeoutException) {
      return UpstreamException.io(
          "upstream "
              + host
              + ": no connection within "
              + endpoint.timeouts().connect().toMillis()
              + " ms (connect timeout)",
          true,
          error);
    }
    if (error instanceof ConnectException) {
      return UpstreamException.io("upstream " + host + " refused the connection", false, error);
    }
    return UpstreamException.io(
        "upstream " + host + " connection failed: " + describe(error), false, cause(error));
  }

  private static String describe(@Nullable Throwable error) {
    if (error == null) {
      return "no cause";
    }
    String message = error.getMessage();
    return message == null || message.isBlank()
        ? error.getClass().getSimpleName()
        : error.getClass().getSimpleName() + ": " + message;
  }

  private static Throwable cause(@Nullable Throwable error) {
    return error != null ? error : new IllegalStateException("no cause");
  }

  // ------------------------------------------------------------------ UpstreamResponse

  @Override
  public int status() {
    HttpClientResponse r = response;
    if (r == null) {
      throw new IllegalStateException("status: no response yet");
    }
    return r.statusCode();
  }

  @Override
  public @Nullable String header(String name) {
    HttpClientResponse r = response;
    return r == null ? null : r.getHeader(name);
  }

  @Override
  public CompletableFuture<byte[]> body() {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    onContext(
        () -> {
          if (whole != null || handler != null) {
            result.completeExceptionally(
                new IllegalStateException("body: already being read (expected: read once)"));
            return;
          }
          whole = result;
          UpstreamException f = failure;
          if (phase == Phase.ENDED) {
            result.complete(received());
          } else if (f != null) {
            result.completeExceptionally(f);
          }
        });
    return result;
  }

  @Override
  public void stream(BodyHandler bodyHandler) {
    onContext(
        () -> {
          if (whole != null || handler != null) {
            throw new IllegalStateException(
                "stream: body already being read (expected: read once)");
          }
          handler = bodyHandler;
          if (size > 0) {
            bodyHandler.onChunk(received());
          }
          UpstreamException f = failure;
          if (phase == Phase.ENDED) {
            bodyHandler.onEnd();
          } else if (f != null) {
            bodyHandler.onError(f);
          }
        });
  }

  @Override
  public void pause() {
    onContext(
        () -> {
          HttpClientResponse r = response;
          if (phase == Phase.BODY && !paused && r != null) {
            paused = true;
            r.pause();
          }
        });
  }

  @Override
  public void resume() {
    onContext(
        () -> {
          HttpClientResponse r = response;
          if (paused && r != null) {
            paused = false;
            lastData = System.nanoTime();
            if (phase == Phase.BODY) {
              arm(Math.min(lastData + idleNanos, totalDeadline));
              r.resume();
            }
          }
        });
  }

  @Override
  public void close() {
    onContext(
        () -> {
          if (phase == Phase.BODY) {
            String message = "upstream " + endpoint.host() + ": answer abandoned by its reader";
            fail(UpstreamException.io(message, false, new CancellationException(message)));
          }
        });
  }

  private void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }
}
