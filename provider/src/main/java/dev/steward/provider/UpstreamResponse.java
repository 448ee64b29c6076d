package dev.steward.provider;

import java.io.InputStream;
import java.util.Optional;

/**
 * A provider's answer, headers received and body not yet read. Reading the body honours the
 * request's idle and total timeouts; a read that times out fails with an {@code IOException} whose
 * cause the transport reports as {@link dev.steward.core.ErrorCode#UPSTREAM_TIMEOUT}.
 */
public interface UpstreamResponse extends AutoCloseable {

  int status();

  /** The first value of a header, by case-insensitive name. */
  Optional<String> header(String name);

  /** The body, read as it arrives. */
  InputStream body();

  /** Reads the whole body (honouring the timeouts). */
  byte[] readAllBytes();

  /** True when a read failed because the idle or total timeout ran out. */
  boolean timedOut();

  /** Releases the connection, abandoning any unread body. */
  @Override
  void close();

  /**
   * Ends a response whose answer is complete: the rest of the body (typically just the end of a
   * chunked stream) is read, within the idle timeout, so the connection returns to the pool for
   * reuse.
   */
  void release();
}
