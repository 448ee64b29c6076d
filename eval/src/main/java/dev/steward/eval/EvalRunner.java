package dev.steward.eval;

import dev.steward.core.ChatRequest;
import dev.steward.core.ChatResponse;
import dev.steward.core.Choice;
import dev.steward.core.Futures;
import dev.steward.core.StewardException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Runs a suite against a model.
 *
 * <ul>
 *   <li><b>Bounded.</b> At most {@link RunOptions#concurrency()} samples are in progress at once,
 *       from the generation call to the last scorer; no thread waits while they are.
 *   <li><b>Resumable.</b> Sample runs already done are skipped, and the summary covers the previous
 *       results passed in together with the new ones.
 *   <li><b>Streaming.</b> Each finished sample goes to the sink as it finishes, then progress is
 *       reported; the two are never called at once from two threads. A sink or progress callback
 *       that throws fails the run (after the samples in progress finish), since results would
 *       otherwise be lost.
 *   <li><b>Failures are samples' failures.</b> A generation or grader call that fails or exceeds
 *       the sample timeout makes that sample an error: its message names what failed (never the
 *       prompt) and the run goes on.
 * </ul>
 *
 * <p>Samples run epoch by epoch, in dataset order; they may finish in any order.
 */
public final class EvalRunner {
  private EvalRunner() {}

  /**
   * Runs {@code suite}, skipping {@code alreadyDone}. The summary covers only this run's results;
   * use {@link #builder} with {@link Builder#previous(List)} to include stored ones.
   *
   * @param model the model alias every request is addressed to
   * @throws EvalException when a scorer needs a grader (use {@link #builder} to give one)
   */
  public static CompletionStage<EvalSummary> run(
      Suite suite,
      String model,
      Generator generator,
      RunOptions options,
      Set<SampleKey> alreadyDone,
      Consumer<SampleResult> sink,
      Progress progress) {
    return builder(suite, model, generator)
        .options(options)
        .alreadyDone(alreadyDone)
        .sink(sink)
        .progress(progress)
        .run();
  }

  /**
   * Runs {@code suite}, skipping the sample runs that {@code previous} completed without error
   * (failed ones are tried again); the summary covers the previous results and the new ones.
   */
  public static CompletionStage<EvalSummary> resume(
      Suite suite,
      String model,
      Generator generator,
      RunOptions options,
      List<SampleResult> previous,
      Consumer<SampleResult> sink,
      Progress progress) {
    return builder(suite, model, generator)
        .options(options)
        .previous(previous)
        .sink(sink)
        .progress(progress)
        .run();
  }

  public static Builder builder(Suite suite, String model, Generator generator) {
    return new Builder(suite, model, generator);
  }

  /** Sets up a run; each option may be set once. */
  public static final class Builder {
    private final Suite suite;
    private final String model;
    private final Generator generator;
    private @Nullable RunOptions options;
    private @Nullable List<SampleResult> previous;
    private @Nullable Set<SampleKey> alreadyDone;
    private @Nullable Consumer<SampleResult> sink;
    private @Nullable Progress progress;
    private @Nullable Generator grader;
    private @Nullable String graderModel;
    private @Nullable Executor executor;
    private @Nullable InstantSource clock;

    private Builder(Suite suite, String model, Generator generator) {
      this.suite = Objects.requireNonNull(suite, "suite");
      this.model = Objects.requireNonNull(model, "model");
      this.generator = Objects.requireNonNull(generator, "generator");
      if (model.isBlank()) {
        throw new IllegalArgumentException("model: blank (expected: a model alias)");
      }
    }

    /** How to run; {@link RunOptions#defaults()} when not set. */
    public Builder options(RunOptions options) {
      once(this.options, "options");
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Stored results of an earlier run of the same suite. Those that completed are not run again;
     * all of them that belong to this run's samples and epochs count in the summary, unless run
     * again.
     */
    public Builder previous(List<SampleResult> previous) {
      once(this.previous, "previous");
      this.previous = List.copyOf(previous);
      return this;
    }

    /** Sample runs not to run (in addition to those {@link #previous} completed). */
    public Builder alreadyDone(Set<SampleKey> alreadyDone) {
      once(this.alreadyDone, "alreadyDone");
      this.alreadyDone = Set.copyOf(alreadyDone);
      return this;
    }

    /** Receives each finished sample result, one at a time, in completion order. */
    public Builder sink(Consumer<SampleResult> sink) {
      once(this.sink, "sink");
      this.sink = Objects.requireNonNull(sink, "sink");
      return this;
    }

    public Builder progress(Progress progress) {
      once(this.progress, "progress");
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    /** The grader model for {@code refusal-grader} and {@code model-graded} scorers. */
    public Builder grader(Generator grader, String graderModel) {
      once(this.grader, "grader");
      this.grader = Objects.requireNonNull(grader, "grader");
      this.graderModel = Objects.requireNonNull(graderModel, "graderModel");
      return this;
    }

    /**
     * Where answers are scored and the sink and progress are called; by default {@link
     * Futures#blocking()} (a virtual thread per task), so a blocking sink never holds the thread
     * that completed a generation.
     */
    public Builder executor(Executor executor) {
      once(this.executor, "executor");
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** The clock of {@link SampleResult#completedAt()}; the system clock by default. */
    public Builder clock(InstantSource clock) {
      once(this.clock, "clock");
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Starts the run. The stage completes with the summary once every sample has finished, or fails
     * when the sink or progress callback threw. Cancelling it stops new samples from starting.
     *
     * @throws EvalException when a scorer needs a grader and none was given
     */
    public CompletionStage<EvalSummary> run() {
      List<Scorer> scorers = suite.scorers(grader, graderModel);
      RunOptions opts = options == null ? RunOptions.defaults() : options;
      Run run =
          new Run(
              suite,
              model,
              generator,
              scorers,
              opts,
              previous == null ? List.of() : previous,
              alreadyDone == null ? Set.of() : alreadyDone,
              sink == null ? r -> {} : sink,
              progress == null ? Progress.NONE : progress,
              executor == null ? Futures.blocking() : executor,
              clock == null ? InstantSource.system() : clock);
      return run.start();
    }

    private static void once(@Nullable Object current, String name) {
      if (current != null) {
        throw new IllegalStateException(name + " was already set to " + current);
      }
    }
  }

  /** One sample run to do. */
  private record Planned(Sample sample, int epoch) {
    SampleKey key() {
      return new SampleKey(sample.id(), epoch);
    }
  }

  /** A generation's outcome and how long it took. */
  private record Generated(
      @Nullable ChatResponse response, @Nullable Throwable failure, long millis) {}

  /** The state of one run. */
  private static final class Run {
    private final Suite suite;
    private final String model;
    private final Generator generator;
    private final List<Scorer> scorers;
    private final Duration timeout;
    private final int concurrency;
    private final Consumer<SampleResult> sink;
    private final Progress progress;
    private final Executor executor;
    private final InstantSource clock;

    private final List<Planned> todo = new ArrayList<>();
    private final List<SampleResult> kept = new ArrayList<>();
    private final int total;
    private final int skipped;

    private final CompletableFuture<EvalSummary> result = new CompletableFuture<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger wip = new AtomicInteger();
    private int next; // touched only inside drain()

    private final ReentrantLock lock = new ReentrantLock();
    private final List<SampleResult> fresh = new ArrayList<>(); // guarded by lock
    private int finished; // guarded by lock
    private int errors; // guarded by lock
    private volatile @Nullable Throwable failure;
    private boolean ended; // touched only inside drain()

    Run(
        Suite suite,
        String model,
        Generator generator,
        List<Scorer> scorers,
        RunOptions options,
        List<SampleResult> previous,
        Set<SampleKey> alreadyDone,
        Consumer<SampleResult> sink,
        Progress progress,
        Executor executor,
        InstantSource clock) {
      this.suite = suite;
      this.model = model;
      this.generator = generator;
      this.scorers = scorers;
      this.timeout = options.sampleTimeout();
      this.concurrency = options.concurrency();
      this.sink = sink;
      this.progress = progress;
      this.executor = executor;
      this.clock = clock;

      Dataset dataset =
          options.limit() == null ? suite.dataset() : suite.dataset().limit(options.limit());
      int epochs = options.epochs() == null ? suite.solver().epochs() : options.epochs();
      Set<SampleKey> skip = new HashSet<>(alreadyDone);
      Map<SampleKey, SampleResult> earlier = new LinkedHashMap<>();
      for (SampleResult r : previous) {
        earlier.put(r.key(), r);
      }
      for (SampleResult r : earlier.values()) {
        if (r.ok()) {
          skip.add(r.key());
        }
      }
      int planned = 0;
      int skippedCount = 0;
      for (int epoch = 1; epoch <= epochs; epoch++) {
        for (Sample s : dataset.samples()) {
          Planned p = new Planned(s, epoch);
          planned++;
          if (skip.contains(p.key())) {
            skippedCount++;
            SampleResult r = earlier.get(p.key());
            if (r != null) {
              kept.add(r);
            }
          } else {
            todo.add(p);
          }
        }
      }
      this.total = planned;
      this.skipped = skippedCount;
    }

    CompletionStage<EvalSummary> start() {
      lock.lock();
      try {
        progress.update(skipped, total, 0);
      } finally {
        lock.unlock();
      }
      drain();
      return result;
    }

    /**
     * Starts samples while there are free slots, and ends the run when nothing is left. Calls made
     * while another thread drains are folded into that thread's loop, so a generator that completes
     * at once never deepens the stack.
     */
    private void drain() {
      if (wip.getAndIncrement() != 0) {
        return;
      }
      int missed = 1;
      do {
        while (failure == null
            && !result.isDone()
            && next < todo.size()
            && inFlight.get() < concurrency) {
          inFlight.incrementAndGet();
          start(todo.get(next++));
        }
        if (!ended
            && inFlight.get() == 0
            && (next >= todo.size() || failure != null || result.isDone())) {
          ended = true;
          end();
        }
        missed = wip.addAndGet(-missed);
      } while (missed != 0);
    }

    private void end() {
      Throwable f = failure;
      if (f != null) {
        result.completeExceptionally(f);
        return;
      }
      List<SampleResult> all = new ArrayList<>(kept);
      lock.lock();
      try {
        all.addAll(fresh);
      } finally {
        lock.unlock();
      }
      try {
        result.complete(Metrics.summarise(all, suite.scorerNames()));
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    }

    private void start(Planned p) {
      long started = System.nanoTime();
      CompletableFuture<Generated> generated;
      try {
        ChatRequest request = suite.solver().request(model, p.sample());
        generated =
            within(generator.generate(request))
                .handle(
                    (response, t) ->
                        new Generated(
                            response,
                            t,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)));
      } catch (RuntimeException e) {
        generated = CompletableFuture.completedFuture(new Generated(null, e, 0));
      }
      // finish() handles every outcome itself (the sink's and progress's failures included)
      CompletableFuture<Void> unused =
          generated
              .thenComposeAsync(g -> score(p, g), executor)
              .exceptionally(t -> failed(p, null, "internal: " + describe(t, p), 0))
              .thenAccept(this::finish);
    }

    private CompletionStage<SampleResult> score(Planned p, Generated g) {
      ChatResponse response = g.response();
      if (response == null) {
        Throwable t = Objects.requireNonNullElseGet(g.failure(), IllegalStateException::new);
        return CompletableFuture.completedFuture(
            failed(p, null, "generation: " + describe(t, p), g.millis()));
      }
      if (response.choices().isEmpty()) {
        return CompletableFuture.completedFuture(
            failed(p, response, "generation: no choices in the answer", g.millis()));
      }
      Choice choice = response.choices().get(0);
      String output = choice.message().text();
      List<CompletableFuture<Score>> pending = new ArrayList<>(scorers.size());
      for (Scorer s : scorers) {
        CompletableFuture<Score> f;
        try {
          f = within(s.score(p.sample(), output));
        } catch (RuntimeException e) {
          f = CompletableFuture.failedFuture(e);
        }
        pending.add(f);
      }
      return CompletableFuture.allOf(pending.toArray(CompletableFuture<?>[]::new))
          .handle(
              (ignored, t) -> {
                Map<String, Score> scores = new LinkedHashMap<>();
                String error = null;
                for (int i = 0; i < scorers.size(); i++) {
                  CompletableFuture<Score> f = pending.get(i);
                  String name = scorers.get(i).name();
                  if (f.isCompletedExceptionally()) {
                    if (error == null) {
                      error = "scorer " + name + ": " + describe(failureOf(f), p);
                    }
                  } else {
                    scores.put(name, f.join());
                  }
                }
                return result(p, response, choice, output, g.millis(), scores, error);
              });
    }

    private void finish(SampleResult r) {
      lock.lock();
      try {
        fresh.add(r);
        finished++;
        if (!r.ok()) {
          errors++;
        }
        if (failure == null) {
          sink.accept(r);
          progress.update(skipped + finished, total, errors);
        }
      } catch (RuntimeException | Error e) {
        failure = e;
      } finally {
        lock.unlock();
      }
      inFlight.decrementAndGet();
      drain();
    }

    private SampleResult result(
        Planned p,
        ChatResponse response,
        Choice choice,
        String output,
        long millis,
        Map<String, Score> scores,
        @Nullable String error) {
      Sample s = p.sample();
      return new SampleResult(
          s.id(),
          p.epoch(),
          s.input(),
          s.target(),
          s.category(),
          output,
          response.model(),
          choice.stopReason().name().toLowerCase(Locale.ROOT),
          response.usage().inputTokens(),
          response.usage().outputTokens(),
          millis,
          scores,
          error,
          clock.instant());
    }

    private SampleResult failed(
        Planned p, @Nullable ChatResponse response, String error, long millis) {
      Sample s = p.sample();
      return new SampleResult(
          s.id(),
          p.epoch(),
          s.input(),
          s.target(),
          s.category(),
          null,
          response == null ? null : response.model(),
          null,
          response == null ? 0 : response.usage().inputTokens(),
          response == null ? 0 : response.usage().outputTokens(),
          millis,
          Map.of(),
          error,
          clock.instant());
    }

    /**
     * The stage's outcome, failed with a {@link TimeoutException} after the sample timeout. A stage
     * that times out is cancelled before the outcome is known, so the generator learns that nobody
     * waits for its answer before the sample is recorded.
     */
    private <T> CompletableFuture<T> within(@Nullable CompletionStage<T> stage) {
      if (stage == null) {
        return CompletableFuture.failedFuture(new IllegalStateException("no stage returned"));
      }
      CompletableFuture<T> out = new CompletableFuture<>();
      AtomicBoolean timedOut = new AtomicBoolean();
      // Completing (or cancelling) the timer also drops its scheduled task.
      CompletableFuture<@Nullable Void> timer =
          new CompletableFuture<@Nullable Void>()
              .completeOnTimeout(null, timeout.toNanos(), TimeUnit.NANOSECONDS);
      stage.whenComplete(
          (v, t) -> {
            timer.cancel(false);
            if (timedOut.get()) {
              out.completeExceptionally(new TimeoutException());
            } else if (t != null) {
              out.completeExceptionally(t);
            } else {
              out.complete(v);
            }
          });
      CompletableFuture<Void> unused =
          timer.thenRun(
              () -> {
                if (out.isDone()) {
                  return;
                }
                timedOut.set(true);
                if (stage instanceof Future<?> f) {
                  f.cancel(true);
                }
                out.completeExceptionally(new TimeoutException());
              });
      return out;
    }

    private static Throwable failureOf(CompletableFuture<?> f) {
      try {
        f.join();
        return new IllegalStateException("not failed");
      } catch (RuntimeException e) {
        return e;
      }
    }

    /** A failure's message without the prompt, at most 300 characters. */
    private String describe(Throwable t, Planned p) {
      Throwable e = Futures.unwrap(t);
      String message;
      if (e instanceof TimeoutException) {
        message = "timed out after " + seconds(timeout);
      } else if (e instanceof StewardException se) {
        message = se.code().reason() + ": " + se.getMessage();
      } else {
        message =
            e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      }
      String input = p.sample().input();
      if (input.length() >= 8) {
        message = message.replace(input, "<prompt>");
      }
      return message.length() <= 300 ? message : message.substring(0, 300) + "...";
    }

    private static String seconds(Duration d) {
      long millis = d.toMillis();
      return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
  }
}
