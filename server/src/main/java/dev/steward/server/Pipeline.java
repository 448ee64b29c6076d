package dev.steward.server;

import dev.steward.core.ErrorCode;
import dev.steward.core.Futures;
import dev.steward.core.StewardException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The whole request path, in order, in one place. Every chat and embedding request, whatever its
 * wire shape, runs through the same stages:
 *
 * <pre>
 *   HTTP (the API handler picks the wire: OpenAI | Anthropic)
 *   → ledger            registers the exchange's ledger row, written when the answer ends
 *   → authenticate      API key → principal (department, service, use case)
 *   → audit (refusals)  on the way back: a refusal without a request record gets one
 *   → decode            the body, once the caller is known
 *   → model-access      the alias exists, serves this endpoint, and the use case may call it
 *   → policy            classification label (never below the conversation's); the routes that
 *                       may receive it; kill switches
 *   → rate limit        requests per minute per key and per service
 *   → guards            personal data masked, redacted, pseudonymised or refused; injection
 *                       flagged, refused or stripped; on the way back: the output guard
 *                       (streams in bounded windows), pseudonyms restored, AI label, draft mark
 *   → budget            reserves the worst-case cost; settles to actual usage at the end
 *   → audit             request record committed before any upstream call (fail closed)
 *   → route             ordered eligible routes; retries, fallback before the first byte,
 *                       circuit breakers, capacity queues
 *   → provider          the adapter (canonical → vendor wire → canonical)
 *   encode (by the API handler: canonical → JSON or SSE in the caller's shape)
 * </pre>
 *
 * <p>When the answer has been written, completion hooks run innermost first: the audit completion
 * record is started, the budget settles, then the ledger row (which waits for the completion
 * record's index) is written. Each is a {@link Stage}; the list is built in {@code StewardServer}
 * and printed at start-up.
 */
public final class Pipeline {
  private final List<Stage> stages;
  private final Tracing tracing;

  Pipeline(List<Stage> stages) {
    this(stages, Tracing.OFF);
  }

  /** A pipeline whose exchanges are traced, a span per stage, when {@code tracing} is on. */
  Pipeline(List<Stage> stages, Tracing tracing) {
    if (stages.isEmpty()) {
      throw new IllegalArgumentException("stages: empty (expected: at least a terminal stage)");
    }
    this.stages = List.copyOf(stages);
    this.tracing = tracing;
  }

  /** The stage names in order, e.g. {@code ledger → authenticate → …}. */
  public String describe() {
    return stages.stream().map(Stage::name).collect(Collectors.joining(" → "));
  }

  /**
   * Runs the exchange through every stage. The stage never fails: failures come back as {@link
   * Reply.Failure}.
   */
  public CompletionStage<Reply> run(Exchange ex) {
    CompletionStage<Reply> reply;
    try {
      reply = step(0, ex);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(failure(ex, e));
    }
    return reply.exceptionally(t -> failure(ex, Futures.unwrap(t)));
  }

  /**
   * Runs an exchange that arrived as {@code method path}: with tracing on, inside a server span
   * (ended once the answer has been written) and a span per stage, each the child of the stage that
   * forwarded to it; with tracing off, exactly {@link #run(Exchange)}.
   */
  CompletionStage<Reply> run(Exchange ex, String method, String path) {
    if (!tracing.enabled()) {
      return run(ex);
    }
    Tracing.RequestSpan trace = tracing.start(ex, method, path);
    // Registered before any stage's hook, so it runs last: the span ends after the ledger's row.
    ex.onComplete(() -> trace.end(ex));
    CompletionStage<Reply> reply;
    try {
      reply = tracedStep(0, ex, trace, null);
    } catch (RuntimeException e) {
      return CompletableFuture.completedFuture(failure(ex, e));
    }
    return reply.exceptionally(t -> failure(ex, Futures.unwrap(t)));
  }

  private static Reply failure(Exchange ex, Throwable t) {
    return new Reply.Failure(asSteward(ex, t));
  }

  /** The failure as callers see it: itself, or an internal error naming the request. */
  static StewardException asSteward(Exchange ex, Throwable t) {
    return t instanceof StewardException e
        ? e
        : new StewardException(
            ErrorCode.INTERNAL, "internal error (request " + ex.requestId() + ")", null, null, t);
  }

  private CompletionStage<Reply> step(int index, Exchange ex) {
    if (index == stages.size()) {
      throw new IllegalStateException("the last stage forwarded: nothing answers");
    }
    Stage stage = stages.get(index);
    return stage.handle(ex, next -> step(index + 1, next));
  }

  private CompletionStage<Reply> tracedStep(
      int index, Exchange ex, Tracing.RequestSpan trace, Tracing.@Nullable StageSpan parent) {
    if (index == stages.size()) {
      throw new IllegalStateException("the last stage forwarded: nothing answers");
    }
    Stage stage = stages.get(index);
    Tracing.StageSpan span = trace.stage(stage.name(), parent);
    CompletionStage<Reply> reply;
    try {
      reply =
          stage.handle(
              ex,
              next -> {
                CompletionStage<Reply> rest;
                try {
                  rest = tracedStep(index + 1, next, trace, span);
                } catch (RuntimeException e) {
                  span.downstream(null, e);
                  throw e;
                }
                return rest.whenComplete(span::downstream);
              });
    } catch (RuntimeException e) {
      span.end(null, e);
      throw e;
    }
    return reply.whenComplete(span::end);
  }
}
