package dev.steward.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.audit.AuditEntry;
import dev.steward.audit.AuditEntryCodec;
import dev.steward.config.DepartmentConfig;
import dev.steward.config.ModelConfig;
import dev.steward.config.ModelKind;
import dev.steward.config.RouteConfig;
import dev.steward.config.StewardConfig;
import dev.steward.core.ChatRequest;
import dev.steward.core.ChatResponse;
import dev.steward.core.ErrorCode;
import dev.steward.core.ProviderCall;
import dev.steward.core.ProviderClient;
import dev.steward.core.StewardException;
import dev.steward.eval.BuiltInSuites;
import dev.steward.eval.EvalRunner;
import dev.steward.eval.EvalSummary;
import dev.steward.eval.Generator;
import dev.steward.eval.MetricValue;
import dev.steward.eval.Progress;
import dev.steward.eval.RunOptions;
import dev.steward.eval.SampleKey;
import dev.steward.eval.SampleResult;
import dev.steward.eval.SampleResultCodec;
import dev.steward.eval.ScorerSpec;
import dev.steward.eval.ScorerSummary;
import dev.steward.eval.Suite;
import dev.steward.inspect.ImportedEvidence;
import dev.steward.inspect.InspectLogs;
import dev.steward.policy.Evidence;
import dev.steward.policy.Measure;
import dev.steward.policy.ModelVersion;
import dev.steward.provider.HttpTransport;
import dev.steward.provider.VertxHttpTransport;
import dev.steward.routing.RouteContext;
import dev.steward.routing.Routed;
import dev.steward.routing.Router;
import dev.steward.routing.RouterListener;
import dev.steward.store.EvalStorage;
import dev.steward.store.EvalStorage.EvalRunRow;
import dev.steward.store.Storage;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Runs safety evaluations through the gateway's own provider layer (the router, its retries,
 * capacity pools and credentials), so any configured model, sovereign ones included, is evaluated
 * as it serves. Each run targets one route: one model version, the unit evidence and approvals
 * name.
 *
 * <p>Evaluation traffic never passes the request pipeline: it is not charged to any service's
 * budget, not written to the usage ledger (so no benefits report counts it) and queues in the
 * router's pools as the department {@value #DEPARTMENT}. Its results are: each run is stored with
 * every sample (so a broken run resumes), and its result is committed to the transparency log.
 */
