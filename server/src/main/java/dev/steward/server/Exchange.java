package dev.steward.server;

import dev.steward.audit.Commitment;
import dev.steward.config.Classification;
import dev.steward.config.ModelConfig;
import dev.steward.config.RouteConfig;
import dev.steward.config.UseCaseConfig;
import dev.steward.core.ChatRequest;
import dev.steward.core.EmbeddingRequest;
import dev.steward.core.Usage;
import dev.steward.store.Principal;
import dev.steward.tlog.Hash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
  private String keyId = "-";
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
  private byte @Nullable [] salt;
  private @Nullable String saltBase64;
  private @Nullable Commitment response;
  private @Nullable Hash responseCommitment;
  private long auditRequestIndex = -1;
  private @Nullable CompletableFuture<@Nullable Long> auditCompletion;
  private @Nullable String upstreamVersion;
  private @Nullable Classification classification;
  private @Nullable Set<String> eligibleRoutes;
  private @Nullable UseCaseConfig useCase;
  private GuardReport guardReport = GuardReport.NONE;
  private @Nullable GuardReport outputGuardReport;
  private @Nullable CompletionStage<Duration> poolTime;

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

  /** The request body's length in bytes. */
  public int bodyLength() {
    return body.length;
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

  /** The public id of the API key that authenticated the request, or {@code -}. */
  public String keyId() {
    return keyId;
  }

  void keyId(String keyId) {
    this.keyId = keyId;
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

  /** The request's classification, once policy has labelled it. */
  public @Nullable Classification classification() {
    return classification;
  }

  void classification(Classification classification) {
    this.classification = classification;
  }

  /** The route ids policy allows, or {@code null} when no policy restricted them. */
  public @Nullable Set<String> eligibleRoutes() {
    return eligibleRoutes;
  }

  void eligibleRoutes(Set<String> routes) {
    this.eligibleRoutes = routes;
  }

  /** The model version the provider reported answering with (its response's model id). */
  /** What the input guards found and did; {@link GuardReport#NONE} when none ran. */
  public GuardReport guardReport() {
    return guardReport;
  }

  void guardReport(GuardReport report) {
    this.guardReport = report;
  }

  /** What the output guard did to a complete answer, if it acted on anything. */
  public @Nullable GuardReport outputGuardReport() {
    return outputGuardReport;
  }

  void outputGuardReport(GuardReport report) {
    this.outputGuardReport = report;
  }

  /**
   * The exchange's share of its route's capacity pool's busy time, complete once the pool's permit
   * is released; {@code null} before routing.
   */
  @Nullable CompletionStage<Duration> poolTime() {
    return poolTime;
  }

  void poolTime(CompletionStage<Duration> poolTime) {
    this.poolTime = poolTime;
  }

  /** The calling key's use case, once model access has checked it. */
  public @Nullable UseCaseConfig useCase() {
    return useCase;
  }

  /** The use case, for stages after model access. */
  public UseCaseConfig requireUseCase() {
    if (useCase == null) {
      throw new IllegalStateException("use case not resolved yet (stage order)");
    }
    return useCase;
  }

  void useCase(UseCaseConfig useCase) {
    this.useCase = useCase;
  }

  public @Nullable String upstreamVersion() {
    return upstreamVersion;
  }

  void upstreamVersion(@Nullable String version) {
    this.upstreamVersion = version;
  }

  // ---------------------------------------------------------------- audit

  /** The exchange's commitment salt: 32 random bytes, made on first use. */
  byte[] salt() {
    if (salt == null) {
      salt = Commitment.newSalt();
    }
    return salt;
  }

  /** The salt as returned to the caller and kept in the ledger. */
  String saltBase64() {
    if (saltBase64 == null) {
      saltBase64 = Commitment.encodeSalt(salt());
    }
    return saltBase64;
  }

  /** Whether the exchange is audited: its salt exists once a record has been made for it. */
  boolean audited() {
    return salt != null;
  }

  /** {@code SHA-256(salt ‖ request body)}. */
  Hash promptCommitment() {
    return Commitment.of(salt(), body);
  }

  /** Adds bytes sent to the caller to the response commitment (audited exchanges only). */
  void sent(byte[] bytes) {
    if (salt == null || responseCommitment != null) {
      return;
    }
    if (response == null) {
      response = Commitment.start(salt);
    }
    response.update(bytes, 0, bytes.length);
  }

  /** {@code SHA-256(salt ‖ every byte sent)}, final once read. */
  Hash responseCommitment() {
    if (responseCommitment == null) {
      Commitment c = response != null ? response : Commitment.start(salt());
      responseCommitment = c.finish();
      response = null;
    }
    return responseCommitment;
  }

  /** The log index of the exchange's request record, or -1 when none was committed. */
  long auditRequestIndex() {
    return auditRequestIndex;
  }

  void auditRequest(long index) {
    this.auditRequestIndex = index;
  }

  /**
   * The index of the completion record once committed ({@code null} when there is none: a refused
   * exchange, or a log failure). The ledger row waits for it.
   */
  CompletableFuture<@Nullable Long> auditCompletion() {
    if (auditCompletion == null) {
      auditCompletion = new CompletableFuture<>();
    }
    return auditCompletion;
  }

  /** Whether anything is to be waited for before the ledger row: a completion record. */
  boolean awaitsCompletionRecord() {
    return auditCompletion != null;
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

  /**
   * Runs once the answer has been written (or has failed). Hooks run innermost first — the reverse
   * of the order the stages registered them, as {@code finally} blocks unwind — so the audit
   * stage's completion record is under way before the ledger stage (the outermost) writes its row.
   */
  void onComplete(Runnable hook) {
    completionHooks.add(hook);
  }

  /** Records how the exchange ended and runs the completion hooks, once, innermost first. */
  void complete(int status, String outcome) {
    if (completed) {
      return;
    }
    completed = true;
    this.status = status;
    this.outcome = outcome;
    for (Runnable hook : completionHooks.reversed()) {
      try {
        hook.run();
      } catch (RuntimeException e) {
        // The answer has been sent; a failing hook must not break the connection it went on.
        LOG.error("request {}: completion hook failed: {}", requestId, e.toString());
      }
    }
  }
}
