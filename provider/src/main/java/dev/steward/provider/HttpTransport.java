package dev.steward.provider;

/** Sends requests to providers. One transport may be shared by every adapter. */
public interface HttpTransport extends AutoCloseable {

  /**
   * Sends the request and waits for the response headers (within the connect and first-byte
   * timeouts).
   *
   * @throws dev.steward.core.UpstreamException when no response arrives in time or at all
   */
  UpstreamResponse send(UpstreamRequest request);

  @Override
  void close();
}
