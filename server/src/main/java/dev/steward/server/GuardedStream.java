package dev.steward.server;

import dev.steward.core.AsyncChatStream;
import dev.steward.core.StreamEvent;
import dev.steward.guard.Applied;
import dev.steward.guard.PersonalDataScanner;
import dev.steward.guard.Redactor;
import dev.steward.guard.Restorer;
import dev.steward.guard.ScanFailedException;
import dev.steward.guard.StreamGuard;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The output guard over a streamed answer. Per choice, text passes through the personal-data {@link
 * StreamGuard} (which holds back a bounded window, so a finding split across chunks is still seen
 * whole), then a {@link Restorer} that puts the request's pseudonyms back, then gets the AI label's
 * marker before its first text. Tool-call arguments get their pseudonyms back. A finding whose
 * action is block ends the stream with {@code guard.output_personal_data}; a scan failure ends it
 * with {@code guard.unavailable}: the rest is withheld, never passed unscanned.
 *
 * <p>What the guard did is counted by type and action as the complete answer's is ({@link
 * GuardReport.Tally}, every choice together, the block once with its type) and handed to the report
 * sink after each event that changed the count, before that event, the end or the refusal reaches
 * the caller: so the exchange holds the counts so far whenever and however the stream ends.
 */
final class GuardedStream implements AsyncChatStream {
  private final AsyncChatStream inner;
  private final @Nullable PersonalDataScanner scanner;
  private final Redactor output;
  private final Redactor input;
  private final @Nullable String marker;
  private final Consumer<GuardReport> report;
  private final GuardReport.Tally tally = new GuardReport.Tally();
  private boolean counted;

  private final Map<Integer, StreamGuard> guards = new HashMap<>();
  private final Map<Integer, Restorer> texts = new HashMap<>();
  private final Map<Long, Restorer> arguments = new HashMap<>();
  private final Set<Integer> marked = new HashSet<>();
  private final ArrayDeque<StreamEvent> ready = new ArrayDeque<>();
  private boolean ended;

  /**
   * @param scanner the output scanner, or {@code null} when no personal-data type is acted on in
   *     answers
   * @param output the output actions
   * @param input the request's redactor, whose pseudonyms are put back
   * @param marker the AI label's text marker, if any
   * @param report told what was done to the answer so far, each time it grows
   */
  GuardedStream(
      AsyncChatStream inner,
      @Nullable PersonalDataScanner scanner,
      Redactor output,
      Redactor input,
      @Nullable String marker,
      Consumer<GuardReport> report) {
    this.inner = inner;
    this.report = report;
    this.scanner = scanner;
    this.output = output;
    this.input = input;
    this.marker = marker;
  }

  @Override
  public CompletionStage<@Nullable StreamEvent> next() {
    StreamEvent queued = ready.poll();
    if (queued != null) {
      return CompletableFuture.completedFuture(queued);
    }
    if (ended) {
      return CompletableFuture.completedFuture(null);
    }
    return inner.next().thenCompose(this::take);
  }

  private CompletionStage<@Nullable StreamEvent> take(@Nullable StreamEvent event) {
    try {
      if (event == null) {
        ended = true;
        for (Integer choice : Set.copyOf(texts.keySet())) {
          flush(choice);
        }
        arguments.keySet().stream().toList().forEach(this::flushArguments);
      } else {
        process(event);
      }
    } catch (ScanFailedException e) {
      ended = true;
      ready.clear();
      throw GuardStage.unavailable("the personal-data guard failed on the answer");
    } finally {
      if (counted) {
        counted = false;
        report.accept(GuardReport.personalData(tally.counts()));
      }
    }
    StreamEvent next = ready.poll();
    if (next != null || ended) {
      return CompletableFuture.completedFuture(next);
    }
    // Everything so far is held back: read on.
    return next();
  }

  private void process(StreamEvent event) {
    switch (event) {
      case StreamEvent.TextDelta d -> text(d.choice(), d.text(), false);
      case StreamEvent.ToolCallDelta d -> {
        String out = argumentsOf(d.choice(), d.index()).accept(d.argumentsFragment());
        if (!out.isEmpty()) {
          ready.add(new StreamEvent.ToolCallDelta(d.choice(), d.index(), out));
        }
      }
      case StreamEvent.Finished f -> {
        flush(f.choice());
        arguments.keySet().stream()
            .filter(k -> (int) (k >> 32) == f.choice())
            .toList()
            .forEach(this::flushArguments);
        ready.add(f);
      }
      case StreamEvent.Started s -> ready.add(s);
      case StreamEvent.ToolCallStarted s -> ready.add(s);
      case StreamEvent.UsageReported u -> ready.add(u);
    }
  }

  /** Passes text of a choice through the guard, the restorer and the marker. */
  private void text(int choice, String delta, boolean last) {
    String out = delta;
    if (scanner != null) {
      StreamGuard guard =
          guards.computeIfAbsent(
              choice,
              c -> new StreamGuard(scanner, output, StreamGuard.DEFAULT_WINDOW, this::count));
      out = last ? guard.accept(out) + guard.finish() : guard.accept(out);
      if (guard.blocked() != null) {
        ended = true;
        ready.clear();
        throw GuardStage.outputBlocked(guard.blocked().type().name());
      }
    }
    Restorer restorer = texts.computeIfAbsent(choice, c -> input.restorer());
    out = last ? restorer.accept(out) + restorer.finish() : restorer.accept(out);
    if (out.isEmpty()) {
      return;
    }
    if (marker != null && marked.add(choice)) {
      out = marker + out;
    }
    ready.add(new StreamEvent.TextDelta(choice, out));
  }

  private void count(Applied applied) {
    tally.add(applied);
    counted = true;
  }

  /** Releases what a choice still holds back. */
  private void flush(int choice) {
    if (texts.containsKey(choice) || guards.containsKey(choice)) {
      text(choice, "", true);
      texts.remove(choice);
      guards.remove(choice);
    }
  }

  private Restorer argumentsOf(int choice, int index) {
    return arguments.computeIfAbsent(((long) choice << 32) | index, k -> input.restorer());
  }

  private void flushArguments(long key) {
    Restorer r = arguments.remove(key);
    if (r != null) {
      String rest = r.finish();
      if (!rest.isEmpty()) {
        ready.add(new StreamEvent.ToolCallDelta((int) (key >> 32), (int) key, rest));
      }
    }
  }

  @Override
  public void close() {
    inner.close();
  }
}
