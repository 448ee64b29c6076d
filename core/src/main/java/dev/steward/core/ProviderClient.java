package dev.steward.core;

/**
 * The one shape every provider adapter has. Calls block (Steward runs each request on a virtual
 * thread); every call honours the adapter's configured timeouts and fails with {@link
 * UpstreamException}.
 */
public interface ProviderClient extends AutoCloseable {

  /** A complete answer. */
  ChatResponse chat(ProviderCall call);

  /**
   * A streamed answer. Returns once the upstream has accepted the request (the HTTP status is
   * known), so a failure before the first byte can still fall back to another route.
   */
  ChatStream stream(ProviderCall call);

  /** Vectors for texts. */
  EmbeddingResponse embed(String requestId, EmbeddingRequest request);

  @Override
  default void close() {}
}
