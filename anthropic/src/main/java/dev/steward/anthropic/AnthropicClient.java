package dev.steward.anthropic;

import dev.steward.config.ProviderConfig;
import dev.steward.core.AsyncChatStream;
import dev.steward.core.ChatRequest;
import dev.steward.core.ChatResponse;
import dev.steward.core.EmbeddingRequest;
import dev.steward.core.EmbeddingResponse;
import dev.steward.core.ErrorCode;
import dev.steward.core.Futures;
import dev.steward.core.ProviderCall;
import dev.steward.core.StewardException;
import dev.steward.core.UpstreamException;
import dev.steward.provider.HttpProviderClient;
import dev.steward.provider.HttpTransport;
import dev.steward.provider.SseChatStream;
import dev.steward.provider.Upstream;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Calls Anthropic's Messages API ({@code POST {base-uri}/messages}, base URI like {@code
 * https://api.anthropic.com/v1}) with the gateway's key in {@code x-api-key} and {@code
 * anthropic-version: 2023-06-01}, plus the provider's configured extra headers. The transport sends
 * the body as {@code application/json} and enforces the provider's timeouts.
 *
 * <p>Failures: a non-2xx answer becomes {@link UpstreamException#fromStatus} with Anthropic's error
 * type and message and the {@code retry-after} delay (so 429 and 529 {@code overloaded_error} are
 * retryable, 400 is not); a stream that breaks off, falls silent, sends an {@code error} event or
 * ends before {@code message_stop} fails with an {@link UpstreamException} too. Anthropic has no
 * embeddings API: {@link #embed} is refused.
 *
 * <p>The asynchronous methods are the one code path; the blocking ones wait for them.
 */
public final class AnthropicClient implements HttpProviderClient {
  /** The API version this adapter speaks. */
  public static final String API_VERSION = "2023-06-01";

  private final String name;
  private final AnthropicCodec codec;
  private final Upstream upstream;
  private final HttpTransport.Endpoint messages;

  private AnthropicClient(
      ProviderConfig config,
      @Nullable String apiKey,
      HttpTransport transport,
      AnthropicCodec codec) {
    this.name = config.name();
    URI base = config.baseUri();
    if (base == null) {
      throw new IllegalArgumentException(
          "providers."
              + config.name()
              + ".base-uri: missing (expected: e.g. "
              + "https://api.anthropic.com/v1)");
    }
    String b = base.toString();
    URI messagesUri = URI.create((b.endsWith("/") ? b : b + "/") + "messages");
    Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.put("anthropic-version", API_VERSION);
    // Configured headers may add (anthropic-beta, say) or pin another API version.
    h.putAll(config.headers());
    if (apiKey != null) {
      h.put("x-api-key", apiKey);
    }
    this.codec = Objects.requireNonNull(codec, "codec");
    this.upstream =
        Upstream.of(
            Objects.requireNonNull(transport, "transport"),
            codec.clock(),
            "anthropic provider " + name,
            (status, errorBody, retryAfter) -> {
              Wire.VendorError error = Wire.VendorError.parse(errorBody, status);
              return UpstreamException.fromStatus(
                  status,
                  error.type(),
                  "anthropic provider "
                      + name
                      + " answered "
                      + status
                      + (error.type() == null ? "" : " " + error.type())
                      + ": "
                      + error.message(),
                  retryAfter);
            });
    this.messages = upstream.endpoint(messagesUri, h, config.timeouts());
  }

  /**
   * An adapter for one configured Anthropic provider.
   *
   * @param apiKey the resolved key, or null when the upstream needs none (a proxy, a test)
   * @param transport shared; not closed by this client
   */
  public static AnthropicClient create(
      ProviderConfig config,
      @Nullable String apiKey,
      HttpTransport transport,
      AnthropicCodec codec) {
    return new AnthropicClient(config, apiKey, transport, codec);
  }

  @Override
  public CompletionStage<ChatResponse> chatAsync(ProviderCall call) {
    ChatRequest request = call.request();
    if (request.stream()) {
      request = request.toBuilder().stream(false).includeUsage(false).build();
    }
    byte[] body;
    try {
      body = codec.encodeMessagesRequest(request);
    } catch (RuntimeException e) {
      return Futures.failed(e);
    }
    return upstream.call(messages, call.headers(), body, codec::decodeMessagesResponse);
  }

  @Override
  public CompletionStage<AsyncChatStream> streamAsync(ProviderCall call) {
    ChatRequest request = call.request();
    if (!request.stream()) {
      request = request.toBuilder().stream(true).build();
    }
    byte[] body;
    try {
      body = codec.encodeMessagesRequest(request);
    } catch (RuntimeException e) {
      return Futures.failed(e);
    }
    return upstream
        .open(messages, call.headers(), body)
        .thenApply(
            response -> {
              AnthropicStreamDecoder decoder = codec.newStreamDecoder();
              return SseChatStream.start(
                  response,
                  SseChatStream.Decoder.of(
                      event -> decoder.decode(event.event(), event.data()),
                      decoder::complete,
                      () -> {
                        throw UpstreamException.fromStatus(
                            502, null, "anthropic stream ended before message_stop", null);
                      }));
            });
  }

  @Override
  public CompletionStage<EmbeddingResponse> embedAsync(
      String requestId, EmbeddingRequest request, Map<String, String> headers) {
    return Futures.failed(
        new StewardException(
            ErrorCode.CAPABILITY_UNSUPPORTED,
            "model: '"
                + request.model()
                + "' is served by Anthropic provider "
                + name
                + " (expected: a provider with an embeddings API; Anthropic has none)",
            "model",
            null,
            null));
  }
}
