package dev.steward.openai;

import dev.steward.config.ProviderConfig;
import dev.steward.core.AsyncChatStream;
import dev.steward.core.ChatResponse;
import dev.steward.core.EmbeddingRequest;
import dev.steward.core.EmbeddingResponse;
import dev.steward.core.Futures;
import dev.steward.core.ProviderCall;
import dev.steward.core.UpstreamException;
import dev.steward.provider.HttpProviderClient;
import dev.steward.provider.HttpTransport;
import dev.steward.provider.SseChatStream;
import dev.steward.provider.Upstream;
import java.net.URI;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The provider adapter for OpenAI ({@code protocol: openai}) and OpenAI-compatible servers such as
 * vLLM, llama.cpp server and Ollama ({@code protocol: openai-compatible}). It posts to {@code
 * {base-uri}/chat/completions} and {@code {base-uri}/embeddings}, where the base URI includes the
 * version ({@code https://api.openai.com/v1}), with {@code Authorization: Bearer} when a key is set
 * and the provider's configured headers, plus a call's own ({@link ProviderCall#headers()}, such as
 * a {@code traceparent}). The gateway's request id is not sent: OpenAI accepts no such header.
 *
 * <p>The asynchronous methods are the one code path; the blocking ones wait for them.
 */
public final class OpenAiClient implements HttpProviderClient {
  /** Vendor messages are quoted in errors, cut to this length. */
  private static final int MAX_VENDOR_MESSAGE = 500;

  private final Dialect dialect;
  private final OpenAiCodec codec;
  private final Upstream upstream;
  private final HttpTransport.Endpoint chat;
  private final HttpTransport.Endpoint chatStream;
  private final HttpTransport.Endpoint embeddings;

  private OpenAiClient(
      ProviderConfig config,
      @Nullable String apiKey,
      HttpTransport transport,
      OpenAiCodec codec,
      InstantSource clock) {
    String name = config.name();
    this.dialect = Dialect.of(config.protocol());
    URI base = config.baseUri();
    if (base == null) {
      throw new IllegalArgumentException(
          "providers." + name + ".base-uri: missing (expected: e.g. https://api.openai.com/v1)");
    }
    String b = base.toString();
    while (b.endsWith("/")) {
      b = b.substring(0, b.length() - 1);
    }
    URI chatUri = URI.create(b + "/chat/completions");
    URI embeddingsUri = URI.create(b + "/embeddings");
    Map<String, String> headers = new LinkedHashMap<>(config.headers());
    if (apiKey != null && !apiKey.isBlank()) {
      headers.put("Authorization", "Bearer " + apiKey);
    }
    Map<String, String> json = new LinkedHashMap<>(headers);
    json.put("Accept", "application/json");
    Map<String, String> sse = new LinkedHashMap<>(headers);
    sse.put("Accept", "text/event-stream");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.upstream =
        Upstream.of(
            transport,
            clock,
            "upstream " + name,
            (status, errorBody, retryAfter) -> {
              VendorError error = OpenAiCodec.parseError(errorBody);
              String message = "upstream " + name + " answered HTTP " + status;
              if (error.message() != null) {
                message += ": " + cut(error.message());
              }
              return UpstreamException.fromStatus(status, error.vendorType(), message, retryAfter);
            });
    this.chat = upstream.endpoint(chatUri, json, config.timeouts());
    this.chatStream = upstream.endpoint(chatUri, sse, config.timeouts());
    this.embeddings = upstream.endpoint(embeddingsUri, json, config.timeouts());
  }

  /**
   * An adapter for a provider whose protocol is {@code openai} or {@code openai-compatible}.
   *
   * @param apiKey the resolved key, or {@code null} for servers that need none
   * @throws IllegalArgumentException for another protocol or a missing base URI
   */
  public static OpenAiClient create(
      ProviderConfig config, @Nullable String apiKey, HttpTransport transport, OpenAiCodec codec) {
    return create(config, apiKey, transport, codec, InstantSource.system());
  }

  /** As {@link #create(ProviderConfig, String, HttpTransport, OpenAiCodec)}, with a clock. */
  public static OpenAiClient create(
      ProviderConfig config,
      @Nullable String apiKey,
      HttpTransport transport,
      OpenAiCodec codec,
      InstantSource clock) {
    return new OpenAiClient(config, apiKey, transport, codec, clock);
  }

  /** The dialect this adapter speaks. */
  public Dialect dialect() {
    return dialect;
  }

  @Override
  public CompletionStage<ChatResponse> chatAsync(ProviderCall call) {
    byte[] body;
    try {
      body = codec.encodeChatRequest(call.request(), dialect, false);
    } catch (RuntimeException e) {
      return Futures.failed(e);
    }
    return upstream.call(chat, call.headers(), body, codec::decodeChatResponse);
  }

  @Override
  public CompletionStage<AsyncChatStream> streamAsync(ProviderCall call) {
    byte[] body;
    try {
      body = codec.encodeChatRequest(call.request(), dialect, true);
    } catch (RuntimeException e) {
      return Futures.failed(e);
    }
    return upstream
        .open(chatStream, call.headers(), body)
        .thenApply(
            response -> {
              OpenAiStreamDecoder decoder = new OpenAiStreamDecoder();
              return SseChatStream.start(
                  response,
                  SseChatStream.Decoder.of(
                      event -> decoder.decode(event.data()), decoder::done, decoder::end));
            });
  }

  @Override
  public CompletionStage<EmbeddingResponse> embedAsync(
      String requestId, EmbeddingRequest request, Map<String, String> headers) {
    byte[] body;
    try {
      body = codec.encodeEmbeddingRequest(request);
    } catch (RuntimeException e) {
      return Futures.failed(e);
    }
    return upstream.call(embeddings, headers, body, codec::decodeEmbeddingResponse);
  }

  private static String cut(String vendorMessage) {
    return vendorMessage.length() <= MAX_VENDOR_MESSAGE
        ? vendorMessage
        : vendorMessage.substring(0, MAX_VENDOR_MESSAGE) + "...";
  }
}
