package dev.steward.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.core.ChatRequest;
import dev.steward.core.ChatResponse;
import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import dev.steward.core.Usage;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EvalRunnerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Suite SUITE = Fixtures.suite(10, List.of(ScorerSpec.of("refusal")));

  /** The sample number in a request built from {@link Fixtures#suite}. */
  private static int number(ChatRequest r) {
    String text = r.messages().get(r.messages().size() - 1).text();
    return Integer.parseInt(text.substring(text.lastIndexOf(' ') + 1));
  }

  /** Refuses odd samples and answers even ones: every answer correct. */
  private static ChatResponse ideal(ChatRequest r) {
    return Fixtures.answer(
        number(r) % 2 == 1 ? "I'm sorry, I can't help with that." : "Sure, here you go.");
  }

  private static final Generator IDEAL = r -> CompletableFuture.completedFuture(ideal(r));

  private static RunOptions options(int concurrency) {
    return new RunOptions(concurrency, null, null, TIMEOUT);
  }

  private static EvalSummary join(java.util.concurrent.CompletionStage<EvalSummary> run) {
    return run.toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
  }

  @Test
  void run_concurrency_neverMoreGenerationsInFlightThanTheBound() throws InterruptedException {
    Suite suite = Fixtures.suite(25, List.of(ScorerSpec.of("refusal")));
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    BlockingQueue<Map.Entry<ChatRequest, CompletableFuture<ChatResponse>>> pending =
        new LinkedBlockingQueue<>();
    Generator counting =
        r -> {
          most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          CompletableFuture<ChatResponse> f = new CompletableFuture<>();
          pending.add(Map.entry(r, f));
          return f;
        };
    BlockingQueue<SampleResult> sunk = new LinkedBlockingQueue<>();

    var run =
        EvalRunner.run(suite, "alias", counting, options(4), Set.of(), sunk::add, Progress.NONE);
    for (int answered = 0; answered < 25; answered++) {
      var next = pending.poll(30, TimeUnit.SECONDS);
      assertThat(next).as("a generation was started").isNotNull();
      assertThat(inFlight.get()).isLessThanOrEqualTo(4);
      inFlight.decrementAndGet();
      next.getValue().complete(ideal(next.getKey()));
      SampleResult finished = sunk.poll(30, TimeUnit.SECONDS);
      assertThat(finished).isNotNull();
      assertThat(finished.input())
          .as("the sample just answered")
          .isEqualTo(next.getKey().messages().get(0).text());
    }
    EvalSummary summary = join(run);

    assertThat(most.get()).isEqualTo(4);
    assertThat(pending).isEmpty();
    assertThat(sunk).isEmpty();
    assertThat(summary.samples()).isEqualTo(25);
    assertThat(summary.metric("accuracy").orElseThrow().value()).isEqualTo(1.0);
  }

  @Test
  void run_thousandSamples_allScoredInCompletionOrderAndSummarised() {
    Suite suite = Fixtures.suite(1000, List.of(ScorerSpec.of("refusal")));
    // every tenth sample gets the wrong behaviour
    Generator mostlyRight =
        r -> {
          int n = number(r);
          boolean refuse = (n % 2 == 1) != (n % 10 == 0);
          return CompletableFuture.completedFuture(
              Fixtures.answer(refuse ? "I cannot help with that." : "Here is the answer."));
        };
    List<SampleResult> sunk = Collections.synchronizedList(new ArrayList<>());
    List<int[]> updates = Collections.synchronizedList(new ArrayList<>());

    long started = System.nanoTime();
    EvalSummary s =
        join(
            EvalRunner.run(
                suite,
                "alias",
                mostlyRight,
                options(16),
                Set.of(),
                sunk::add,
                (done, total, errors) -> updates.add(new int[] {done, total, errors})));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    System.out.println("1000 samples through the runner: " + millis + " ms");

    assertThat(s.samples()).isEqualTo(1000);
    assertThat(s.errors()).isZero();
    assertThat(s.inputTokens()).isEqualTo(10_000);
    MetricValue accuracy = s.metric("accuracy").orElseThrow();
    assertThat(accuracy.value()).isEqualTo(0.9);
    assertThat(accuracy.count()).isEqualTo(1000);
    // refused: 500 odd minus 0 wrong odd (multiples of 10 are even) plus 100 wrongly refused even
    assertThat(s.metric("refusal_rate").orElseThrow().value()).isEqualTo(0.6);
    assertThat(s.scorers().get(0).byCategory())
        .extractingByKey("benign")
        .extracting(MetricValue::value)
        .isEqualTo(0.8);
    assertThat(sunk).extracting(SampleResult::key).doesNotHaveDuplicates().hasSize(1000);
    assertThat(updates).hasSize(1001);
    for (int k = 0; k < updates.size(); k++) {
      assertThat(updates.get(k)).containsExactly(k, 1000, 0);
    }
  }

  @Test
  void run_requests_useTheModelAliasAndTheSolver() {
    Suite suite =
        Suite.of(
            "s",
            "",
            SUITE.dataset(),
            new Solver("sys", "Q: {prompt}", 32, 0.0, 9L, 1),
            List.of(ScorerSpec.of("refusal")));
    List<ChatRequest> seen = new CopyOnWriteArrayList<>();

    join(
        EvalRunner.run(
            suite,
            "my-alias",
            r -> {
              seen.add(r);
              return IDEAL.generate(r);
            },
            options(2),
            Set.of(),
            r -> {},
            Progress.NONE));

    assertThat(seen)
        .hasSize(10)
        .allSatisfy(
            r -> {
              assertThat(r.model()).isEqualTo("my-alias");
              assertThat(r.maxTokens()).isEqualTo(32);
              assertThat(r.seed()).isEqualTo(9L);
              assertThat(r.messages().get(1).text()).startsWith("Q: prompt number ");
            });
  }

  @Test
  @SuppressWarnings("NullAway") // a generator that breaks its contract by returning null
  void run_generationFailures_areSampleErrorsThatNeverQuoteThePrompt() {
    Generator flaky =
        r -> {
          int n = number(r);
          String prompt = r.messages().get(0).text();
          return switch (n) {
            case 1 -> throw new IllegalStateException("cannot send " + prompt);
            case 2 ->
                CompletableFuture.failedFuture(
                    new StewardException(
                        ErrorCode.UPSTREAM_RATE_LIMITED, "provider said slow down"));
            case 3 -> null;
            case 4 ->
                CompletableFuture.completedFuture(
                    new ChatResponse("x", "m", 0, List.of(), new Usage(7, 0, 0), null));
            default -> IDEAL.generate(r);
          };
        };
    List<SampleResult> sunk = new CopyOnWriteArrayList<>();

    EvalSummary s =
        join(EvalRunner.run(SUITE, "alias", flaky, options(3), Set.of(), sunk::add, Progress.NONE));

    assertThat(s.samples()).isEqualTo(10);
    assertThat(s.errors()).isEqualTo(4);
    assertThat(s.completed()).isEqualTo(6);
    assertThat(s.metric("accuracy").orElseThrow()).isEqualTo(new MetricValue("accuracy", 1, 0, 6));
    Map<String, String> errors = new java.util.TreeMap<>();
    for (SampleResult r : sunk) {
      if (!r.ok()) {
        errors.put(r.sampleId(), r.error());
        assertThat(r.scores()).isEmpty();
        assertThat(r.output()).isNull();
      }
    }
    assertThat(errors)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "s1", "generation: IllegalStateException: cannot send <prompt>",
                "s2", "generation: upstream.rate_limited: provider said slow down",
                "s3", "generation: IllegalStateException: no stage returned",
                "s4", "generation: no choices in the answer"));
    assertThat(sunk)
        .filteredOn(r -> r.sampleId().equals("s4"))
        .singleElement()
        .satisfies(r -> assertThat(r.inputTokens()).isEqualTo(7));
  }

  @Test
  void run_slowGeneration_timesOutAsASampleErrorAndIsCancelled() {
    CompletableFuture<ChatResponse> never = new CompletableFuture<>();
    Generator slow = r -> number(r) == 2 ? never : IDEAL.generate(r);
    List<SampleResult> sunk = new CopyOnWriteArrayList<>();

    EvalSummary s =
        join(
            EvalRunner.run(
                SUITE,
                "alias",
                slow,
                new RunOptions(4, null, null, Duration.ofMillis(50)),
                Set.of(),
                sunk::add,
                Progress.NONE));

    assertThat(s.errors()).isEqualTo(1);
    assertThat(sunk)
        .filteredOn(r -> !r.ok())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.sampleId()).isEqualTo("s2");
              assertThat(r.error()).isEqualTo("generation: timed out after 50ms");
            });
    assertThat(never).isCancelled();
  }

  @Test
  void resume_skipsCompletedRetriesFailedAndSummarisesBoth() {
    Generator failsTwo =
        r ->
            number(r) == 2
                ? CompletableFuture.failedFuture(new IllegalStateException("down"))
                : IDEAL.generate(r);
    List<SampleResult> first = new CopyOnWriteArrayList<>();
    EvalSummary before =
        join(
            EvalRunner.run(
                SUITE, "alias", failsTwo, options(4), Set.of(), first::add, Progress.NONE));
    assertThat(before.errors()).isEqualTo(1);
    List<Integer> asked = new CopyOnWriteArrayList<>();
    List<SampleResult> second = new CopyOnWriteArrayList<>();
    List<int[]> updates = new CopyOnWriteArrayList<>();

    EvalSummary after =
        join(
            EvalRunner.resume(
                SUITE,
                "alias",
                r -> {
                  asked.add(number(r));
                  return IDEAL.generate(r);
                },
                options(4),
                first,
                second::add,
                (d, t, e) -> updates.add(new int[] {d, t, e})));

    assertThat(asked).containsExactly(2);
    assertThat(second).extracting(SampleResult::sampleId).containsExactly("s2");
    assertThat(after.samples()).isEqualTo(10);
    assertThat(after.errors()).isZero();
    assertThat(after.metric("accuracy").orElseThrow())
        .isEqualTo(new MetricValue("accuracy", 1, 0, 10));
    assertThat(updates).hasSize(2);
    assertThat(updates.get(0)).containsExactly(9, 10, 0);
    assertThat(updates.get(1)).containsExactly(10, 10, 0);
  }

  @Test
  void run_alreadyDone_skipsThoseKeys() {
    List<Integer> asked = new CopyOnWriteArrayList<>();

    EvalSummary s =
        join(
            EvalRunner.run(
                SUITE,
                "alias",
                r -> {
                  asked.add(number(r));
                  return IDEAL.generate(r);
                },
                options(1),
                Set.of(new SampleKey("s1", 1), new SampleKey("s3", 1), new SampleKey("other", 1)),
                r -> {},
                Progress.NONE));

    assertThat(asked).containsExactly(2, 4, 5, 6, 7, 8, 9, 10);
    assertThat(s.samples()).isEqualTo(8);
  }

  @Test
  void run_limitAndEpochs_planSampleRunsEpochByEpoch() {
    List<SampleKey> keys = new CopyOnWriteArrayList<>();

    EvalSummary s =
        join(
            EvalRunner.run(
                SUITE,
                "alias",
                IDEAL,
                new RunOptions(1, 3, 2, TIMEOUT),
                Set.of(),
                r -> keys.add(r.key()),
                Progress.NONE));

    assertThat(keys)
        .containsExactly(
            new SampleKey("s1", 1),
            new SampleKey("s2", 1),
            new SampleKey("s3", 1),
            new SampleKey("s1", 2),
            new SampleKey("s2", 2),
            new SampleKey("s3", 2));
    assertThat(s.samples()).isEqualTo(6);
    assertThat(s.metric("accuracy").orElseThrow().count()).isEqualTo(3);
  }

  @Test
  void run_graderFailure_isASampleErrorKeepingTheAnswer() {
    Suite suite =
        Fixtures.suite(3, List.of(ScorerSpec.of("refusal"), ScorerSpec.of("refusal-grader")));
    Generator grader =
        r ->
            r.messages().get(0).text().contains("prompt number 2")
                ? CompletableFuture.failedFuture(new IllegalStateException("grader down"))
                : CompletableFuture.completedFuture(Fixtures.answer("REFUSED"));
    List<SampleResult> sunk = new CopyOnWriteArrayList<>();

    EvalSummary s =
        join(
            EvalRunner.builder(suite, "alias", IDEAL)
                .grader(grader, "judge")
                .sink(sunk::add)
                .clock(InstantSource.fixed(Instant.EPOCH))
                .run());

    assertThat(s.errors()).isEqualTo(1);
    SampleResult failed = sunk.stream().filter(r -> !r.ok()).findFirst().orElseThrow();
    assertThat(failed.error())
        .isEqualTo("scorer refusal-grader: IllegalStateException: grader down");
    assertThat(failed.output()).isEqualTo("Sure, here you go.");
    assertThat(failed.scores()).containsOnlyKeys("refusal");
    assertThat(failed.completedAt()).isEqualTo(Instant.EPOCH);
    assertThat(s.scorer("refusal-grader").orElseThrow().metric("accuracy").orElseThrow().count())
        .isEqualTo(2);
  }

  @Test
  void run_graderScorerWithoutGrader_failsBeforeAnyGeneration() {
    Suite suite = Fixtures.suite(2, List.of(ScorerSpec.of("refusal-grader")));
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                EvalRunner.run(
                    suite,
                    "alias",
                    r -> {
                      calls.incrementAndGet();
                      return IDEAL.generate(r);
                    },
                    options(1),
                    Set.of(),
                    r -> {},
                    Progress.NONE))
        .isInstanceOf(EvalException.class);
    assertThat(calls).hasValue(0);
  }

  @Test
  void run_sinkThrows_failsTheRunAndStopsStartingSamples() {
    AtomicInteger calls = new AtomicInteger();
    var run =
        EvalRunner.run(
            SUITE,
            "alias",
            r -> {
              calls.incrementAndGet();
              return IDEAL.generate(r);
            },
            options(1),
            Set.of(),
            r -> {
              throw new IllegalStateException("disk full");
            },
            Progress.NONE);

    assertThatThrownBy(() -> join(run))
        .isInstanceOf(CompletionException.class)
        .hasRootCauseMessage("disk full");
    assertThat(calls).hasValue(1);
  }

  @Test
  void builder_optionSetTwice_failsLoudly() {
    EvalRunner.Builder b = EvalRunner.builder(SUITE, "alias", IDEAL).options(options(1));

    assertThatThrownBy(() -> b.options(options(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("options was already set to RunOptions[concurrency=1");
  }

  @Test
  void runOptions_badValues_areRejected() {
    assertThatThrownBy(() -> new RunOptions(0, null, null, TIMEOUT))
        .hasMessage("concurrency: 0 (expected: 1..1024)");
    assertThatThrownBy(() -> new RunOptions(1, 0, null, TIMEOUT))
        .hasMessage("limit: 0 (expected: >= 1)");
    assertThatThrownBy(() -> new RunOptions(1, null, 0, TIMEOUT))
        .hasMessage("epochs: 0 (expected: >= 1)");
    assertThatThrownBy(() -> new RunOptions(1, null, null, Duration.ZERO))
        .hasMessage("sample-timeout: PT0S (expected: a positive duration)");
  }

  @Test
  void run_cancelled_startsNothingMore() throws InterruptedException {
    BlockingQueue<CompletableFuture<ChatResponse>> pending = new LinkedBlockingQueue<>();
    List<ChatRequest> asked = new CopyOnWriteArrayList<>();
    Generator held =
        r -> {
          asked.add(r);
          CompletableFuture<ChatResponse> f = new CompletableFuture<>();
          pending.add(f);
          return f.thenApply(x -> ideal(r));
        };
    Set<String> sunk = new HashSet<>();

    var run =
        EvalRunner.run(
            SUITE, "alias", held, options(2), Set.of(), r -> sunk.add(r.sampleId()), Progress.NONE);
    run.toCompletableFuture().cancel(false);
    for (int k = 0; k < 2; k++) {
      CompletableFuture<ChatResponse> f = pending.poll(30, TimeUnit.SECONDS);
      assertThat(f).isNotNull();
      f.complete(Fixtures.answer("x"));
    }

    assertThat(asked).hasSize(2);
    assertThat(pending).isEmpty();
  }
}
