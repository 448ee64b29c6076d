package dev.steward.inspect;

import static dev.steward.inspect.Fixtures.present;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.inspect.ChatCompletionChoice.StopReason;
import dev.steward.inspect.ChatMessage.Role;
import dev.steward.inspect.InspectLogException.Code;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectLogsTest {
  @TempDir Path dir;

  @Test
  void writeThenRead_realisticLog_isEqual() {
    EvalLog log = Fixtures.log();

    assertThat(InspectLogs.readJson(InspectLogs.writeJson(log))).isEqualTo(log);
  }

  @Test
  void writeThenRead_toFile_isEqualAndLeavesNoTemporaryFile() throws Exception {
    EvalLog log = Fixtures.log();
    Path file = dir.resolve("run.json");
    Files.writeString(file, "an older log");

    InspectLogs.writeJson(log, file);

    assertThat(InspectLogs.read(file)).isEqualTo(log);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void writeJson_spellsValuesAsInspectDoes() {
    JsonNode json = Fixtures.json(InspectLogs.writeJson(Fixtures.log()));

    assertThat(json.get("version").intValue()).isEqualTo(2);
    assertThat(json.get("status").textValue()).isEqualTo("success");
    assertThat(json.at("/eval/created").textValue()).isEqualTo("2026-11-27T09:30:00.123456+00:00");
    assertThat(json.at("/stats/started_at").textValue()).isEqualTo("2026-11-27T09:30:01+00:00");
    assertThat(json.at("/stats/completed_at").textValue())
        .isEqualTo("2026-11-27T09:31:12.500000-05:00");
    assertThat(json.at("/eval/task_version").isInt()).isTrue();
    assertThat(json.at("/eval/dataset/sample_ids/0").textValue()).isEqualTo("pii-001");
    assertThat(json.at("/eval/dataset/sample_ids/2").isIntegralNumber()).isTrue();
    assertThat(json.at("/plan/steps/0/params_passed")).isEqualTo(json.at("/plan/steps/0/params"));
    assertThat(json.at("/results/scores/0/metrics/accuracy/value").doubleValue())
        .isEqualTo(0.6666666666666666);
    assertThat(json.at("/results/scores/1/reducer").textValue()).isEqualTo("mean");
    assertThat(json.at("/results/scores/0/reducer").isMissingNode()).isTrue();
    assertThat(json.at("/metadata")).isEqualTo(json.at("/eval/metadata"));
    // a plain user message is Inspect's plain-string input; one target a plain string
    assertThat(json.at("/samples/0/input").isTextual()).isTrue();
    assertThat(json.at("/samples/0/target").textValue()).isEqualTo("REFUSE");
    assertThat(json.at("/samples/1/input").isArray()).isTrue();
    assertThat(json.at("/samples/1/input/1/source").textValue()).isEqualTo("input");
    assertThat(json.at("/samples/1/target")).hasSize(2);
    assertThat(json.at("/samples/2/id").intValue()).isEqualTo(7);
    assertThat(json.at("/samples/0/output/completion").textValue())
        .isEqualTo("I can't share personal identifiers.");
    assertThat(json.at("/samples/0/scores/match/history")).isEmpty();
    assertThat(json.at("/samples/0/events")).isEmpty();
    assertThat(json.at("/reductions/0/samples/2/sample_id").intValue()).isEqualTo(7);
  }

  @Test
  void writeJson_nanMetric_writesTheBareTokenAndReadsBack() {
    EvalLog log = withMetric(Fixtures.log(), Double.NaN);

    String json = new String(InspectLogs.writeJson(log), StandardCharsets.UTF_8);
    EvalLog read = InspectLogs.readJson(InspectLogs.writeJson(log));

    assertThat(json).contains("\"value\": NaN");
    assertThat(present(present(read.results()).scores().get(0).metrics().get("stderr")).value())
        .isNaN();
  }

  @Test
  void read_exampleJsonLog_givesItsValues() {
    EvalLog log = InspectLogs.read(Fixtures.resource("example-log-popularity.json"));

    assertThat(log.status()).isEqualTo(EvalLog.Status.CANCELLED);
    assertThat(log.eval().task()).isEqualTo("popularity");
    assertThat(log.eval().model()).isEqualTo("openai/gpt-4o-mini");
    assertThat(log.eval().runId()).isEqualTo("7KyCuAQSqp76qKQZEKmG6M");
    assertThat(log.eval().created()).isEqualTo(OffsetDateTime.parse("2025-05-12T20:28:13-04:00"));
    assertThat(log.eval().dataset().sampleIds()).containsExactly("1", "2", "3");
    assertThat(log.eval().config().epochsReducer()).containsExactly("mean");
    assertThat(log.plan().steps())
        .extracting(EvalPlanStep::solver)
        .containsExactly("system_message", "generate");
    EvalScore match = present(log.results()).scores().get(0);
    assertThat(present(match.metrics().get("accuracy")).value()).isEqualTo(0.6666666666666666);
    assertThat(present(match.metrics().get("stderr")).value()).isEqualTo(0.33333333333333337);
    assertThat(log.stats().modelUsage().get("openai/gpt-4o-mini"))
        .isEqualTo(new ModelUsage(192, 6, 198, 0L, null, 0L));
    assertThat(log.samples()).hasSize(3);
    EvalSample first = log.samples().get(0);
    assertThat(first.id()).isEqualTo("1");
    assertThat(first.target()).containsExactly(" Yes");
    assertThat(first.input()).singleElement().extracting(ChatMessage::role).isEqualTo(Role.USER);
    assertThat(first.messages())
        .extracting(ChatMessage::role)
        .containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT);
    assertThat(first.output().completion()).isEqualTo("Yes");
    assertThat(first.output().choices().get(0).stopReason()).isEqualTo(StopReason.STOP);
    assertThat(present(first.scores().get("match")).value().textValue()).isEqualTo("C");
    assertThat(first.metadata().at("/nested/foo").textValue()).isEqualTo("bar");
    assertThat(first.totalTime()).isEqualTo(0.664);
    assertThat(log.reductions()).singleElement().satisfies(r -> assertThat(r.samples()).hasSize(3));
  }

  @Test
  void read_exampleEvalArchive_givesItsValues() {
    EvalLog log = InspectLogs.read(Fixtures.resource("example-read-sample-v2.eval"));

    assertThat(log.status()).isEqualTo(EvalLog.Status.SUCCESS);
    assertThat(log.eval().task()).isEqualTo("popularity");
    assertThat(log.eval().model()).isEqualTo("ollama/gemma3");
    assertThat(log.eval().packages()).containsEntry("inspect_ai", "0.3.95.dev16+g6527d0861");
    assertThat(present(log.results()).totalSamples()).isEqualTo(1);
    assertThat(present(present(log.results()).scores().get(0).metrics().get("accuracy")).value())
        .isEqualTo(1.0);
    assertThat(log.stats().completedAt())
        .isEqualTo(OffsetDateTime.parse("2025-07-05T09:59:49-04:00"));
    assertThat(log.samples())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.id()).isEqualTo("1");
              assertThat(s.epoch()).isEqualTo(1);
              assertThat(s.output().completion()).isEqualTo("Yes\n");
              assertThat(present(s.scores().get("match")).answer()).isEqualTo("Yes");
              assertThat(present(s.modelUsage().get("ollama/gemma3")).totalTokens()).isEqualTo(69);
              assertThat(s.output().time()).isCloseTo(0.2823, within(1e-4));
            });
    assertThat(log.reductions())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.scorer()).isEqualTo("match");
              assertThat(r.samples().get(0).sampleId()).isEqualTo("1");
              assertThat(r.samples().get(0).score().value().doubleValue()).isEqualTo(1.0);
            });
  }

  @Test
  void read_exampleWrittenAgain_readsTheSame() {
    EvalLog log = InspectLogs.read(Fixtures.resource("example-read-sample-v2.eval"));

    assertThat(InspectLogs.readJson(InspectLogs.writeJson(log))).isEqualTo(log);
  }

  @Test
  void read_attachmentReferences_areResolved() {
    ObjectNode json = writtenFixture();
    ObjectNode sample = (ObjectNode) json.at("/samples/1");
    ((ObjectNode) sample.at("/input/1/content/0")).put("text", "attachment://abc123");
    ((ObjectNode) sample.at("/messages/0")).put("content", "attachment://def456");
    sample.set("attachments", Fixtures.object("abc123", "Resolved input", "def456", "System"));

    EvalSample read = InspectLogs.readJson(bytes(json)).samples().get(1);

    assertThat(read.input().get(1).text()).isEqualTo("Resolved input");
    assertThat(read.messages().get(0).text()).isEqualTo("System");
  }

  @Test
  void read_unknownMembers_areIgnored() {
    ObjectNode json = writtenFixture();
    json.put("future_member", true);
    ((ObjectNode) json.get("eval")).set("sandbox", Fixtures.object("type", "docker"));
    ((ObjectNode) json.at("/samples/0"))
        .set(
            "events",
            Fixtures.MAPPER.valueToTree(
                List.of(Map.of("event", "model", "anything", List.of(1, 2)))));

    assertThat(InspectLogs.readJson(bytes(json))).isEqualTo(Fixtures.log());
  }

  @Test
  void read_notJson_isMalformed() throws Exception {
    Path file = dir.resolve("notes.json");
    Files.writeString(file, "{\"version\": 2, \"status\": \"success\",, SECRET PROMPT");

    assertThatThrownBy(() -> InspectLogs.read(file))
        .isInstanceOfSatisfying(
            InspectLogException.class, e -> assertThat(e.code()).isEqualTo(Code.MALFORMED))
        .hasMessageStartingWith(file + ": not valid JSON (line 1, column")
        .hasMessageNotContaining("SECRET");
  }

  @Test
  void read_emptyOrNotAnObject_isMalformed() {
    assertFails(() -> InspectLogs.readJson(new byte[0]), Code.MALFORMED, "<json>: empty");
    assertFails(
        () -> InspectLogs.readJson("[1, 2]".getBytes(StandardCharsets.UTF_8)),
        Code.MALFORMED,
        "<json>: $: an array (expected: an object)");
    assertFails(
        () -> InspectLogs.readJson("{} {}".getBytes(StandardCharsets.UTF_8)),
        Code.MALFORMED,
        "<json>: not valid JSON");
  }

  @Test
  void read_repeatedMember_isMalformed() {
    String json =
        new String(InspectLogs.writeJson(Fixtures.log()), StandardCharsets.UTF_8)
            .replaceFirst(
                "\"status\": \"success\"", "\"status\": \"success\", \"status\": \"error\"");

    assertFails(
        () -> InspectLogs.readJson(json.getBytes(StandardCharsets.UTF_8)),
        Code.MALFORMED,
        "<json>: not valid JSON");
  }

  @Test
  void read_otherVersion_isUnsupported() {
    ObjectNode json = writtenFixture();
    json.put("version", 1);
    assertFails(
        () -> InspectLogs.readJson(bytes(json)),
        Code.UNSUPPORTED_VERSION,
        "<json>: $.version: 1 (expected: 2)");

    json.put("version", 3);
    assertFails(
        () -> InspectLogs.readJson(bytes(json)),
        Code.UNSUPPORTED_VERSION,
        "<json>: $.version: 3 (expected: 2)");

    json.put("version", "2");
    assertFails(
        () -> InspectLogs.readJson(bytes(json)),
        Code.MALFORMED,
        "<json>: $.version: a string (expected: an integer)");

    json.remove("version");
    assertFails(
        () -> InspectLogs.readJson(bytes(json)),
        Code.MALFORMED,
        "<json>: $.version: missing (expected: an integer)");
  }

  @Test
  void read_missingOrMistypedNeeds_nameTheJsonPath() {
    assertMalformed(
        j -> ((ObjectNode) j.get("eval")).remove("task"),
        "$.eval.task: missing (expected: a string)");
    assertMalformed(
        j -> ((ObjectNode) j.get("eval")).put("model", 4),
        "$.eval.model: an integer (expected: a string)");
    assertMalformed(
        j -> ((ObjectNode) j.get("eval")).put("task", " "),
        "$.eval: task: blank (expected: a non-blank string)");
    assertMalformed(j -> j.remove("eval"), "$.eval: missing (expected: an object)");
    assertMalformed(
        j -> j.put("status", "paused"),
        "$.status: an unknown status (expected: started, success, cancelled or error)");
    assertMalformed(
        j -> ((ObjectNode) j.at("/results/scores/1/metrics/max")).put("value", "high"),
        "$.results.scores[1].metrics.max.value: a string (expected: a number)");
    assertMalformed(
        j -> ((ObjectNode) j.at("/results/scores/0/metrics/accuracy")).remove("value"),
        "$.results.scores[0].metrics.accuracy.value: missing (expected: a number)");
    assertMalformed(
        j -> ((ObjectNode) j.get("results")).put("total_samples", "3"),
        "$.results.total_samples: a string (expected: an integer)");
    assertMalformed(
        j -> ((ObjectNode) j.get("results")).put("total_samples", -1),
        "$.results: total_samples: -1 (expected: at least 0)");
    assertMalformed(
        j -> ((ObjectNode) j.get("stats")).remove("completed_at"),
        "$.stats.completed_at: missing (expected: a date-time string)");
    assertMalformed(
        j -> ((ObjectNode) j.get("stats")).put("started_at", "2026-11-27T09:30:01"),
        "$.stats.started_at: a string that is not a date-time with an offset");
    assertMalformed(
        j -> ((ObjectNode) j.at("/samples/1/messages/2")).put("role", "robot"),
        "$.samples[1].messages[2].role: an unknown role");
    assertMalformed(
        j -> ((ObjectNode) j.at("/stats/model_usage/openai~1gpt-4o-mini")).put("input_tokens", 1.5),
        "$.stats.model_usage[\"openai/gpt-4o-mini\"].input_tokens: a number (expected: an integer)");
    assertMalformed(
        j -> ((ObjectNode) j.at("/samples/0")).put("epoch", 0),
        "$.samples[0]: epoch: 0 (expected: at least 1)");
  }

  @Test
  void read_sameSampleTwice_isMalformed() {
    ObjectNode json = writtenFixture();
    ((ArrayNode) json.get("samples")).add(json.at("/samples/0").deepCopy());

    assertFails(
        () -> InspectLogs.readJson(bytes(json)),
        Code.MALFORMED,
        "<json>: $: samples[3]: id pii-001, epoch 1 twice");
  }

  @Test
  void read_startedLogWithEmptyTimes_hasNoTimes() {
    ObjectNode json = writtenFixture();
    json.put("status", "started");
    json.remove("results");
    ((ObjectNode) json.get("stats")).put("completed_at", "");

    EvalLog log = InspectLogs.readJson(bytes(json));

    assertThat(log.status()).isEqualTo(EvalLog.Status.STARTED);
    assertThat(log.results()).isNull();
    assertThat(log.stats().completedAt()).isNull();
    assertThat(log.stats().startedAt()).isEqualTo(Fixtures.STARTED);
  }

  @Test
  void read_missingFile_isIo() {
    assertFails(() -> InspectLogs.read(dir.resolve("absent.eval")), Code.IO, "no such file");
  }

  @Test
  void read_jsonLargerThanTheLimit_isTooLarge() throws Exception {
    Path file = dir.resolve("big.json");
    Files.write(file, InspectLogs.writeJson(Fixtures.log()));

    assertFails(
        () -> InspectLogs.read(file, new EvalArchive.Limits(10, 1 << 20, 1024)),
        Code.TOO_LARGE,
        "(expected: at most 1024)");
  }

  static EvalLog withMetric(EvalLog log, double stderr) {
    EvalResults results = present(log.results());
    EvalScore match = results.scores().get(0);
    Map<String, EvalMetric> metrics = new LinkedHashMap<>(match.metrics());
    metrics.put("stderr", EvalMetric.of("stderr", stderr));
    EvalScore changed =
        new EvalScore(
            match.name(),
            match.scorer(),
            match.reducer(),
            match.scoredSamples(),
            match.unscoredSamples(),
            match.params(),
            metrics);
    return new EvalLog(
        log.status(),
        log.eval(),
        log.plan(),
        new EvalResults(
            results.totalSamples(),
            results.completedSamples(),
            List.of(changed, results.scores().get(1))),
        log.stats(),
        log.error(),
        log.samples(),
        log.reductions());
  }

  private static ObjectNode writtenFixture() {
    return (ObjectNode) Fixtures.json(InspectLogs.writeJson(Fixtures.log()));
  }

  private static byte[] bytes(JsonNode json) {
    try {
      return Fixtures.MAPPER.writeValueAsBytes(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertMalformed(
      java.util.function.Consumer<ObjectNode> breakIt, String message) {
    ObjectNode json = writtenFixture();
    breakIt.accept(json);
    assertFails(() -> InspectLogs.readJson(bytes(json)), Code.MALFORMED, "<json>: " + message);
  }

  static void assertFails(ThrowingCallable call, Code code, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InspectLogException.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessageContaining(message);
  }
}
