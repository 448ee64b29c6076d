package dev.steward.server;

import dev.steward.config.StewardConfig;
import dev.steward.config.TracingConfig;
import dev.steward.core.ProviderClient;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Spans for the request path: one server span per exchange, one per pipeline stage, one client span
 * per upstream call (docs/spec/tracing.md). The pipeline and the HTTP front see only this
 * interface, so with no {@code tracing} section ({@link #OFF}) no OpenTelemetry class is loaded and
 * the request path is the untraced one: one field read per request.
 */
interface Tracing extends AutoCloseable {

  /** Tracing off: nothing is recorded. */
  Tracing OFF = new Off();

  /**
   * The tracing a configuration asks for: {@link #OFF} without a {@code tracing} section, else
   * spans exported over OTLP/HTTP in batches.
   *
   * @param env where secret export headers are read from
   */
  static Tracing create(StewardConfig config, Map<String, String> env) {
    TracingConfig tracing = config.tracing();
    return tracing == null ? OFF : OtelTracing.create(tracing, config, env);
  }

  /** Whether spans are recorded; when not, the pipeline runs untraced. */
  boolean enabled();

  /**
   * Starts an exchange's server span, a child of the caller's {@code traceparent} when it sent one.
   * The span ends with {@link RequestSpan#end}, once the answer has been written.
   */
  RequestSpan start(Exchange ex, String method, String path);

  /**
   * The provider clients, each call made for a traced exchange recorded as a client span whose W3C
   * {@code traceparent} the upstream request carries.
   */
  Map<String, ProviderClient> clients(Map<String, ProviderClient> clients);

  /** Exports the spans still buffered, then stops. */
  @Override
  void close();

  /** An exchange's server span. */
  interface RequestSpan {

    /** Starts a stage's span: a child of {@code parent}, or of the server span when null. */
    StageSpan stage(String name, @Nullable StageSpan parent);

    /** Ends the server span with what the exchange became: status, route, usage, reason. */
    void end(Exchange ex);
  }

  /** A pipeline stage's span; it ends when the stage's reply is known. */
  interface StageSpan {

    /**
     * Notes that the stage forwarded, and how the rest of the pipeline ended, so the span of the
     * stage where a failure began is the one marked as failed.
     */
    void downstream(@Nullable Reply reply, @Nullable Throwable error);

    /** Ends the span with the stage's reply or failure. */
    void end(@Nullable Reply reply, @Nullable Throwable error);
  }

  /** Tracing off. */
  final class Off implements Tracing {
    private Off() {}

    @Override
    public boolean enabled() {
      return false;
    }

    @Override
    public RequestSpan start(Exchange ex, String method, String path) {
      throw new IllegalStateException("tracing is off");
    }

    @Override
    public Map<String, ProviderClient> clients(Map<String, ProviderClient> clients) {
      return clients;
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
      return "tracing off";
    }
  }
}
