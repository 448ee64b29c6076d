package dev.steward.openai;

import dev.steward.config.ProviderConfig;
import dev.steward.config.Timeouts;
import dev.steward.core.ChatRequest;
import dev.steward.core.ChatResponse;
import dev.steward.core.ChatStream;
import dev.steward.core.EmbeddingRequest;
import dev.steward.core.EmbeddingResponse;
import dev.steward.core.ProviderCall;
import dev.steward.core.ProviderClient;
import dev.steward.core.UpstreamException;
import dev.steward.provider.HttpTransport;
import dev.steward.provider.SseChatStream;
import dev.steward.provider.Upstream;
import dev.steward.provider.UpstreamRequest;
import dev.steward.provider.UpstreamResponse;
import java.net.URI;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The provider adapter for OpenAI ({@code protocol: openai}) and OpenAI-compatible servers such as
 * vLLM, llama.cpp server and Ollama ({@code protocol: openai-compatible}). It posts to {@code
 * {base-uri}/chat/completions} and {@code {base-uri}/embeddings}, where the base URI includes the
 * version ({@code https://api.openai.com/v1}), with {@code Authorization: Bearer} when a key is set
 * and the provider's configured headers. The gateway's request id is not sent: OpenAI accepts no
 * such header.
 */
public final class OpenAiClient implements ProviderClient {
  /** Vendor messages are quoted in errors, cut to this length. */
  private static final int MAX_VENDOR_MESSAGE = 500;

  private final String name;
  private final Dialect dialect;
  private final URI chatUri;
  private final URI embeddingsUri;
  private final Map<String, String> jsonHeaders;
  private final Map<String, String> streamHeaders;
  private final Timeouts timeouts;
  private final HttpTransport transport;
  private final OpenAiCodec codec;
  private final InstantSource clock;

  private OpenAiClient(
      ProviderConfig config,
      @Nullable String apiKey,
      HttpTransport transport,
      OpenAiCodec codec,
      InstantSource clock) {
    this.name = config.name();
    this.dialect = Dialect.of(config.protocol());
    URI base = config.baseUri();
    if (base == null) {
      throw new IllegalArgumentException(
          "providers."
              + config.name()
              + ".base-uri: missing (expected: e.g. https://api.openai.com/v1)");
    }
    String b = base.toString();
    while (b.endsWith("/")) {
      b = b.substring(0, b.length() - 1);
    }
    this.chatUri = URI.create(b + "/chat/completions");
    this.embeddingsUri = URI.create(b + "/embeddings");
    Map<String, String> headers = new LinkedHashMap<>(config.headers());
    if (apiKey != null && !apiKey.isBlank()) {
      headers.put("Authorization", "Bearer " + apiKey);
    }
    Map<String, String> json = new LinkedHashMap<>(headers);
    json.put("Accept", "application/json");
    Map<String, String> sse = new LinkedHashMap<>(headers);
    sse.put("Accept", "text/event-stream");
    this.jsonHeaders = Map.copyOf(json);
    this.streamHeaders = Map.copyOf(sse);
    this.timeouts = config.timeouts();
    this.transport = Objects.requireNonNull(transport, "transport");
    this.codec = Objects.requireNonNull(codec, "codec");
    this.clock = Objects.requireNonNull(clock, "clock");
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
  public ChatResponse chat(ProviderCall call) {
    byte[] body = codec.encodeChatRequest(call.request(), dialect, false);
    try (UpstreamResponse response = send(chatUri, jsonHeaders, body)) {
      return codec.decodeChatResponse(readAll(response));
    }
  }

  @Override
  public ChatStream stream(ProviderCall call) {
    ChatRequest request = call.request();
    byte[] body = codec.encodeChatRequest(request, dialect, true);
    UpstreamResponse response = send(chatUri, streamHeaders, body);
    OpenAiStreamDecoder decoder = new OpenAiStreamDecoder();
    return new SseChatStream(
        response,
        SseChatStream.Decoder.of(
            event -> decoder.decode(event.data()),
            decoder::done,
            () -> {
              return decoder.end();
            }));
  }

  @Override
  public EmbeddingResponse embed(String requestId, EmbeddingRequest request) {
    byte[] body = codec.encodeEmbeddingRequest(request);
    try (UpstreamResponse response = send(embeddingsUri, jsonHeaders, body)) {
      return codec.decodeEmbeddingResponse(readAll(response));
    }
  }

  /** Sends and checks the status; a non-2xx answer is read and thrown as an upstream error. */
  private UpstreamResponse send(URI uri, Map<String, String> headers, byte[] body) {
    return Upstream.send(
        transport,
        UpstreamRequest.post(uri, headers, body, timeouts),
        clock,
        (status, errorBody, retryAfter) -> {
          VendorError error = OpenAiCodec.parseError(errorBody);
          String message = "upstream " + name + " answered HTTP " + status;
          if (error.message() != null) {
            message += ": " + cut(error.message());
          }
          return UpstreamException.fromStatus(status, error.vendorType(), message, retryAfter);
        });
  }

  private byte[] readAll(UpstreamResponse response) {
    return Upstream.readAll(response, "upstream " + name);
  }

  private static String cut(String vendorMessage) {
    return vendorMessage.length() <= MAX_VENDOR_MESSAGE
        ? vendorMessage
        : vendorMessage.substring(0, MAX_VENDOR_MESSAGE) + "...";
  }
}
