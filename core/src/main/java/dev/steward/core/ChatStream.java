package dev.steward.core;

import org.jspecify.annotations.Nullable;

/**
 * A streamed answer, pulled one event at a time on the caller's (virtual) thread. Closing it before
 * the end releases the upstream connection.
 */
public interface ChatStream extends AutoCloseable {

  /**
   * Blocks until the next event arrives.
   *
   * @return the event, or {@code null} once the stream has ended normally
   * @throws UpstreamException when the provider fails, breaks off or falls silent too long
   */
  @Nullable StreamEvent next();

  @Override
  void close();
}
