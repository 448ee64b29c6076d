package dev.steward.server;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Steward's Prometheus metrics, exposed at {@code /metrics}. Labels carry no content and no key:
 * only API, endpoint, model alias, route, status and reason code.
 */
public final class Metrics {
  private static final double[] LATENCY_BUCKETS = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120
  };

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

  private final Counter requests =
      Counter.builder()
          .withoutExemplars()
          .name("steward_requests_total")
          .help("Requests answered, by API, endpoint, model alias, HTTP status and reason code")
          .labelNames("api", "endpoint", "model", "status", "code")
          .register(registry);
  private final Histogram requestSeconds =
      Histogram.builder()
          .name("steward_request_duration_seconds")
          .help("Time from request received to answer complete (streams: to the last byte)")
          .unit(Unit.SECONDS)
          .classicOnly()
          .withoutExemplars()
          .classicUpperBounds(LATENCY_BUCKETS)
          .labelNames("api", "endpoint", "stream")
          .register(registry);
  private final Histogram firstTokenSeconds =
      Histogram.builder()
          .name("steward_time_to_first_token_seconds")
          .help("Time from request received to the first streamed event")
          .unit(Unit.SECONDS)
          .classicOnly()
          .withoutExemplars()
          .classicUpperBounds(LATENCY_BUCKETS)
          .labelNames("api")
          .register(registry);
  private final Histogram upstreamSeconds =
      Histogram.builder()
          .name("steward_upstream_duration_seconds")
          .help("Duration of each upstream attempt, by route and outcome")
          .unit(Unit.SECONDS)
          .classicOnly()
          .withoutExemplars()
          .classicUpperBounds(LATENCY_BUCKETS)
          .labelNames("route", "outcome")
          .register(registry);
  private final Counter tokens =
      Counter.builder()
          .withoutExemplars()
          .name("steward_tokens_total")
          .help(
              "Tokens reported by providers, by model alias, route and kind (input, output, cached)")
          .labelNames("model", "route", "kind")
          .register(registry);
  private final Counter errors =
      Counter.builder()
          .withoutExemplars()
          .name("steward_errors_total")
          .help("Errors answered, by reason code")
          .labelNames("code")
          .register(registry);
  private final Gauge queueDepth =
      Gauge.builder()
          .name("steward_queue_depth")
          .help("Callers waiting for a capacity pool")
          .labelNames("pool")
          .register(registry);
  private final Gauge inFlight =
      Gauge.builder()
          .name("steward_pool_in_flight")
          .help("Calls running in a capacity pool")
          .labelNames("pool")
          .register(registry);
  private final Gauge breakerOpen =
      Gauge.builder()
          .name("steward_circuit_open")
          .help("1 while a route's circuit breaker is open or half-open, else 0")
          .labelNames("route")
          .register(registry);
  private final Gauge streamsOpen =
      Gauge.builder()
          .name("steward_streams_open")
          .help("Streamed answers being written now")
          .register(registry);

  private final Counter auditFailures =
      Counter.builder()
          .withoutExemplars()
          .name("steward_audit_failures_total")
          .help("Completion records the transparency log could not commit")
          .register(registry);
  private final Gauge logSize =
      Gauge.builder()
          .name("steward_transparency_log_size")
          .help("Entries in the transparency log's latest published checkpoint")
          .register(registry);

  private final Counter evalRuns =
      Counter.builder()
          .withoutExemplars()
          .name("steward_eval_runs_total")
          .help("Evaluation runs finished here (canaries), by suite, model version and outcome")
          .labelNames("suite", "model_version", "outcome")
          .register(registry);
  private final Gauge evalMetric =
      Gauge.builder()
          .name("steward_eval_metric")
          .help("The latest canary run's metric, by suite, model version, scorer and metric")
          .labelNames("suite", "model_version", "scorer", "metric")
          .register(registry);
  private final Gauge evalAlert =
      Gauge.builder()
          .name("steward_eval_alert")
          .help(
              "1 while a model version's latest evidence no longer meets a gated use case's"
                  + " approval rules, else 0")
          .labelNames("use_case", "model_version")
          .register(registry);

  void evalRun(String suite, String modelVersion, String outcome) {
    evalRuns.labelValues(suite, modelVersion, outcome).inc();
  }

  void evalMetric(String suite, String modelVersion, String scorer, String metric, double value) {
    evalMetric.labelValues(suite, modelVersion, scorer, metric).set(value);
  }

  void evalAlert(String useCase, String modelVersion, boolean alert) {
    evalAlert.labelValues(useCase, modelVersion).set(alert ? 1 : 0);
  }

  void auditFailure() {
    auditFailures.inc();
  }

  void logSize(long size) {
    logSize.set(size);
  }

  void request(Exchange ex, long endNanos) {
    String model = ex.model() == null ? "" : ex.model().alias();
    requests
        .labelValues(
            ex.api().label(),
            ex.endpoint().label(),
            model,
            Integer.toString(ex.status()),
            ex.outcome())
        .inc();
    boolean stream = ex.chat() != null && ex.chat().stream();
    requestSeconds
        .labelValues(ex.api().label(), ex.endpoint().label(), Boolean.toString(stream))
        .observe((endNanos - ex.startNanos()) / 1e9);
    if (!"ok".equals(ex.outcome())) {
      errors.labelValues(ex.outcome()).inc();
    }
    if (ex.firstTokenNanos() > 0) {
      firstTokenSeconds
          .labelValues(ex.api().label())
          .observe((ex.firstTokenNanos() - ex.startNanos()) / 1e9);
    }
    if (ex.route() != null) {
      String route = ex.route().id();
      tokens.labelValues(model, route, "input").inc(ex.usage().inputTokens());
      tokens.labelValues(model, route, "output").inc(ex.usage().outputTokens());
      tokens.labelValues(model, route, "cached").inc(ex.usage().cachedInputTokens());
    }
  }

  void attempt(String route, String outcome, long nanos) {
    upstreamSeconds.labelValues(route, outcome).observe(nanos / 1e9);
  }

  void queueDepth(String pool, int depth) {
    queueDepth.labelValues(pool).set(depth);
  }

  void inFlight(String pool, int count) {
    inFlight.labelValues(pool).set(count);
  }

  void breaker(String route, boolean open) {
    breakerOpen.labelValues(route).set(open ? 1 : 0);
  }

  void streamOpened() {
    streamsOpen.inc();
  }

  void streamClosed() {
    streamsOpen.dec();
  }

  public String contentType() {
    return PrometheusTextFormatWriter.CONTENT_TYPE;
  }

  private volatile Runnable beforeScrape = () -> {};

  /** Runs before every scrape, to refresh gauges read from other components. */
  void beforeScrape(Runnable refresh) {
    this.beforeScrape = refresh;
  }

  public void write(OutputStream out) throws IOException {
    beforeScrape.run();
    writer.write(out, registry.scrape());
  }
}
