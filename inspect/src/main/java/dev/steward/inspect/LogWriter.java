package dev.steward.inspect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes an {@link EvalLog} as Inspect's JSON log: members in Inspect's order, absent optional
 * values left out (as Inspect's {@code exclude_none}), and every member Inspect's schema requires
 * written, with Inspect's defaults for the ones Steward does not model ({@code task_args: {}},
 * {@code events: []}, …). Indented by two spaces, as Inspect indents; {@code NaN} and {@code
 * Infinity} written as the bare tokens Inspect writes.
 */
final class LogWriter {
  private static final ObjectWriter WRITER =
      JsonMapper.builder()
          .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
          .build()
          .writer(
              new DefaultPrettyPrinter(
                      Separators.createDefaultInstance()
                          .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                  .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
                  .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n")));

  private LogWriter() {}

  static byte[] write(EvalLog log) {
    try {
      return WRITER.writeValueAsBytes(log(log));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode log(EvalLog log) {
    ObjectNode out = object();
    out.put("version", EvalLog.VERSION);
    out.put("status", log.status().wire());
    out.set("eval", evalSpec(log.eval()));
    out.set("plan", plan(log.plan()));
    EvalResults results = log.results();
    if (results != null) {
      out.set("results", results(results));
    }
    out.set("stats", stats(log.stats()));
    EvalError error = log.error();
    if (error != null) {
      out.set("error", error(error));
    }
    out.put("invalidated", false);
    out.set("tags", array());
    // Inspect's log-level metadata is the eval's, plus later edits (Steward makes none).
    out.set("metadata", log.eval().metadata());
    ArrayNode samples = out.putArray("samples");
    log.samples().forEach(s -> samples.add(sample(s)));
    if (!log.reductions().isEmpty()) {
      ArrayNode reductions = out.putArray("reductions");
      log.reductions().forEach(r -> reductions.add(reduction(r)));
    }
    return out;
  }

  private static ObjectNode evalSpec(EvalSpec spec) {
    ObjectNode out = object();
    out.put("eval_id", spec.evalId());
    out.put("run_id", spec.runId());
    out.put("created", Json.formatTime(spec.created()));
    out.put("task", spec.task());
    out.put("task_id", spec.taskId());
    out.set("task_version", id(spec.taskVersion()));
    putIfPresent(out, "task_file", spec.taskFile());
    out.set("task_attribs", object());
    out.set("task_args", object());
    out.set("task_args_passed", object());
    out.set("dataset", dataset(spec.dataset()));
    out.put("model", spec.model());
    out.set("model_generate_config", generateConfig(spec.modelGenerateConfig()));
    out.set("model_args", object());
    out.set("config", config(spec.config()));
    ObjectNode packages = out.putObject("packages");
    spec.packages().forEach(packages::put);
    ObjectNode metadata = spec.metadata();
    if (!metadata.isEmpty()) {
      out.set("metadata", metadata);
    }
    return out;
  }

  private static ObjectNode dataset(EvalDataset dataset) {
    ObjectNode out = object();
    putIfPresent(out, "name", dataset.name());
    putIfPresent(out, "location", dataset.location());
    if (dataset.samples() != null) {
      out.put("samples", dataset.samples());
    }
    if (!dataset.sampleIds().isEmpty()) {
      ArrayNode ids = out.putArray("sample_ids");
      dataset.sampleIds().forEach(id -> ids.add(id(id)));
    }
    if (dataset.shuffled() != null) {
      out.put("shuffled", dataset.shuffled());
    }
    return out;
  }

  private static ObjectNode config(EvalConfig config) {
    ObjectNode out = object();
    if (config.epochs() != null) {
      out.put("epochs", config.epochs());
    }
    if (!config.epochsReducer().isEmpty()) {
      out.set("epochs_reducer", strings(config.epochsReducer()));
    }
    if (config.messageLimit() != null) {
      out.put("message_limit", config.messageLimit());
    }
    if (config.tokenLimit() != null) {
      out.put("token_limit", config.tokenLimit());
    }
    if (config.timeLimit() != null) {
      out.put("time_limit", config.timeLimit());
    }
    return out;
  }

  private static ObjectNode generateConfig(GenerateConfig config) {
    ObjectNode out = object();
    if (config.maxTokens() != null) {
      out.put("max_tokens", config.maxTokens());
    }
    if (config.temperature() != null) {
      out.put("temperature", config.temperature());
    }
    if (config.seed() != null) {
      out.put("seed", config.seed());
    }
    putIfPresent(out, "system_message", config.systemMessage());
    return out;
  }

  private static ObjectNode plan(EvalPlan plan) {
    ObjectNode out = object();
    out.put("name", plan.name());
    ArrayNode steps = out.putArray("steps");
    for (EvalPlanStep step : plan.steps()) {
      ObjectNode s = steps.addObject();
      s.put("solver", step.solver());
      s.set("params", step.params());
      // Inspect fills params_passed with params when it reads a step without it.
      s.set("params_passed", step.params());
    }
    out.set("config", generateConfig(plan.config()));
    return out;
  }

  private static ObjectNode results(EvalResults results) {
    ObjectNode out = object();
    out.put("total_samples", results.totalSamples());
    out.put("completed_samples", results.completedSamples());
    ArrayNode scores = out.putArray("scores");
    for (EvalScore score : results.scores()) {
      ObjectNode s = scores.addObject();
      s.put("name", score.name());
      s.put("scorer", score.scorer());
      putIfPresent(s, "reducer", score.reducer());
      if (score.scoredSamples() != null) {
        s.put("scored_samples", score.scoredSamples());
      }
      if (score.unscoredSamples() != null) {
        s.put("unscored_samples", score.unscoredSamples());
      }
      s.set("params", score.params());
      ObjectNode metrics = s.putObject("metrics");
      score.metrics().forEach((key, metric) -> metrics.set(key, metric(metric)));
    }
    return out;
  }

  private static ObjectNode metric(EvalMetric metric) {
    ObjectNode out = object();
    out.put("name", metric.name());
    out.put("value", metric.value());
    out.set("params", metric.params());
    ObjectNode metadata = metric.metadata();
    if (!metadata.isEmpty()) {
      out.set("metadata", metadata);
    }
    return out;
  }

  private static ObjectNode stats(EvalStats stats) {
    ObjectNode out = object();
    out.put("started_at", timeOrEmpty(stats.startedAt()));
    out.put("completed_at", timeOrEmpty(stats.completedAt()));
    out.set("model_usage", usages(stats.modelUsage()));
    out.set("role_usage", object());
    out.set("connection_limit_history", array());
    return out;
  }

  private static String timeOrEmpty(@Nullable OffsetDateTime time) {
    return time == null ? "" : Json.formatTime(time);
  }

  private static ObjectNode usages(Map<String, ModelUsage> usages) {
    ObjectNode out = object();
    usages.forEach((model, usage) -> out.set(model, usage(usage)));
    return out;
  }

  private static ObjectNode usage(ModelUsage usage) {
    ObjectNode out = object();
    out.put("input_tokens", usage.inputTokens());
    out.put("output_tokens", usage.outputTokens());
    out.put("total_tokens", usage.totalTokens());
    if (usage.inputTokensCacheRead() != null) {
      out.put("input_tokens_cache_read", usage.inputTokensCacheRead());
    }
    if (usage.inputTokensCacheWrite() != null) {
      out.put("input_tokens_cache_write", usage.inputTokensCacheWrite());
    }
    if (usage.reasoningTokens() != null) {
      out.put("reasoning_tokens", usage.reasoningTokens());
    }
    return out;
  }

  private static ObjectNode error(EvalError error) {
    ObjectNode out = object();
    out.put("message", error.message());
    out.put("traceback", error.traceback());
    out.put("traceback_ansi", error.tracebackAnsi());
    return out;
  }

  private static ObjectNode sample(EvalSample sample) {
    ObjectNode out = object();
    out.set("id", id(sample.id()));
    out.put("epoch", sample.epoch());
    out.set("input", input(sample.input()));
    List<String> target = sample.target();
    out.set("target", target.size() == 1 ? Json.NODES.textNode(target.get(0)) : strings(target));
    ArrayNode messages = out.putArray("messages");
    sample.messages().forEach(m -> messages.add(message(m)));
    out.set("output", output(sample.output()));
    ObjectNode scores = out.putObject("scores");
    sample.scores().forEach((scorer, score) -> scores.set(scorer, score(score)));
    out.set("metadata", sample.metadata());
    out.set("store", sample.store());
    out.set("events", array());
    out.set("model_usage", usages(sample.modelUsage()));
    out.set("role_usage", object());
    if (sample.totalTime() != null) {
      out.put("total_time", sample.totalTime());
    }
    if (sample.workingTime() != null) {
      out.put("working_time", sample.workingTime());
    }
    EvalError error = sample.error();
    if (error != null) {
      out.set("error", error(error));
    }
    out.set("attachments", object());
    return out;
  }

  /** Inspect's plain-string input when the input is just that; else the messages. */
  private static JsonNode input(List<ChatMessage> input) {
    if (input.size() == 1) {
      ChatMessage only = input.get(0);
      if (only.role() == ChatMessage.Role.USER
          && only.content().isTextual()
          && only.source() == null
          && only.id() == null) {
        return only.content();
      }
    }
    ArrayNode out = array();
    input.forEach(m -> out.add(message(m)));
    return out;
  }

  private static ObjectNode message(ChatMessage message) {
    ObjectNode out = object();
    putIfPresent(out, "id", message.id());
    out.set("content", message.content());
    ChatMessage.Source source = message.source();
    if (source != null) {
      out.put("source", source.wire());
    }
    out.put("role", message.role().wire());
    putIfPresent(out, "model", message.model());
    return out;
  }

  private static ObjectNode output(ModelOutput output) {
    ObjectNode out = object();
    out.put("model", output.model());
    ArrayNode choices = out.putArray("choices");
    for (ChatCompletionChoice choice : output.choices()) {
      ObjectNode c = choices.addObject();
      c.set("message", message(choice.message()));
      c.put("stop_reason", choice.stopReason().wire());
    }
    out.put("completion", output.completion());
    ModelUsage usage = output.usage();
    if (usage != null) {
      out.set("usage", usage(usage));
    }
    if (output.time() != null) {
      out.put("time", output.time());
    }
    return out;
  }

  private static ObjectNode score(Score score) {
    ObjectNode out = object();
    out.set("value", score.value());
    putIfPresent(out, "answer", score.answer());
    putIfPresent(out, "explanation", score.explanation());
    ObjectNode metadata = score.metadata();
    if (!metadata.isEmpty()) {
      out.set("metadata", metadata);
    }
    out.set("history", array());
    return out;
  }

  private static ObjectNode reduction(EvalSampleReductions reduction) {
    ObjectNode out = object();
    out.put("scorer", reduction.scorer());
    putIfPresent(out, "reducer", reduction.reducer());
    ArrayNode samples = out.putArray("samples");
    for (EvalSampleScore s : reduction.samples()) {
      ObjectNode score = score(s.score());
      String id = s.sampleId();
      if (id != null) {
        score.set("sample_id", id(id));
      }
      samples.add(score);
    }
    return out;
  }

  /** An id or version: a JSON integer when it is a canonical integer, else a string. */
  private static JsonNode id(String id) {
    return Json.isInteger(id) ? Json.NODES.numberNode(Long.parseLong(id)) : Json.NODES.textNode(id);
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode out = array();
    values.forEach(out::add);
    return out;
  }

  private static void putIfPresent(ObjectNode out, String name, @Nullable String value) {
    if (value != null) {
      out.put(name, value);
    }
  }

  private static ObjectNode object() {
    return Json.NODES.objectNode();
  }

  private static ArrayNode array() {
    return Json.NODES.arrayNode();
  }
}
