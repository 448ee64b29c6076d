package dev.steward.server;

import dev.steward.anthropic.AnthropicCodec;
import dev.steward.audit.AuditEntry;
import dev.steward.audit.AuditEntryCodec;
import dev.steward.config.EvaluationsConfig;
import dev.steward.config.ProviderConfig;
import dev.steward.config.Secret;
import dev.steward.config.StewardConfig;
import dev.steward.core.Futures;
import dev.steward.core.ProviderClient;
import dev.steward.openai.OpenAiCodec;
import dev.steward.policy.BudgetBook;
import dev.steward.policy.RateLimiter;
import dev.steward.provider.HttpTransport;
import dev.steward.provider.VertxHttpTransport;
import dev.steward.routing.Attempt;
import dev.steward.routing.BreakerState;
import dev.steward.routing.Router;
import dev.steward.routing.RouterListener;
import dev.steward.routing.Timer;
import dev.steward.store.PolicyVersionStorage;
import dev.steward.store.Storage;
import dev.steward.tlog.Hash;
import dev.steward.tlog.TileLog;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Steward gateway. {@link #start} wires every part by hand — transport, provider
 * adapters, router, key cache, ledger writer, pipeline, HTTP front — and starts listening; {@link
 * #close} drains running requests (streams included) up to the configured grace, then stops.
 */
public final class StewardServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StewardServer.class);

  /** How long a conversation's label is kept after its last request. */
  static final Duration CONVERSATION_MEMORY = Duration.ofDays(30);

  private final StewardConfig config;
  private final Vertx vertx;
  private final HttpFront front;
  private final HttpTransport transport;
  private final Map<String, ProviderClient> clients;
  private final Authenticator authenticator;
  private final LedgerWriter ledger;
  private final @Nullable AuditTrail audit;
  private final Pipeline pipeline;
  private final @Nullable InjectionChecks injection;
  private final BudgetBook budgets;
  private final Tracing tracing;
  private final int port;
  private volatile boolean closed;

  private StewardServer(
      StewardConfig config,
      Vertx vertx,
      HttpFront front,
      HttpTransport transport,
      Map<String, ProviderClient> clients,
      Authenticator authenticator,
      LedgerWriter ledger,
      @Nullable AuditTrail audit,
      Pipeline pipeline,
      BudgetBook budgets,
      @Nullable InjectionChecks injection,
      Tracing tracing,
      int port) {
    this.config = config;
    this.vertx = vertx;
    this.front = front;
    this.transport = transport;
    this.clients = clients;
    this.authenticator = authenticator;
    this.ledger = ledger;
    this.audit = audit;
    this.pipeline = pipeline;
    this.budgets = budgets;
    this.injection = injection;
    this.tracing = tracing;
    this.port = port;
  }

  /**
   * Starts a gateway.
   *
   * @param env where secrets named in the configuration are read from
   * @param portOverride a port to listen on instead of the configured one (0: any free port)
   * @param log the transparency log every exchange and key change is committed to ({@link
   *     TransparencyLogs#open}); the server closes it when it stops. {@code null} only when the
   *     configuration turns the log off.
   */
  public static StewardServer start(
      StewardConfig config,
      Storage storage,
      Map<String, String> env,
      InstantSource clock,
      @Nullable Integer portOverride,
      @Nullable TileLog log) {
    Tracing tracing;
    try {
      tracing = Tracing.create(config, env);
    } catch (RuntimeException e) {
      if (log != null) {
        log.close();
      }
      throw e;
    }
    return start(config, storage, env, clock, portOverride, log, tracing);
  }

  /**
   * {@link #start}, with spans recorded by {@code tracing}, which the server closes when it stops.
   */
  static StewardServer start(
      StewardConfig config,
      Storage storage,
      Map<String, String> env,
      InstantSource clock,
      @Nullable Integer portOverride,
      @Nullable TileLog log,
      Tracing tracing) {
    try {
      return startWith(config, storage, env, clock, portOverride, log, tracing);
    } catch (RuntimeException e) {
      tracing.close();
      throw e;
    }
  }

  private static StewardServer startWith(
      StewardConfig config,
      Storage storage,
      Map<String, String> env,
      InstantSource clock,
      @Nullable Integer portOverride,
      @Nullable TileLog log,
      Tracing tracing) {
    if (log == null && config.transparencyLog().enabled()) {
      throw new IllegalArgumentException(
          "transparency log: none given (expected: an open log, since transparency-log.enabled is"
              + " true)");
    }
    long t0 = System.nanoTime();
    InjectionChecks injection;
    try {
      injection = GuardStage.needsInjection(config) ? InjectionChecks.load() : null;
    } catch (RuntimeException e) {
      if (log != null) {
        log.close();
      }
      throw e;
    }
    try {
      return start(config, storage, env, clock, portOverride, log, injection, tracing, t0);
    } catch (RuntimeException e) {
      if (injection != null) {
        injection.close();
      }
      throw e;
    }
  }

  private static StewardServer start(
      StewardConfig config,
      Storage storage,
      Map<String, String> env,
      InstantSource clock,
      @Nullable Integer portOverride,
      @Nullable TileLog log,
      @Nullable InjectionChecks injection,
      Tracing tracing,
      long t0) {
    // What departments and services spent this day and month, before anything else starts.
    BudgetBook budgets;
    try {
      budgets = BudgetStage.book(config, storage.ledger(), clock);
    } catch (RuntimeException e) {
      if (log != null) {
        log.close();
      }
      throw e;
    }
    Metrics metrics = new Metrics();
    int loops = Math.max(1, Runtime.getRuntime().availableProcessors());
    Vertx vertx = vertx(loops);
    HttpTransport transport = VertxHttpTransport.create(vertx);
    Map<String, ProviderClient> clients;
    try {
      clients = tracing.clients(Providers.create(config.providers(), env, transport, clock));
    } catch (RuntimeException e) {
      transport.close();
      closeQuietly(vertx);
      if (log != null) {
        log.close();
      }
      throw e;
    }
    Router router =
        router(
            config,
            clients,
            clock,
            vertx,
            new RouterListener() {
              @Override
              public void onAttempt(Attempt attempt) {
                metrics.attempt(attempt.routeId(), attempt.outcome(), attempt.duration().toNanos());
              }

              @Override
              public void onBreakerStateChange(String routeId, BreakerState from, BreakerState to) {
                metrics.breaker(routeId, to != BreakerState.CLOSED);
                LOG.warn("route {}: circuit {} → {}", routeId, from, to);
              }

              @Override
              public void onQueueDepthChange(String pool, int depth) {
                metrics.queueDepth(pool, depth);
              }
            });
    metrics.beforeScrape(
        () ->
            router
                .poolStats()
                .forEach(
                    (pool, stats) -> {
                      metrics.queueDepth(pool, stats.queued());
                      metrics.inFlight(pool, stats.inFlight());
                    }));
    Authenticator authenticator = new Authenticator(storage.keys());
    AuditTrail audit = log == null ? null : new AuditTrail(log, storage.outbox(), clock, metrics);
    LedgerWriter ledger =
        new LedgerWriter(storage.ledger(), audit == null ? ids -> {} : audit::forget);
    List<Stage> stages = new ArrayList<>();
    stages.add(new LedgerStage(ledger, config, clock));
    stages.add(new AuthenticateStage(authenticator));
    if (audit != null) {
      stages.add(new RefusalAuditStage(audit));
    }
    stages.add(new DecodeStage());
    stages.add(new ModelAccessStage(config));
    KillSwitchWatcher switches = new KillSwitchWatcher(storage.killSwitches());
    switches.refresh();
    ApprovalWatcher approvals = new ApprovalWatcher(storage.approvals(), clock);
    approvals.refresh();
    stages.add(new PolicyStage(config, switches, approvals, storage.conversations(), clock));
    stages.add(new RateLimitStage(config, RateLimiter.create(clock)));
    stages.add(new GuardStage(config, injection));
    stages.add(new BudgetStage(config, budgets));
    if (audit != null) {
      stages.add(new AuditStage(audit));
    } else {
      LOG.warn(
          "transparency log OFF (transparency-log.enabled: false): exchanges and key changes are"
              + " not committed to any log");
    }
    stages.add(new RouteStage(router, clock, config.server().requestTimeout()));
    Pipeline pipeline = new Pipeline(stages, tracing);
    OpenAiWire openAi = new OpenAiWire(new OpenAiCodec());
    AnthropicWire anthropic = new AnthropicWire(AnthropicCodec.create());
    Secret adminSecret = config.server().adminKey();
    Runnable drain = audit == null ? () -> {} : audit::drainOutbox;
    KillSwitchControl killSwitches =
        new KillSwitchControl(config, storage.killSwitches(), clock, audit != null);
    ApprovalControl approvalControl =
        new ApprovalControl(config, storage.evals(), storage.approvals(), clock, audit != null);
    Runnable refreshGates =
        () -> {
          drain.run();
          switches.refresh();
          approvals.refresh();
        };
    AdminApi admin =
        new AdminApi(
            adminSecret == null ? null : adminSecret.resolve(env),
            storage.keys(),
            killSwitches,
            approvalControl,
            storage.evals(),
            refreshGates,
            config,
            clock,
            audit != null,
            drain);
    adoptPolicy(config, storage, clock, audit != null);
    long pollSwitches =
        vertx.setPeriodic(
            StoreWatcher.POLL_MILLIS,
            id ->
                Futures.blocking()
                    .execute(
                        () -> {
                          switches.refresh();
                          approvals.refresh();
                        }));
    Evaluations evaluations =
        new Evaluations(config, storage.evals(), router, clock, audit != null, null);
    Canaries canaries = new Canaries(config, evaluations, approvalControl, metrics, refreshGates);
    for (EvaluationsConfig.Canary c : config.evaluations().canaries()) {
      long unusedCanary =
          vertx.setPeriodic(
              c.every().toMillis(),
              id -> Thread.ofVirtual().name("canary-" + c.suite()).start(() -> canaries.run(c)));
    }
    long purgeConversations =
        vertx.setPeriodic(
            Duration.ofHours(1).toMillis(),
            id -> Futures.blocking().execute(() -> forgetConversations(storage, clock)));
    if (audit != null) {
      // Changes queued while no server held the log (the keys CLI, a policy change) go in before
      // any request.
      audit.drainOutbox();
      metrics.logSize(audit.log().size());
      long sweepAudit =
          vertx.setPeriodic(AuditTrail.SWEEP_PERIOD.toMillis(), id -> audit.sweepTimeouts());
      long unused =
          vertx.setPeriodic(
              1000,
              id ->
                  Futures.blocking()
                      .execute(
                          () -> {
                            audit.drainOutbox();
                            metrics.logSize(audit.log().size());
                          }));
    }
    Models models = new Models(config, authenticator, openAi, clock.instant().getEpochSecond());
    LedgerLookup lookup = new LedgerLookup(storage.ledger(), ledger, audit);
    ReceiptHandler receipts =
        audit == null ? null : new ReceiptHandler(audit, authenticator, admin, storage.ledger());
    PageHandler pages =
        new PageHandler(
            new SitePages(config, storage, clock, log),
            new AdminPages(config, storage, clock),
            admin,
            adminSecret == null ? null : adminSecret.resolve(env),
            killSwitches,
            approvalControl,
            storage.evals(),
            refreshGates,
            receipts,
            new AtrsPages(config, storage, clock),
            clock);
    HttpFront front =
        new HttpFront(
            vertx,
            pipeline,
            openAi,
            anthropic,
            models,
            admin,
            new ReviewHandler(
                authenticator, config, lookup, storage.reviews(), clock, audit != null, drain),
            new OutcomeHandler(authenticator, lookup, storage.outcomes(), clock),
            log == null ? null : new LogHandler(log),
            receipts,
            pages,
            metrics,
            clock,
            config.server().maxBodyBytes(),
            idleTimeout(config));
    int port;
    try {
      port =
          front.start(
              config.server().host(),
              portOverride == null ? config.server().port() : portOverride,
              loops);
    } catch (RuntimeException e) {
      authenticator.close();
      ledger.close();
      if (audit != null) {
        audit.close();
      }
      clients.values().forEach(ProviderClient::close);
      transport.close();
      closeQuietly(vertx);
      throw e;
    }
    StewardServer server =
        new StewardServer(
            config,
            vertx,
            front,
            transport,
            clients,
            authenticator,
            ledger,
            audit,
            pipeline,
            budgets,
            injection,
            tracing,
            port);
    LOG.info(
        "steward listening on {} in {} ms; pipeline: {}",
        server.baseUri(),
        (System.nanoTime() - t0) / 1_000_000,
        pipeline.describe());
    return server;
  }

  public int port() {
    return port;
  }

  /** {@code http://host:port}, the base URL for Anthropic SDKs ({@code /v1} for OpenAI's). */
  public URI baseUri() {
    String host = config.server().host();
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
  }

  /** The transparency log's verifier key, or {@code null} when the log is off. */
  public @Nullable String logVerifierKey() {
    return audit == null ? null : audit.log().verifier().toString();
  }

  /** The request path, stage by stage. */
  public String pipeline() {
    return "HTTP → " + pipeline.describe() + " → HTTP";
  }

  /** What each budgeted department and service has spent and holds reserved. */
  BudgetBook budgets() {
    return budgets;
  }

  /** Requests being answered now. */
  public int inFlight() {
    return front.inFlight();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    front.drainAndStop(config.server().shutdownGrace());
    authenticator.close();
    if (audit != null) {
      // Commits the last exchanges' completion records, on which their ledger rows wait.
      audit.close();
    }
    ledger.close();
    clients.values().forEach(ProviderClient::close);
    transport.close();
    if (injection != null) {
      injection.close();
    }
    // Every exchange has ended (drained above): its spans are buffered; this exports them.
    tracing.close();
    closeQuietly(vertx);
  }

  /** Forgets the labels of conversations idle for {@link #CONVERSATION_MEMORY}. */
  private static void forgetConversations(Storage storage, InstantSource clock) {
    try {
      int forgotten =
          storage.conversations().purgeBefore(clock.instant().minus(CONVERSATION_MEMORY));
      LOG.debug("conversation labels: {} forgotten", forgotten);
    } catch (RuntimeException e) {
      LOG.warn("conversation labels: purge failed, tried again in an hour: {}", e.toString());
    }
  }

  /**
   * Adopts the configuration's policy: when its hash differs from the last one adopted (by any
   * node), records it and queues a {@code policy-change} entry for the log, naming the version, the
   * new hash and the previous one. Two nodes starting together adopt it once.
   */
  static boolean adoptPolicy(
      StewardConfig config, Storage storage, InstantSource clock, boolean audited) {
    byte[] hash = HexFormat.of().parseHex(config.sourceSha256());
    Instant now = clock.instant();
    boolean adopted =
        storage
            .policyVersions()
            .adopt(
                new PolicyVersionStorage.PolicyVersion(config.policyVersion(), hash, now, "serve"),
                previous ->
                    audited
                        ? AuditEntryCodec.encode(
                            new AuditEntry.PolicyChange(
                                now,
                                config.policyVersion(),
                                Hash.of(hash),
                                previous == null ? null : Hash.of(previous.hash()),
                                "serve"))
                        : null);
    LOG.info(
        "policy {} (sha256 {}): {}",
        config.policyVersion(),
        config.sourceSha256().substring(0, 16),
        adopted ? "adopted" : "unchanged");
    return adopted;
  }

  /**
   * How long a connection may carry nothing either way: the configured read timeout, but never less
   * than the longest wait a stream may have between upstream chunks (each provider's idle timeout,
   * plus a margin), so a silent but live stream is ended by its upstream timeout, with an error
   * event the caller can read, rather than cut by the server.
   */
  static Duration idleTimeout(StewardConfig config) {
    Duration idle = config.server().readTimeout();
    for (ProviderConfig p : config.providers().values()) {
      Duration upstream = p.timeouts().idle().plusSeconds(5);
      if (upstream.compareTo(idle) > 0) {
        idle = upstream;
      }
    }
    return idle;
  }

  /** The event loops (one per core) and small worker pools the gateway's HTTP sides run on. */
  static Vertx vertx(int loops) {
    return Vertx.vertx(
        new VertxOptions()
            .setPreferNativeTransport(true)
            .setEventLoopPoolSize(loops)
            .setWorkerPoolSize(2)
            .setInternalBlockingPoolSize(2)
            .setFileSystemOptions(
                new FileSystemOptions()
                    .setFileCachingEnabled(false)
                    .setClassPathResolvingEnabled(false)));
  }

  /**
   * The router over {@code clients}: the configured routes, the departments' weights in capacity
   * pools (evaluation traffic's among them), timers on {@code vertx}.
   */
  static Router router(
      StewardConfig config,
      Map<String, ProviderClient> clients,
      InstantSource clock,
      Vertx vertx,
      RouterListener listener) {
    return Router.builder()
        .clients(clients)
        .providers(config.providers())
        .departmentWeights(Evaluations.weights(config))
        .clock(clock)
        .random(RandomGenerator.of("L64X128MixRandom"))
        .timer(timerOn(vertx))
        .listener(listener)
        .build();
  }

  private static Timer timerOn(Vertx vertx) {
    return delay -> {
      CompletableFuture<Void> done = new CompletableFuture<>();
      long id = vertx.setTimer(Math.max(1, delay.toMillis()), t -> done.complete(null));
      done.whenComplete(
          (v, t) -> {
            if (done.isCancelled()) {
              vertx.cancelTimer(id);
            }
          });
      return done;
    };
  }

  static void closeQuietly(Vertx vertx) {
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.debug("stopping the event loops failed", e);
    }
  }
}
