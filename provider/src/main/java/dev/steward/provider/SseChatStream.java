package dev.steward.provider;

import dev.steward.core.AsyncChatStream;
import dev.steward.core.ErrorCode;
import dev.steward.core.StreamEvent;
import dev.steward.core.UpstreamException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A streamed answer decoded from a server-sent-events body as the transport pushes it. Every
 * adapter's stream is one of these with its vendor's {@link Decoder}: parsing, the end of the
 * answer, back-pressure, timeouts and breaks are handled once, here.
 *
 * <p>Back-pressure: once more than {@value #HIGH_WATER} decoded events wait to be asked for, the
 * upstream body is paused; it resumes when the reader has taken all but {@value #LOW_WATER}, or
 * asks while none waits. When the vendor's end-of-answer marker arrives, the rest of the body is
 * drained and ignored so the connection returns to the pool. A failure is delivered after the
 * events decoded before it, then remembered: every later {@link #next()} fails with it again.
 *
 * <p>Body callbacks run on the transport's context; {@link #next()} and {@link #close()} may be
 * called from any thread.
 */
public final class SseChatStream implements AsyncChatStream {
  static final int HIGH_WATER = 8;
  static final int LOW_WATER = 2;

  /** One vendor's event format. */
  public interface Decoder {
    /** The canonical events for one server-sent event (possibly none). */
    List<StreamEvent> decode(SseEvent event);

    /** True once the vendor's end-of-answer marker has been decoded. */
    boolean complete();

    /**
     * Called when the body ends before {@link #complete()}: the events still held back, or an
     * {@link UpstreamException} when the answer was cut short.
     */
    List<StreamEvent> endOfBody();

    /** A decoder from its three parts. */
    static Decoder of(
        Function<SseEvent, List<StreamEvent>> decode,
        BooleanSupplier complete,
        Supplier<List<StreamEvent>> endOfBody) {
      return new Decoder() {
        @Override
        public List<StreamEvent> decode(SseEvent event) {
          return decode.apply(event);
        }

        @Override
        public boolean complete() {
          return complete.getAsBoolean();
        }

        @Override
        public List<StreamEvent> endOfBody() {
          return endOfBody.get();
        }
      };
    }
  }

  private final UpstreamResponse response;
  private final Decoder decoder;

  // Confined to the transport's context.
  private final SseParser parser = new SseParser(this::decode);
  private final List<StreamEvent> decoded = new ArrayList<>();
  private boolean answered;

  // Guarded by this.
  private final ArrayDeque<StreamEvent> queue = new ArrayDeque<>();
  private @Nullable CompletableFuture<@Nullable StreamEvent> waiting;
  private boolean paused;
  private boolean ended;
  private boolean released;
  private boolean closed;
  private @Nullable RuntimeException failure;

  private SseChatStream(UpstreamResponse response, Decoder decoder) {
    this.response = response;
    this.decoder = decoder;
  }

  /** Starts reading an accepted (2xx) response's body as server-sent events. */
  public static SseChatStream start(UpstreamResponse response, Decoder decoder) {
    SseChatStream stream = new SseChatStream(response, decoder);
    response.stream(stream.new Body());
    return stream;
  }

  @Override
  public CompletionStage<@Nullable StreamEvent> next() {
    CompletableFuture<@Nullable StreamEvent> result;
    boolean resume = false;
    synchronized (this) {
      if (waiting != null) {
        throw new IllegalStateException(
            "next(): called while the previous next() is outstanding (expected: one at a time)");
      }
      StreamEvent event = queue.poll();
      if (event != null) {
        result = CompletableFuture.completedFuture(event);
        if (paused && queue.size() <= LOW_WATER) {
          paused = false;
          resume = true;
        }
      } else if (failure != null) {
        result = CompletableFuture.failedFuture(failure);
      } else if (ended || closed) {
        result = CompletableFuture.completedFuture(null);
      } else {
        result = new CompletableFuture<>();
        waiting = result;
        if (paused) {
          paused = false;
          resume = true;
        }
      }
    }
    if (resume) {
      response.resume();
    }
    return result;
  }

  /**
   * Ends the stream for its reader. Before the answer is complete the upstream connection is reset;
   * after, the rest of the body keeps draining so the connection can be reused. An outstanding
   * {@link #next()} fails with a {@link CancellationException}; later ones end.
   */
  @Override
  public void close() {
    CompletableFuture<@Nullable StreamEvent> abandoned;
    boolean reset;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      reset = !released && failure == null;
      abandoned = waiting;
      waiting = null;
      queue.clear();
    }
    if (reset) {
      response.close();
    }
    if (abandoned != null) {
      abandoned.completeExceptionally(new CancellationException("stream closed by its reader"));
    }
  }

  private void decode(SseEvent event) {
    if (answered) {
      return;
    }
    decoded.addAll(decoder.decode(event));
    answered = decoder.complete();
  }

  private void publish(@Nullable RuntimeException error, boolean end) {
    CompletableFuture<@Nullable StreamEvent> ready = null;
    StreamEvent first = null;
    RuntimeException failed = null;
    boolean pause = false;
    boolean resume = false;
    boolean reset = false;
    synchronized (this) {
      if (closed) {
        decoded.clear();
        return;
      }
      queue.addAll(decoded);
      if (error != null && failure == null && !released) {
        failure = error;
        reset = true;
      }
      if (end || answered) {
        ended = true;
        released |= error == null;
      }
      if (waiting != null) {
        if (!queue.isEmpty()) {
          first = queue.poll();
          ready = waiting;
        } else if (failure != null) {
          failed = failure;
          ready = waiting;
        } else if (ended) {
          ready = waiting;
        }
        if (ready != null) {
          waiting = null;
        }
      }
      if (!paused && !ended && failure == null && queue.size() > HIGH_WATER) {
        paused = true;
        pause = true;
      } else if (paused && released) {
        // The answer is complete: drain the rest of the body.
        paused = false;
        resume = true;
      }
    }
    decoded.clear();
    if (pause) {
      response.pause();
    }
    if (resume) {
      response.resume();
    }
    if (reset) {
      response.close();
    }
    if (ready != null) {
      if (failed != null) {
        ready.completeExceptionally(failed);
      } else {
        ready.complete(first);
      }
    }
  }

  /** The stream's failure when the transport reports one, in the terms readers know. */
  private static UpstreamException reported(UpstreamException e) {
    return e.code() == ErrorCode.UPSTREAM_TIMEOUT
        ? UpstreamException.io("upstream stream fell silent past its timeout", true, e)
        : UpstreamException.io("upstream stream broke off: " + e.getMessage(), false, e);
  }

  private final class Body implements UpstreamResponse.BodyHandler {
    @Override
    public void onChunk(byte[] chunk) {
      if (answered) {
        return;
      }
      RuntimeException error = null;
      try {
        parser.feed(chunk);
      } catch (RuntimeException e) {
        answered = true;
        error = e;
      }
      publish(error, false);
    }

    @Override
    public void onEnd() {
      if (answered) {
        return;
      }
      RuntimeException error = null;
      parser.end();
      try {
        decoded.addAll(decoder.endOfBody());
      } catch (RuntimeException e) {
        error = e;
      }
      answered = true;
      publish(error, true);
    }

    @Override
    public void onError(UpstreamException e) {
      if (answered) {
        return;
      }
      answered = true;
      publish(reported(e), true);
    }
  }
}
