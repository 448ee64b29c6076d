package dev.steward.core;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The one shape every provider adapter has, in two styles over one behaviour.
 *
 * <ul>
 *   <li>The asynchronous methods carry the gateway's request path: they never block the calling
 *       thread (an event loop), and their stages complete on the transport's thread. An adapter
 *       with a non-blocking transport overrides them; the defaults run the blocking methods on
 *       virtual threads ({@link Futures#blocking()}).
 *   <li>The blocking methods serve callers with their own thread (the command line, evaluations).
 * </ul>
 *
 * <p>Every call honours the adapter's configured timeouts and fails with {@link UpstreamException}
 * (as a stage's exceptional completion in the asynchronous style).
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

  /** {@link #chat} without blocking. */
  default CompletionStage<ChatResponse> chatAsync(ProviderCall call) {
    return Futures.offload(() -> chat(call));
  }

  /**
   * {@link #stream} without blocking: completes once the upstream has accepted the request (the
   * HTTP status is known).
   */
  default CompletionStage<AsyncChatStream> streamAsync(ProviderCall call) {
    return Futures.offload(() -> AsyncChatStream.of(stream(call), Futures.blocking()));
  }

  /** {@link #embed} without blocking. */
  default CompletionStage<EmbeddingResponse> embedAsync(
      String requestId, EmbeddingRequest request) {
    return Futures.offload(() -> embed(requestId, request));
  }

  /**
   * {@link #embedAsync(String, EmbeddingRequest)} with extra headers on the upstream request, as
   * {@link ProviderCall#headers()} for chat: headers Steward makes for this one call, never a
   * caller's. An HTTP adapter sends them; the default ignores them.
   */
  default CompletionStage<EmbeddingResponse> embedAsync(
      String requestId, EmbeddingRequest request, Map<String, String> headers) {
    return embedAsync(requestId, request);
  }

  @Override
  default void close() {}
}
