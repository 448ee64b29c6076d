package dev.steward.provider;

import dev.steward.core.UpstreamException;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * A provider's answer whose headers have arrived and whose body is read once, in one of two ways:
 * whole ({@link #body()}) or pushed chunk by chunk ({@link #stream}) with back-pressure ({@link
 * #pause()}, {@link #resume()}). Reading honours the request's idle and total timeouts. Methods may
 * be called from any thread; completions and handler calls happen on the transport's context.
 */
public interface UpstreamResponse {

  int status();

  /** The first value of a header, by case-insensitive name, or null. */
  @Nullable String header(String name);

  /**
   * The whole body. Fails with an {@link UpstreamException} when the body breaks off or times out.
   *
   * @throws IllegalStateException (in the stage) when the body is already being read
   */
  CompletionStage<byte[]> body();

  /**
   * Pushes the body to {@code handler} as it arrives, starting with whatever arrived before this
   * call. The handler is called on the transport's context, one call at a time, and must not block;
   * after {@link BodyHandler#onEnd()} or {@link BodyHandler#onError} it is called no more.
   */
  void stream(BodyHandler handler);

  /** Stops the body's chunks until {@link #resume()}; the idle timeout does not run meanwhile. */
  void pause();

  void resume();

  /**
   * Abandons the body: unless it has already ended, the connection is reset (not reused) and a
   * reader still waiting fails.
   */
  void close();

  /** Receives a body pushed by {@link #stream}. */
  interface BodyHandler {
    /** The next bytes of the body; the array is the handler's to keep. */
    void onChunk(byte[] chunk);

    /** The body ended normally. */
    void onEnd();

    /** The body broke off, timed out or was closed. */
    void onError(UpstreamException failure);
  }
}
