package dev.steward.provider;

import dev.steward.core.ChatStream;
import dev.steward.core.StreamEvent;
import dev.steward.core.UpstreamException;
import java.util.ArrayDeque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A streamed answer read from a server-sent-events body, event by event as the caller pulls. Every
 * adapter's stream is one of these with its vendor's {@link Decoder}: the pulling, the end of the
 * answer, timeouts and breaks are handled once, here.
 *
 * <p>When the vendor's end-of-answer marker arrives, the rest of the body is read in the background
 * ({@link UpstreamResponse#release()}) so the connection stays reusable. A failure is remembered:
 * every later {@link #next()} throws it again.
 */
public final class SseChatStream implements ChatStream {

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
        java.util.function.Function<SseEvent, List<StreamEvent>> decode,
        java.util.function.BooleanSupplier complete,
        java.util.function.Supplier<List<StreamEvent>> endOfBody) {
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
  private final SseReader reader;
  private final Decoder decoder;
  private final ArrayDeque<StreamEvent> pending = new ArrayDeque<>();
  private boolean bodyEnded;
  private boolean closed;
  private @Nullable UpstreamException failure;

  public SseChatStream(UpstreamResponse response, Decoder decoder) {
    this.response = response;
    this.reader = new SseReader(response.body());
    this.decoder = decoder;
  }

  @Override
  public @Nullable StreamEvent next() {
    if (failure != null) {
      throw failure;
    }
    try {
      while (pending.isEmpty()) {
        if (closed) {
          return null;
        }
        if (decoder.complete()) {
          closed = true;
          response.release();
          return null;
        }
        if (bodyEnded) {
          close();
          return null;
        }
        SseEvent event = reader.next();
        if (event == null) {
          bodyEnded = true;
          pending.addAll(decoder.endOfBody());
        } else {
          pending.addAll(decoder.decode(event));
        }
      }
      return pending.poll();
    } catch (UpstreamException e) {
      UpstreamException reported =
          response.timedOut() && e.code() != dev.steward.core.ErrorCode.UPSTREAM_TIMEOUT
              ? UpstreamException.io("upstream stream fell silent past its timeout", true, e)
              : e;
      failure = reported;
      close();
      throw reported;
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      response.close();
    }
  }
}
