package dev.steward.cohere;

import dev.steward.config.ProviderConfig;
import dev.steward.core.AsyncChatStream;
import dev.steward.core.ChatRequest;
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
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Steward's client for Cohere's v2 API: {@code POST {base-uri}/v2/chat} for complete and streamed
 * answers and {@code POST {base-uri}/v2/embed} for embeddings.
 *
 * <p>The configured {@code base-uri} is the API's root <em>without</em> the version, e.g. {@code
 * https://api.cohere.com} (a path prefix of a proxy is fine: {@code https://proxy.example/cohere});
 * the client appends {@code /v2/...}. The gateway's key goes in {@code Authorization: Bearer}; the
 * provider's configured headers are sent on every call; every call honours the provider's timeouts
 * (through the {@link HttpTransport}).
 *
 * <p>Embeddings are requested with {@code input_type} {@value CohereCodec#DEFAULT_INPUT_TYPE}
 * unless the model's options set {@code input-type} (one of {@link CohereCodec#INPUT_TYPES}).
 *
 * <p>The asynchronous methods are the one code path; the blocking ones wait for them.
 */
public final class CohereClient implements HttpProviderClient {
  /** The model option naming the embeddings' {@code input_type}. */
  public static final String INPUT_TYPE_OPTION = "input-type";

  private final ProviderConfig config;
  private final CohereCodec codec;
  private final InstantSource clock;
  private final Upstream upstream;
  private final HttpTransport.Endpoint chat;
  private final HttpTransport.Endpoint chatStream;
  private final HttpTransport.Endpoint embed;

  private CohereClient(
      ProviderConfig config,
      @Nullable String apiKey,
      HttpTransport transport,
      CohereCodec codec,
      InstantSource clock,
      URI base) {
    this.config = config;
    this.codec = codec;
    this.clock = clock;
    String root = base.toString();
    while (root.endsWith("/")) {
      root = root.substring(0, root.length() - 1);
    }
    URI chatUri = URI.create(root + "/v2/chat");
    URI embedUri = URI.create(root + "/v2/embed");
    this.upstream =
        Upstream.of(
            transport,
            clock,
            "cohere",
            (status, error, retryAfter) ->
                UpstreamException.fromStatus(
                    status,
                    null,
                    codec
                        .errorMessage(error)
                        .map(m -> "cohere: " + m)
                        .orElse("cohere: HTTP " + status),
                    retryAfter));
    Map<String, String> json = headers(config, apiKey, "application/json");
    this.chat = upstream.endpoint(chatUri, json, config.timeouts());
    this.chatStream =
        upstream.endpoint(chatUri, headers(config, apiKey, "text/event-stream"), config.timeouts());
    this.embed = upstream.endpoint(embedUri, json, config.timeouts());
  }

  /** The configured headers, the key (replacing any configured authorization) and an Accept. */
  private static Map<String, String> headers(
      ProviderConfig config, @Nullable String apiKey, String accept) {
    Map<String, String> headers = new LinkedHashMap<>(config.headers());
    if (apiKey != null) {
      headers.keySet().removeIf(h -> h.equalsIgnoreCase("authorization"));
      headers.put("Authorization", "Bearer " + apiKey);
    }
    if (headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("accept"))) {
      headers.put("Accept", accept);
    }
    return headers;
  }

  /** A client on the system clock. */
  public static CohereClient create(
      ProviderConfig config, @Nullable String apiKey, HttpTransport transport, CohereCodec codec) {
    return create(config, apiKey, transport, codec, InstantSource.system());
  }

  /**
   * A client for one configured Cohere provider.
   *
   * @param apiKey the resolved key, or {@code null} to send no {@code Authorization} header (for
   *     example behind a proxy that adds it)
   * @param clock the time for answers' creation stamps and for {@code Retry-After} dates
   * @throws IllegalArgumentException when the base URI is missing, names an API version, or a
   *     model's {@code input-type} option is not one Cohere knows
   */
  public static CohereClient create(
      ProviderConfig config,
      @Nullable String apiKey,
      HttpTransport transport,
      CohereCodec codec,
      InstantSource clock) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(clock, "clock");
    String key = "providers." + config.name();
    URI base = config.baseUri();
    if (base == null) {
      throw new IllegalArgumentException(
          key + ".base-uri: missing (expected: e.g. https://api.cohere.com)");
    }
    String path = base.getPath() == null ? "" : base.getPath().toLowerCase(Locale.ROOT);
    if (path.matches(".*/v[0-9]+/?")) {
      throw new IllegalArgumentException(
          key
              + ".base-uri: "
              + base
              + " (expected: the API root without the version, e.g. https://api.cohere.com)");
    }
    config
        .modelOptions()
        .forEach(
            (model, options) -> {
              String inputType = options.get(INPUT_TYPE_OPTION);
              if (inputType != null && !CohereCodec.INPUT_TYPES.contains(inputType)) {
                throw new IllegalArgumentException(
                    key
                        + ".model-options."
                        + model
                        + "."
                        + INPUT_TYPE_OPTION
                        + ": "
                        + inputType
                        + " (expected: one of "
                        + CohereCodec.INPUT_TYPES
                        + ")");
              }
            });
    return new CohereClient(config, apiKey, transport, codec, clock, base);
  }

  @Override
  public CompletionStage<ChatResponse> chatAsync(ProviderCall call) {
    ChatRequest request = call.request().stream() ? noStream(call.request()) : call.request();
    byte[] body;
    try {
      body = codec.encodeChatRequest(request);
    } catch (RuntimeException e) {
      return Futures.failed(e);
    }
    String model = request.model();
    return upstream.call(
        chat,
        call.headers(),
        body,
        answer -> codec.decodeChatResponse(answer, model, clock.instant().getEpochSecond()));
  }

  @Override
  public CompletionStage<AsyncChatStream> streamAsync(ProviderCall call) {
    ChatRequest request = call.request();
    if (!request.stream()) {
      request = request.toBuilder().stream(true).build();
    }
    byte[] body;
    try {
      body = codec.encodeChatRequest(request);
    } catch (RuntimeException e) {
      return Futures.failed(e);
    }
    String model = request.model();
    return upstream
        .open(chatStream, call.headers(), body)
        .thenApply(
            response -> {
              CohereStreamDecoder decoder =
                  new CohereStreamDecoder(
                      codec, model, clock.instant().getEpochSecond(), call.requestId());
              return SseChatStream.start(
                  response,
                  SseChatStream.Decoder.of(
                      event -> decoder.decode(event.event(), event.data()),
                      decoder::finished,
                      () -> {
                        throw UpstreamException.io(
                            "cohere: stream ended before message-end",
                            false,
                            new IllegalStateException("truncated stream"));
                      }));
            });
  }

  @Override
  public CompletionStage<EmbeddingResponse> embedAsync(
      String requestId, EmbeddingRequest request, Map<String, String> headers) {
    byte[] body;
    try {
      String inputType =
          config
              .optionsFor(request.model())
              .getOrDefault(INPUT_TYPE_OPTION, CohereCodec.DEFAULT_INPUT_TYPE);
      body = codec.encodeEmbedRequest(request, inputType);
    } catch (RuntimeException e) {
      return Futures.failed(e);
    }
    String model = request.model();
    return upstream.call(embed, headers, body, answer -> codec.decodeEmbedResponse(answer, model));
  }

  private static ChatRequest noStream(ChatRequest r) {
    return r.toBuilder().stream(false).includeUsage(false).build();
  }
}
