package dev.steward.server;

import dev.steward.config.ModelConfig;
import dev.steward.config.RouteConfig;
import dev.steward.core.ChatRequest;
import dev.steward.core.EmbeddingRequest;
import dev.steward.core.Usage;
import dev.steward.store.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One request's state as it moves through the {@link Pipeline}. Created by an API handler, filled
 * in by the stages, read by the ledger when the answer has been written. Never shared between
 * requests; never held in a thread-local.
 */
public final class Exchange {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Exchange.class);

  private final String requestId;
  private final Api api;
  private final Endpoint endpoint;
  private final long startNanos;
  private final Function<String, @Nullable String> headers;
  private final byte[] body;
  private final Decoder decoder;

  private @Nullable Principal principal;
  private @Nullable ChatRequest chat;
  private @Nullable EmbeddingRequest embedding;
  private @Nullable ModelConfig model;
  private @Nullable RouteConfig route;
  private int attempts;
  private Usage usage = Usage.ZERO;
  private long firstTokenNanos = -1;
  private Map<String, String> directives = Map.of();
  private final List<Runnable> completionHooks = new ArrayList<>(2);
  private boolean completed;
  private int status;
  private String outcome = "ok";

  Exchange(
      String requestId,
      Api api,
      Endpoint endpoint,
      long startNanos,
      Function<String, @Nullable String> headers,
      byte[] body,
      Decoder decoder) {
    this.requestId = Objects.requireNonNull(requestId);
    this.api = api;
    this.endpoint = endpoint;
    this.startNanos = startNanos;
    this.headers = headers;
    this.body = body;
    this.decoder = decoder;
  }

  /** Decodes the request body in the caller's wire shape onto this exchange. */
  @FunctionalInterface
  interface Decoder {
    void decode(byte[] body, Exchange ex);
  }

  /** Decodes the body (once authenticated: unauthenticated bodies are never parsed). */
  void decode() {
    decoder.decode(body, this);
  }

  private boolean base64Embeddings;

  boolean base64Embeddings() {
    return base64Embeddings;
  }

  void base64Embeddings(boolean base64) {
    this.base64Embeddings = base64;
  }

  public String requestId() {
    return requestId;
  }

  public Api api() {
    return api;
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  public long startNanos() {
    return startNanos;
  }

  /** A request header by case-insensitive name, or null. */
  public @Nullable String header(String name) {
    return headers.apply(name);
  }

  public @Nullable Principal principal() {
    return principal;
  }

  /** The authenticated principal; only stages after authentication may call this. */
  public Principal requirePrincipal() {
    if (principal == null) {
      throw new IllegalStateException("principal read before authentication");
    }
    return principal;
  }

  void principal(Principal principal) {
    this.principal = principal;
  }

  public @Nullable ChatRequest chat() {
    return chat;
  }

  public ChatRequest requireChat() {
    if (chat == null) {
      throw new IllegalStateException("no chat request on this exchange");
    }
    return chat;
  }

  void chat(ChatRequest chat) {
    this.chat = chat;
  }

  public @Nullable EmbeddingRequest embedding() {
    return embedding;
  }

  void embedding(EmbeddingRequest embedding) {
    this.embedding = embedding;
  }

  /** The model alias the caller asked for, as named in the request. */
  public @Nullable String requestedModel() {
    if (chat != null) {
      return chat.model();
    }
    return embedding == null ? null : embedding.model();
  }

  public @Nullable ModelConfig model() {
    return model;
  }

  void model(ModelConfig model) {
    this.model = model;
  }

  public @Nullable RouteConfig route() {
    return route;
  }

  void routed(RouteConfig route, int attempts) {
    this.route = route;
    this.attempts = attempts;
  }

  public int attempts() {
    return attempts;
  }

  void attempts(int attempts) {
    this.attempts = attempts;
  }

  public Usage usage() {
    return usage;
  }

  void usage(Usage usage) {
    this.usage = usage;
  }

  /** Nanosecond time of the first streamed token, or -1. */
  public long firstTokenNanos() {
    return firstTokenNanos;
  }

  void markFirstToken(long nanos) {
    if (firstTokenNanos < 0) {
      firstTokenNanos = nanos;
    }
  }

  public Map<String, String> directives() {
    return directives;
  }

  void directives(Map<String, String> directives) {
    this.directives = Map.copyOf(directives);
  }

  public int status() {
    return status;
  }

  /** {@code ok}, or the reason code of the error that ended the exchange. */
  public String outcome() {
    return outcome;
  }

  /** Runs once the answer has been written (or has failed), e.g. to write the ledger row. */
  void onComplete(Runnable hook) {
    completionHooks.add(hook);
  }

  /** Records how the exchange ended and runs the completion hooks, once. */
  void complete(int status, String outcome) {
    if (completed) {
      return;
    }
    completed = true;
    this.status = status;
    this.outcome = outcome;
    for (Runnable hook : completionHooks) {
      try {
        hook.run();
      } catch (RuntimeException e) {
        // The answer has been sent; a failing hook must not break the connection it went on.
        LOG.error("request {}: completion hook failed: {}", requestId, e.toString());
      }
    }
  }
}