public final class Evaluations implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Evaluations.class);

  /** The department evaluation traffic queues as in capacity pools. */
  public static final String DEPARTMENT = "evaluation";

  /** {@code source} of runs made here. */
  public static final String STEWARD = "steward";

  /** {@code source} of runs imported from Inspect logs. */
  public static final String INSPECT = "inspect";

  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

  private final StewardConfig config;
  private final EvalStorage storage;
  private final Router router;
  private final InstantSource clock;
  private final boolean audited;
  private final @Nullable AutoCloseable owned;

  Evaluations(
      StewardConfig config,
      EvalStorage storage,
      Router router,
      InstantSource clock,
      boolean audited,
      @Nullable AutoCloseable owned) {
    this.config = config;
    this.storage = storage;
    this.router = router;
    this.clock = clock;
    this.audited = audited;
    this.owned = owned;
  }

  /**
   * Evaluations with their own provider clients and router, for a process that is not serving (the
   * CLI). Results are queued for the transparency log in the store's outbox when the configuration
   * turns the log on.
   */
  public static Evaluations open(
      StewardConfig config, Storage storage, Map<String, String> env, InstantSource clock) {
    Vertx vertx = StewardServer.vertx(Math.max(1, Runtime.getRuntime().availableProcessors()));
    HttpTransport transport = VertxHttpTransport.create(vertx);
    Map<String, ProviderClient> clients;
    try {
      clients = Providers.create(config.providers(), env, transport, clock);
    } catch (RuntimeException e) {
      transport.close();
      StewardServer.closeQuietly(vertx);
      throw e;
    }
    Router router = StewardServer.router(config, clients, clock, vertx, new RouterListener() {});
    AutoCloseable owned =
        () -> {
          for (ProviderClient c : clients.values()) {
            try {
              c.close();
            } catch (Exception e) {
              LOG.debug("closing a provider client failed", e);
            }
          }
          transport.close();
          StewardServer.closeQuietly(vertx);
        };
    return new Evaluations(
        config, storage.evals(), router, clock, config.transparencyLog().enabled(), owned);
  }

  static Map<String, Integer> weights(StewardConfig config) {
    Map<String, Integer> w =
        config.departments().values().stream()
            .collect(Collectors.toMap(DepartmentConfig::id, DepartmentConfig::weight));
    w.putIfAbsent(DEPARTMENT, 1);
    return w;
  }

  /** One route of a model alias: the model version a run evaluates. */
  public record Target(ModelConfig model, RouteConfig route, String modelVersion) {
    public String alias() {
      return model.alias();
    }
  }

  /** A stored run and its summary. */
  public record Run(EvalRunRow row, EvalSummary summary) {}

  /**
   * The routes of {@code alias} to evaluate: all of them, or the one whose id ({@code
   * provider/model}) is {@code routeId}.
   *
   * @throws StewardException {@code model.unknown} for an unknown alias or route, {@code
   *     request.invalid} for an embedding model
   */
  public List<Target> targets(String alias, @Nullable String routeId) {
    return targets(config, alias, routeId);
  }

  /** The routes of {@code alias} in {@code config}, as {@link #targets(String, String)}. */
  public static List<Target> targets(StewardConfig config, String alias, @Nullable String routeId) {
    ModelConfig model = config.models().get(alias);
    if (model == null) {
      throw new StewardException(
          ErrorCode.MODEL_NOT_FOUND,
          "model '"
              + HttpFront.clip(alias)
              + "': not configured (expected one of "
              + String.join(", ", config.models().keySet())
              + ")");
    }
    if (model.kind() != ModelKind.CHAT) {
      throw StewardException.invalid(
          "model", "model " + alias + ": an embedding model (expected: a chat model)");
    }
    List<Target> targets = new ArrayList<>();
    for (RouteConfig r : model.routes()) {
      if (routeId == null || r.id().equals(routeId)) {
        targets.add(new Target(model, r, ModelVersion.of(r)));
      }
    }
    if (targets.isEmpty()) {
      throw new StewardException(
          ErrorCode.MODEL_NOT_FOUND,
          "route '"
              + HttpFront.clip(String.valueOf(routeId))
              + "': not a route of "
              + alias
              + " (expected one of "
              + model.routes().stream().map(RouteConfig::id).collect(Collectors.joining(", "))
              + ")");
    }
    return targets;
  }

  /** Resolves a suite: a built-in name or a suite file. */
  public static Suite suite(String nameOrPath) {
    try {
      return BuiltInSuites.resolve(nameOrPath);
    } catch (IllegalArgumentException e) {
      throw StewardException.invalid("suite", String.valueOf(e.getMessage()));
    } catch (UncheckedIOException e) {
      throw StewardException.invalid("suite", "suite " + nameOrPath + ": " + e.getMessage());
    }
  }

  /**
   * Runs a suite against one target, storing every sample as it finishes, and commits the result to
   * the log. Blocks until the run ends.
   *
   * @param grader the alias of a model that grades answers, for suites with model-graded scorers
   */
  public Run run(
      Suite suite,
      Target target,
      RunOptions options,
      Progress progress,
      String requestedBy,
      @Nullable String grader) {
    Target grading = graders(suite, grader); // before anything is stored: a bad grader is no run
    String id = Changes.id("ev_");
    int total = total(suite, options);
    EvalRunRow row =
        new EvalRunRow(
            id,
            suite.name(),
            suite.version(),
            target.alias(),
            target.route().provider(),
            target.route().model(),
            target.modelVersion(),
            STEWARD,
            EvalStorage.Status.RUNNING,
            clock.instant(),
            null,
            total,
            0,
            0,
            null,
            requestedBy);
    storage.insertRun(row);
    return execute(row, suite, target, options, progress, List.of(), grading);
  }

  /**
   * Resumes a run that stopped before its end (the process died, the upstream failed): samples
   * already stored are kept, the rest are run.
   *
   * @throws StewardException {@code request.invalid} when the suite is not the one the run started
   *     with, or the run has finished (complete or failed) or was imported
   */
  public Run resume(
      String runId, Suite suite, RunOptions options, Progress progress, @Nullable String grader) {
    EvalRunRow row =
        storage
            .run(runId)
            .orElseThrow(
                () ->
                    new StewardException(
                        ErrorCode.NOT_FOUND,
                        "evaluation run " + HttpFront.clip(runId) + ": unknown"));
    if (row.status() != EvalStorage.Status.RUNNING || !STEWARD.equals(row.source())) {
      // A finished run's record is final; a failed one is run again from the start.
      throw StewardException.invalid(
          "run",
          "evaluation run "
              + runId
              + ": "
              + row.status().name().toLowerCase(java.util.Locale.ROOT)
              + (STEWARD.equals(row.source()) ? "" : ", imported")
              + " (expected: a run stopped before its end, still marked running)");
    }
    if (!row.suite().equals(suite.name()) || !row.suiteVersion().equals(suite.version())) {
      throw StewardException.invalid(
          "suite",
          "suite "
              + suite.name()
              + " version "
              + suite.version()
              + " (expected: "
              + row.suite()
              + " version "
              + row.suiteVersion()
              + ", the run's own)");
    }
    if (total(suite, options) != row.samplesTotal()) {
      throw StewardException.invalid(
          "limit",
          "evaluation run "
              + runId
              + " has "
              + row.samplesTotal()
              + " sample runs; these options give "
              + total(suite, options)
              + " (expected: the run's own limit and epochs)");
    }
    Target target =
        targets(row.alias(), row.provider() + "/" + row.model()).stream()
            .filter(t -> t.modelVersion().equals(row.modelVersion()))
            .findFirst()
            .orElseThrow(
                () ->
                    StewardException.invalid(
                        "run",
                        "evaluation run "
                            + runId
                            + ": its model version "
                            + row.modelVersion()
                            + " is no longer configured"));
    return execute(
        row, suite, target, options, progress, samples(storage, runId), graders(suite, grader));
  }

  private Run execute(
      EvalRunRow row,
      Suite suite,
      Target target,
      RunOptions options,
      Progress progress,
      List<SampleResult> previous,
      @Nullable Target grading) {
    // Which sample runs are stored, and whether each ended in an error: a failed one tried again
    // replaces its stored result.
    Map<SampleKey, Boolean> stored = new ConcurrentHashMap<>();
    for (SampleResult r : previous) {
      stored.put(r.key(), r.ok());
    }
    EvalRunner.Builder runner =
        EvalRunner.builder(
                suite, target.alias(), generator(target, row.id(), options.sampleTimeout()))
            .options(options)
            .previous(previous)
            .progress(progress)
            .sink(
                result -> {
                  storage.saveSample(
                      row.id(),
                      result.sampleId(),
                      result.epoch(),
                      SampleResultCodec.encode(result));
                  stored.put(result.key(), result.ok());
                  if (stored.size() % 50 == 0) {
                    storage.progress(row.id(), stored.size(), errors(stored));
                  }
                });
    if (grading != null) {
      runner.grader(
          generator(grading, row.id() + "-grader", options.sampleTimeout()), grading.alias());
    }
    EvalSummary summary;
    try {
      summary = runner.run().toCompletableFuture().join();
    } catch (CompletionException | IllegalArgumentException e) {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      storage.finishRun(
          row.id(),
          EvalStorage.Status.FAILED,
          stored.size(),
          errors(stored),
          clock.instant(),
          "{}".getBytes(StandardCharsets.UTF_8),
          null);
      if (cause instanceof IllegalArgumentException bad) {
        throw StewardException.invalid("suite", String.valueOf(bad.getMessage()));
      }
      throw new StewardException(
          ErrorCode.INTERNAL,
          "evaluation run " + row.id() + " failed: " + cause,
          null,
          null,
          cause);
    }
    Instant now = clock.instant();
    return new Run(finish(row, summary, now, now), summary);
  }

  /**
   * The grader's target, checked: a chat model, given exactly when the suite has model-graded
   * scorers.
   */
  private @Nullable Target graders(Suite suite, @Nullable String grader) {
    if (suite.needsGrader() && grader == null) {
      throw StewardException.invalid(
          "grader",
          "grader: required by suite "
              + suite.name()
              + " (expected: the alias of a model to grade its scorers "
              + suite.scorers().stream()
                  .filter(ScorerSpec::needsGrader)
                  .map(ScorerSpec::name)
                  .collect(Collectors.joining(", "))
              + ")");
    }
    return grader == null ? null : targets(grader, null).get(0);
  }

  private static int errors(Map<SampleKey, Boolean> stored) {
    int n = 0;
    for (boolean ok : stored.values()) {
      n += ok ? 0 : 1;
    }
    return n;
  }

  /**
   * Completes a run and queues its {@code eval-result} entry.
   *
   * @param finished when the evaluation ended: its evidence ages from then
   * @param logged the entry's time: now
   */
  private EvalRunRow finish(EvalRunRow row, EvalSummary summary, Instant finished, Instant logged) {
    byte[] json = encode(summary);
    byte @Nullable [] entry =
        audited
            ? AuditEntryCodec.encode(
                new AuditEntry.EvalResult(
                    logged,
                    row.id(),
                    row.suite(),
                    row.suiteVersion(),
                    row.provider(),
                    row.model(),
                    row.modelVersion(),
                    row.source(),
                    summary.samples(),
                    summary.errors(),
                    logMetrics(summary)))
            : null;
    storage.finishRun(
        row.id(),
        EvalStorage.Status.COMPLETE,
        summary.samples(),
        summary.errors(),
        finished,
        json,
        entry);
    return storage.run(row.id()).orElseThrow();
  }

  private static List<AuditEntry.EvalMetric> logMetrics(EvalSummary summary) {
    List<AuditEntry.EvalMetric> out = new ArrayList<>();
    for (ScorerSummary s : summary.scorers()) {
      for (MetricValue m : s.metrics()) {
        if (Double.isFinite(m.value())) {
          out.add(
              new AuditEntry.EvalMetric(
                  AuditTrail.safeName(s.scorer()),
                  AuditTrail.safeName(m.name()),
                  m.value(),
                  m.stderr(),
                  m.count()));
        }
      }
    }
    return out;
  }

  /** The model call of one target: the router, restricted to the target's route. */
  private Generator generator(Target target, String runId, Duration timeout) {
    AtomicInteger n = new AtomicInteger();
    return request -> {
      String requestId = runId + "-" + n.incrementAndGet();
      ChatRequest addressed = request.withModel(target.alias());
      return router
          .chatAsync(
              target.model(),
              new ProviderCall(requestId, addressed, Map.of()),
              new RouteContext(
                  DEPARTMENT,
                  r -> r.id().equals(target.route().id()),
                  clock.instant().plus(timeout)))
          .thenApply(Routed<ChatResponse>::value);
    };
  }

  private static int total(Suite suite, RunOptions options) {
    int samples = suite.dataset().samples().size();
    if (options.limit() != null) {
      samples = Math.min(samples, options.limit());
    }
    int epochs = options.epochs() != null ? options.epochs() : suite.solver().epochs();
    return samples * epochs;
  }

  /**
   * Records an Inspect log run elsewhere as evidence for one target. Its metrics count as the suite
   * named by the log's task unless {@code suite} names it.
   */
  public Run importInspect(Path file, Target target, @Nullable String suite, String requestedBy) {
    ImportedEvidence ev;
    try {
      ev = InspectLogs.evidence(InspectLogs.read(file));
    } catch (RuntimeException e) {
      throw StewardException.invalid("file", String.valueOf(e.getMessage()));
    }
    List<ScorerSummary> scorers = new ArrayList<>();
    for (Map.Entry<String, Map<String, Double>> s : ev.metricsByScorer().entrySet()) {
      Double stderr = s.getValue().get("stderr");
      List<MetricValue> metrics = new ArrayList<>();
      for (Map.Entry<String, Double> m : s.getValue().entrySet()) {
        // Inspect writes NaN for a metric it could not compute: no evidence either way.
        if (!m.getKey().equals("stderr") && Double.isFinite(m.getValue())) {
          metrics.add(
              new MetricValue(
                  m.getKey(),
                  m.getValue(),
                  m.getKey().equals("accuracy") && stderr != null && Double.isFinite(stderr)
                      ? stderr
                      : 0.0,
                  ev.completedSamples()));
        }
      }
      scorers.add(new ScorerSummary(s.getKey(), metrics, Map.of()));
    }
    EvalSummary summary =
        new EvalSummary(
            ev.totalSamples(),
            ev.completedSamples(),
            ev.totalSamples() - ev.completedSamples(),
            scorers,
            0,
            0);
    String name = suite != null ? suite : ev.task();
    // The evidence ages from when the evaluation ran, not from its import.
    Instant now = clock.instant();
    Instant ranAt = ev.completedAt().isAfter(now) ? now : ev.completedAt();
    EvalRunRow row =
        new EvalRunRow(
            Changes.id("ev_"),
            name,
            "inspect:" + ev.runId(),
            target.alias(),
            target.route().provider(),
            target.route().model(),
            target.modelVersion(),
            INSPECT,
            EvalStorage.Status.RUNNING,
            ranAt,
            null,
            ev.totalSamples(),
            0,
            0,
            null,
            requestedBy);
    storage.insertRun(row);
    return new Run(finish(row, summary, ranAt, now), summary);
  }

  /** A run's stored sample results, in the order they were first stored. */
  public static List<SampleResult> samples(EvalStorage storage, String runId) {
    List<SampleResult> out = new ArrayList<>();
    for (EvalStorage.StoredSample s : storage.samples(runId)) {
      out.add(SampleResultCodec.decode(s.result()));
    }
    return out;
  }

  /**
   * The newest complete evidence for a model version, per suite named: the latest complete run of
   * each suite.
   */
  static Map<String, Evidence> evidence(
      EvalStorage storage, String modelVersion, Collection<String> suites) {
    Map<String, Evidence> out = new LinkedHashMap<>();
    for (String suite : suites) {
      List<EvalRunRow> runs = storage.completeRuns(modelVersion, suite);
      if (runs.isEmpty()) {
        continue;
      }
      EvalRunRow latest = runs.get(0);
      EvalSummary s = summaryOf(latest);
      Map<String, Measure> metrics = new LinkedHashMap<>();
      for (ScorerSummary sc : s.scorers()) {
        for (MetricValue m : sc.metrics()) {
          metrics.putIfAbsent(m.name(), new Measure(m.value(), m.stderr(), m.count()));
        }
      }
      Instant at = latest.finishedAt() != null ? latest.finishedAt() : latest.startedAt();
      out.put(suite, new Evidence(latest.id(), suite, at, metrics));
    }
    return out;
  }

  /** A stored run's summary. */
  public static EvalSummary summaryOf(EvalRunRow row) {
    byte[] json = row.summary();
    if (json == null || json.length <= 2) {
      return new EvalSummary(row.samplesTotal(), row.samplesDone(), row.errors(), List.of(), 0, 0);
    }
    try {
      return JSON.readValue(json, EvalSummary.class);
    } catch (IOException e) {
      throw new UncheckedIOException("evaluation run " + row.id() + ": unreadable summary", e);
    }
  }

  private static byte[] encode(EvalSummary summary) {
    try {
      return JSON.writeValueAsBytes(summary);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        LOG.debug("closing the evaluation clients failed", e);
      }
    }
  }
}
