package dev.steward.provider;

import dev.steward.core.AsyncChatStream;
import dev.steward.core.ChatResponse;
import dev.steward.core.ChatStream;
import dev.steward.core.EmbeddingRequest;
import dev.steward.core.EmbeddingResponse;
import dev.steward.core.ProviderCall;
import dev.steward.core.ProviderClient;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * An adapter over the non-blocking {@link HttpTransport}: it implements the asynchronous methods,
 * and the blocking ones wait on them ({@link Upstream#await}), so every call takes one code path.
 */
public interface HttpProviderClient extends ProviderClient {

  @Override
  CompletionStage<ChatResponse> chatAsync(ProviderCall call);

  @Override
  CompletionStage<AsyncChatStream> streamAsync(ProviderCall call);

  @Override
  CompletionStage<EmbeddingResponse> embedAsync(
      String requestId, EmbeddingRequest request, Map<String, String> headers);

  @Override
  default CompletionStage<EmbeddingResponse> embedAsync(
      String requestId, EmbeddingRequest request) {
    return embedAsync(requestId, request, Map.of());
  }

  @Override
  default ChatResponse chat(ProviderCall call) {
    return Upstream.await(chatAsync(call));
  }

  @Override
  default ChatStream stream(ProviderCall call) {
    return AsyncChatStream.blocking(Upstream.await(streamAsync(call)));
  }

  @Override
  default EmbeddingResponse embed(String requestId, EmbeddingRequest request) {
    return Upstream.await(embedAsync(requestId, request));
  }
}
