package dev.steward.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.inspect.ChatCompletionChoice.StopReason;
import dev.steward.inspect.ChatMessage.Role;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The records check and copy what they are given. */
class RecordsTest {

  @Test
  void jsonComponents_areCopiedInAndOut() {
    ObjectNode metadata = Fixtures.object("suite", "pii");
    EvalPlanStep step = new EvalPlanStep("generate", metadata);

    metadata.put("suite", "changed");
    step.params().put("suite", "changed too");

    assertThat(step.params().get("suite").textValue()).isEqualTo("pii");
  }

  @Test
  void maps_keepTheCallersOrderAndCannotChange() {
    Map<String, ModelUsage> usage = new LinkedHashMap<>();
    usage.put("z/model", ModelUsage.of(1, 2));
    usage.put("a/model", ModelUsage.of(3, 4));
    EvalStats stats = new EvalStats(null, null, usage);

    usage.clear();

    assertThat(stats.modelUsage().keySet()).containsExactly("z/model", "a/model");
    assertThatThrownBy(() -> stats.modelUsage().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void times_areKeptToTheMicrosecond() {
    EvalStats stats =
        new EvalStats(OffsetDateTime.parse("2026-01-02T03:04:05.123456789+01:00"), null, Map.of());

    assertThat(stats.startedAt())
        .isEqualTo(OffsetDateTime.parse("2026-01-02T03:04:05.123456+01:00"));
  }

  @Test
  void modelUsage_negativeTokens_rejects() {
    assertThatThrownBy(() -> new ModelUsage(-1, 0, 0, null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("input_tokens: -1 (expected: at least 0)");
  }

  @Test
  void chatMessage_modelOnANonAssistantMessage_rejects() {
    assertThatThrownBy(
            () -> new ChatMessage(Role.USER, Fixtures.NODES.textNode("hi"), null, null, "gpt"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model: set on a user message (expected: only on assistant messages)");
  }

  @Test
  void chatMessage_contentNeitherStringNorParts_rejects() {
    assertThatThrownBy(
            () -> new ChatMessage(Role.USER, Fixtures.NODES.numberNode(1), null, null, null))
        .hasMessage("content: an integer (expected: a string or an array of content parts)");
    assertThatThrownBy(
            () ->
                new ChatMessage(
                    Role.USER,
                    Fixtures.MAPPER.valueToTree(List.of(Map.of("text", "no type"))),
                    null,
                    null,
                    null))
        .hasMessageStartingWith("content[0]: an object without a string type");
  }

  @Test
  void chatMessage_text_joinsTextParts() {
    ChatMessage message =
        new ChatMessage(
            Role.ASSISTANT,
            Fixtures.MAPPER.valueToTree(
                List.of(
                    Map.of("type", "reasoning", "reasoning", "hidden"),
                    Map.of("type", "text", "text", "first"),
                    Map.of("type", "text", "text", "second"))),
            null,
            null,
            null);

    assertThat(message.text()).isEqualTo("first\nsecond");
  }

  @Test
  void choice_nonAssistantMessage_rejects() {
    assertThatThrownBy(() -> new ChatCompletionChoice(ChatMessage.user("hi"), StopReason.STOP))
        .hasMessage("message.role: user (expected: assistant)");
  }

  @Test
  void score_valueOfAnotherShape_rejects() {
    assertThatThrownBy(() -> new Score(Fixtures.NODES.nullNode(), null, null, Fixtures.object()))
        .hasMessage("score.value: null (expected: a string, number or boolean)");
    assertThatThrownBy(
            () ->
                new Score(
                    Fixtures.MAPPER.valueToTree(List.of(List.of(1))),
                    null,
                    null,
                    Fixtures.object()))
        .hasMessage("score.value[0]: an array (expected: a string, number or boolean)");
    assertThat(
            new Score(
                    Fixtures.object("precision", 0.5, "note", null), null, null, Fixtures.object())
                .value()
                .get("precision")
                .doubleValue())
        .isEqualTo(0.5);
  }

  @Test
  void score_numbers_areHeldAsReadingGivesThem() {
    Score fromLong = new Score(Fixtures.NODES.numberNode(1L), null, null, Fixtures.object());
    Score fromFloat = new Score(Fixtures.NODES.numberNode(0.5f), null, null, Fixtures.object());

    assertThat(fromLong.value().isInt()).isTrue();
    assertThat(fromFloat.value().isDouble()).isTrue();
  }

  @Test
  void evalLog_sameSampleAndEpochTwice_rejects() {
    EvalLog log = Fixtures.log();
    EvalSample first = log.samples().get(0);

    assertThatThrownBy(
            () ->
                new EvalLog(
                    log.status(),
                    log.eval(),
                    log.plan(),
                    log.results(),
                    log.stats(),
                    null,
                    List.of(first, first),
                    List.of()))
        .hasMessage("samples[1]: id pii-001, epoch 1 twice (expected: each sample and epoch once)");
  }

  @Test
  void evalSpec_blankTaskOrModel_rejects() {
    EvalSpec spec = Fixtures.log().eval();

    assertThatThrownBy(
            () ->
                new EvalSpec(
                    spec.evalId(),
                    spec.runId(),
                    spec.created(),
                    "",
                    spec.taskId(),
                    spec.taskVersion(),
                    null,
                    spec.dataset(),
                    spec.model(),
                    spec.modelGenerateConfig(),
                    spec.config(),
                    spec.packages(),
                    spec.metadata()))
        .hasMessage("task: blank (expected: a non-blank string)");
  }

  @Test
  void modelOutput_completion_isTheFirstChoicesText() {
    ModelOutput output =
        ModelOutput.of("m", ChatMessage.assistant("answer", null), StopReason.MAX_TOKENS, null);

    assertThat(output.completion()).isEqualTo("answer");
    assertThat(new ModelOutput("m", List.of(), null, null).completion()).isEmpty();
  }
}
