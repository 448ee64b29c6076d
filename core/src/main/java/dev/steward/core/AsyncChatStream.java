package dev.steward.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * A streamed answer, pulled one event at a time without blocking: {@link #next()} returns a stage
 * that completes when the next event is there. Asking for the next event only after the previous
 * one was written is the back-pressure: a transport stops reading from the upstream while events it
 * already decoded wait to be asked for.
 *
 * <p>At most one {@link #next()} may be outstanding. Stages complete on the transport's thread (an
 * event loop for the Vert.x transport): continuations must not block.
 */
public interface AsyncChatStream extends AutoCloseable {

  /**
   * The next event.
   *
   * @return a stage completing with the event, with {@code null} once the stream has ended
   *     normally, or exceptionally with an {@link UpstreamException} when the provider fails,
   *     breaks off or falls silent too long
   */
  CompletionStage<@Nullable StreamEvent> next();

  /** Releases the upstream connection; an outstanding {@link #next()} fails or ends. */
  @Override
  void close();

  /** Pulls a blocking stream on {@code executor} (virtual threads), one event per call. */
  static AsyncChatStream of(ChatStream blocking, Executor executor) {
    return new AsyncChatStream() {
      @Override
      public CompletionStage<@Nullable StreamEvent> next() {
        return CompletableFuture.<@Nullable StreamEvent>supplyAsync(blocking::next, executor);
      }

      @Override
      public void close() {
        blocking.close();
      }
    };
  }

  /**
   * Waits for each event of an asynchronous stream: for callers that run on their own (virtual)
   * thread, such as the command line. Never call it on an event loop.
   */
  static ChatStream blocking(AsyncChatStream stream) {
    return new ChatStream() {
      @Override
      public @Nullable StreamEvent next() {
        return Futures.<@Nullable StreamEvent>join(stream.next());
      }

      @Override
      public void close() {
        stream.close();
      }
    };
  }
}
