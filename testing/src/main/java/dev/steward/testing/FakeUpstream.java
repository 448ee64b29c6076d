package dev.steward.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A real HTTP server on loopback that answers with scripted responses, in order, and records every
 * request it receives. Responses can arrive in chunks with pauses, stall, or break off, so
 * adapters' streaming, timeouts and error mapping are tested over a real socket.
 */
public final class FakeUpstream implements AutoCloseable {

  /**
   * A request as the upstream received it.
   *
   * @param clientPort the port the request came from: the same for requests on one connection
   */
  public record RecordedRequest(
      String method, String path, Map<String, String> headers, String body, int clientPort) {
    /** A header by case-insensitive name, or null. */
    public @Nullable String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** One scripted answer. */
  public static final class Scripted {
    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<byte[]> chunks = new ArrayList<>();
    private Duration pause = Duration.ZERO;
    private Duration headersDelay = Duration.ZERO;
    private Duration stallAfterFirst = Duration.ZERO;
    private int breakAfterChunks = -1;

    private Scripted(int status) {
      this.status = status;
    }

    public static Scripted status(int status) {
      return new Scripted(status);
    }

    /** A JSON answer. */
    public static Scripted json(int status, String body) {
      return new Scripted(status).header("content-type", "application/json").body(body);
    }

    /** A server-sent-events answer, sent one event (blank-line separated block) per chunk. */
    public static Scripted sse(String events) {
      Scripted s = new Scripted(200).header("content-type", "text/event-stream");
      String normalized = events.replace("\r\n", "\n");
      int start = 0;
      while (start < normalized.length()) {
        int end = normalized.indexOf("\n\n", start);
        end = end < 0 ? normalized.length() : end + 2;
        s.chunks.add(normalized.substring(start, end).getBytes(StandardCharsets.UTF_8));
        start = end;
      }
      return s;
    }

    public Scripted header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    public Scripted body(String body) {
      chunks.clear();
      chunks.add(body.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    /** Waits this long before sending the status and headers. */
    public Scripted delayHeaders(Duration delay) {
      this.headersDelay = delay;
      return this;
    }

    /** Waits this long before each chunk after the first. */
    public Scripted pauseBetweenChunks(Duration pause) {
      this.pause = pause;
      return this;
    }

    /** Sends the first chunk, then falls silent this long before the rest. */
    public Scripted stallAfterFirstChunk(Duration stall) {
      this.stallAfterFirst = stall;
      return this;
    }

    /** Sends this many chunks, then drops the connection without finishing the body. */
    public Scripted breakAfterChunks(int n) {
      this.breakAfterChunks = n;
      return this;
    }

    public int chunkCount() {
      return chunks.size();
    }
  }

  private final HttpServer server;
  private final BlockingQueue<Scripted> script = new LinkedBlockingQueue<>();
  private final ConcurrentLinkedQueue<RecordedRequest> requests = new ConcurrentLinkedQueue<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile @Nullable Scripted fallback;

  private FakeUpstream(HttpServer server) {
    this.server = server;
  }

  /** Starts a server on 127.0.0.1 and a free port. */
  public static FakeUpstream start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      FakeUpstream upstream = new FakeUpstream(server);
      server.createContext("/", upstream::handle);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.start();
      return upstream;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Queues answers, used one per request in order. */
  public FakeUpstream enqueue(Scripted... answers) {
    script.addAll(List.of(answers));
    return this;
  }

  /** The answer given whenever the queue is empty. */
  public FakeUpstream always(Scripted answer) {
    this.fallback = answer;
    return this;
  }

  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  public RecordedRequest lastRequest() {
    List<RecordedRequest> all = requests();
    if (all.isEmpty()) {
      throw new AssertionError("the fake upstream received no request");
    }
    return all.get(all.size() - 1);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> headers = new LinkedHashMap<>();
      exchange
          .getRequestHeaders()
          .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String path = exchange.getRequestURI().getRawPath();
      String query = exchange.getRequestURI().getRawQuery();
      requests.add(
          new RecordedRequest(
              exchange.getRequestMethod(),
              query == null ? path : path + "?" + query,
              headers,
              body,
              exchange.getRemoteAddress().getPort()));
      Scripted answer = script.poll();
      if (answer == null) {
        answer = fallback;
      }
      if (answer == null) {
        byte[] msg =
            "{\"error\":{\"message\":\"fake upstream: nothing scripted\"}}"
                .getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(500, msg.length);
        exchange.getResponseBody().write(msg);
        return;
      }
      respond(exchange, answer);
    }
  }

  private void respond(HttpExchange exchange, Scripted answer) throws IOException {
    answer.headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    long total = 0;
    for (byte[] c : answer.chunks) {
      total += c.length;
    }
    boolean breaks = answer.breakAfterChunks >= 0;
    boolean single = answer.chunks.size() <= 1 && !breaks;
    if (!answer.headersDelay.isZero()) {
      waitOrClose(answer.headersDelay);
    }
    // A broken answer declares more bytes than it sends, so the client sees a truncated body.
    exchange.sendResponseHeaders(
        answer.status, breaks ? total + 1024 : single ? (total == 0 ? -1 : total) : 0);
    OutputStream out = exchange.getResponseBody();
    int sent = 0;
    for (byte[] chunk : answer.chunks) {
      if (breaks && sent == answer.breakAfterChunks) {
        break;
      }
      if (sent == 1 && !answer.stallAfterFirst.isZero()) {
        waitOrClose(answer.stallAfterFirst);
      } else if (sent > 0 && !answer.pause.isZero()) {
        waitOrClose(answer.pause);
      }
      out.write(chunk);
      out.flush();
      sent++;
    }
    if (breaks) {
      // Closing the exchange with bytes owed makes the server drop the connection.
      throw new IOException("fake upstream: breaking the connection on purpose");
    }
  }

  private void waitOrClose(Duration d) {
    try {
      closing.await(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
  }
}
