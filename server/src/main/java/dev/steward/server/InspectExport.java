package dev.steward.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.eval.BuiltInSuites;
import dev.steward.eval.EvalSummary;
import dev.steward.eval.MetricValue;
import dev.steward.eval.SampleResult;
import dev.steward.eval.ScorerSummary;
import dev.steward.eval.Solver;
import dev.steward.inspect.ChatCompletionChoice;
import dev.steward.inspect.ChatMessage;
import dev.steward.inspect.EvalConfig;
import dev.steward.inspect.EvalDataset;
import dev.steward.inspect.EvalError;
import dev.steward.inspect.EvalLog;
import dev.steward.inspect.EvalMetric;
import dev.steward.inspect.EvalPlan;
import dev.steward.inspect.EvalPlanStep;
import dev.steward.inspect.EvalResults;
import dev.steward.inspect.EvalSample;
import dev.steward.inspect.EvalScore;
import dev.steward.inspect.EvalSpec;
import dev.steward.inspect.EvalStats;
import dev.steward.inspect.GenerateConfig;
import dev.steward.inspect.ModelOutput;
import dev.steward.inspect.ModelUsage;
import dev.steward.inspect.Score;
import dev.steward.store.EvalStorage;
import dev.steward.store.EvalStorage.EvalRunRow;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A Steward evaluation run as an Inspect {@code EvalLog} (version 2): the run's spec (the suite as
 * the task, its content hash as the task version, the model version as the model), the plan (the
 * solver's generation settings), the results (each scorer's metrics under Inspect's names), the
 * stats (times and token usage) and every sample with its messages, output and scores. Inspect's
 * epochs count from 1, as the run's do. See {@code docs/spec/inspect-export.md}.
 */
public final class InspectExport {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private InspectExport() {}

  /** The run {@code row} with its stored samples. */
  public static EvalLog of(EvalRunRow row, EvalStorage storage) {
    return of(
        row,
        Evaluations.summaryOf(row),
        Evaluations.samples(storage, row.id()),
        solver(row.suite()));
  }

  /** The settings of the suite named, when it is a built-in one; else none known. */
  private static @Nullable Solver solver(String suite) {
    return BuiltInSuites.names().contains(suite) ? BuiltInSuites.load(suite).solver() : null;
  }

  static EvalLog of(
      EvalRunRow row, EvalSummary summary, List<SampleResult> results, @Nullable Solver solver) {
    GenerateConfig generate =
        solver == null
            ? GenerateConfig.DEFAULT
            : new GenerateConfig(
                solver.maxTokens(), solver.temperature(), solver.seed(), solver.system());
    int epochs = results.stream().mapToInt(SampleResult::epoch).max().orElse(1);
    List<String> ids = results.stream().map(SampleResult::sampleId).distinct().toList();
    ObjectNode metadata = NODES.objectNode();
    ObjectNode steward = metadata.putObject("steward");
    steward.put("run_id", row.id());
    steward.put("alias", row.alias());
    steward.put("provider", row.provider());
    steward.put("model", row.model());
    steward.put("model_version", row.modelVersion());
    steward.put("suite_version", row.suiteVersion());
    steward.put("requested_by", row.requestedBy());
    EvalSpec spec =
        new EvalSpec(
            row.id(),
            row.id(),
            time(row.startedAt()),
            row.suite(),
            row.suite() + "@" + row.suiteVersion(),
            row.suiteVersion(),
            null,
            new EvalDataset(row.suite(), null, ids.size(), ids, false),
            row.modelVersion(),
            generate,
            EvalConfig.of(epochs),
            Map.of("steward", version()),
            metadata);
    List<EvalPlanStep> steps = new ArrayList<>();
    if (solver != null && solver.system() != null) {
      steps.add(EvalPlanStep.of("system_message"));
    }
    steps.add(EvalPlanStep.of("generate"));
    EvalPlan plan = EvalPlan.of(steps, generate);
    List<EvalScore> scores = new ArrayList<>();
    for (ScorerSummary s : summary.scorers()) {
      Map<String, EvalMetric> metrics = new LinkedHashMap<>();
      for (MetricValue m : s.metrics()) {
        metrics.put(m.name(), EvalMetric.of(m.name(), m.value()));
        if (m.name().equals("accuracy")) {
          metrics.put("stderr", EvalMetric.of("stderr", m.stderr()));
        }
      }
      int scored = s.metrics().isEmpty() ? summary.completed() : s.metrics().get(0).count();
      scores.add(
          new EvalScore(
              s.scorer(),
              s.scorer(),
              epochs > 1 ? "mean" : null,
              scored,
              summary.samples() - scored,
              NODES.objectNode(),
              metrics));
    }
    EvalResults evalResults =
        row.status() == EvalStorage.Status.COMPLETE
            ? new EvalResults(summary.samples(), summary.completed(), scores)
            : null;
    Map<String, ModelUsage> usage =
        Map.of(row.modelVersion(), ModelUsage.of(summary.inputTokens(), summary.outputTokens()));
    EvalStats stats =
        new EvalStats(
            time(row.startedAt()), row.finishedAt() == null ? null : time(row.finishedAt()), usage);
    List<EvalSample> samples = new ArrayList<>();
    for (SampleResult r : results) {
      samples.add(sample(r, row.modelVersion()));
    }
    EvalLog.Status status =
        switch (row.status()) {
          case RUNNING -> EvalLog.Status.STARTED;
          case COMPLETE -> EvalLog.Status.SUCCESS;
          case FAILED -> EvalLog.Status.ERROR;
        };
    return new EvalLog(
        status,
        spec,
        plan,
        evalResults,
        stats,
        status == EvalLog.Status.ERROR ? EvalError.of("the run stopped before its end") : null,
        samples,
        List.of());
  }

  private static EvalSample sample(SampleResult r, String model) {
    ChatMessage user = ChatMessage.user(r.input());
    List<ChatMessage> messages = new ArrayList<>();
    messages.add(user);
    String output = r.output();
    ModelUsage usage = ModelUsage.of(r.inputTokens(), r.outputTokens());
    ModelOutput out;
    if (output != null) {
      ChatMessage answer = ChatMessage.assistant(output, r.model() == null ? model : r.model());
      messages.add(answer);
      out = ModelOutput.of(model, answer, stop(r.stopReason()), usage);
    } else {
      out = new ModelOutput(model, List.of(), usage, null);
    }
    Map<String, Score> scores = new LinkedHashMap<>();
    for (Map.Entry<String, dev.steward.eval.Score> e : r.scores().entrySet()) {
      dev.steward.eval.Score s = e.getValue();
      ObjectNode meta = NODES.objectNode();
      s.metadata().forEach(meta::put);
      scores.put(
          e.getKey(), new Score(NODES.textNode(s.value()), s.answer(), s.explanation(), meta));
    }
    ObjectNode metadata = NODES.objectNode();
    if (r.category() != null) {
      metadata.put("category", r.category());
    }
    return new EvalSample(
        r.sampleId(),
        r.epoch(),
        List.of(user),
        r.target() == null ? List.of() : List.of(r.target()),
        messages,
        out,
        scores,
        metadata,
        NODES.objectNode(),
        Map.of(model, usage),
        r.latencyMillis() / 1000.0,
        null,
        r.error() == null ? null : EvalError.of(r.error()));
  }

  private static ChatCompletionChoice.StopReason stop(@Nullable String reason) {
    if (reason == null) {
      return ChatCompletionChoice.StopReason.UNKNOWN;
    }
    return switch (reason.toLowerCase(Locale.ROOT)) {
      case "stop", "end_turn", "stop_sequence", "complete" -> ChatCompletionChoice.StopReason.STOP;
      case "length", "max_tokens" -> ChatCompletionChoice.StopReason.MAX_TOKENS;
      case "tool_calls", "tool_use" -> ChatCompletionChoice.StopReason.TOOL_CALLS;
      case "content_filter", "refusal" -> ChatCompletionChoice.StopReason.CONTENT_FILTER;
      default -> ChatCompletionChoice.StopReason.UNKNOWN;
    };
  }

  private static OffsetDateTime time(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }

  private static String version() {
    String v = InspectExport.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }
}
