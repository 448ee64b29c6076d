package dev.steward.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolChoiceTool;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionNamedToolChoice;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official OpenAI and Anthropic Java SDKs against a running Steward on sandbox models. */
class SdkIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static GatewayFixture gw;
  private static OpenAIClient openAi;
  private static AnthropicClient anthropic;

  @BeforeAll
  static void start() {
    gw = new GatewayFixture(dir);
    openAi = gw.openAi(gw.key);
    anthropic = gw.anthropic(gw.key);
  }

  @AfterAll
  static void stop() {
    openAi.close();
    anthropic.close();
    gw.close();
  }

  private static FunctionDefinition weatherFunction() {
    return FunctionDefinition.builder()
        .name("get_weather")
        .description("Current weather for a city")
        .parameters(
            FunctionParameters.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty(
                    "properties",
                    JsonValue.from(
                        Map.of(
                            "city",
                            Map.of("type", "string"),
                            "days",
                            Map.of("type", "integer", "minimum", 1, "maximum", 7))))
                .putAdditionalProperty("required", JsonValue.from(List.of("city", "days")))
                .build())
        .build();
  }

  @Test
  void openAi_chat_answersWithUsageAndStewardHeaders() {
    try (HttpResponseFor<ChatCompletion> raw =
        openAi
            .chat()
            .completions()
            .withRawResponse()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("sandbox-chat")
                    .addSystemMessage("You are terse.")
                    .addUserMessage("Summarise the hearing notes")
                    .build())) {
      assertAnswer(raw);
    }
  }

  private static void assertAnswer(HttpResponseFor<ChatCompletion> raw) {
    ChatCompletion answer = raw.parse();

    assertThat(answer.choices()).hasSize(1);
    assertThat(answer.choices().get(0).message().content())
        .hasValueSatisfying(t -> assertThat(t).isNotBlank());
    assertThat(answer.usage()).hasValueSatisfying(u -> assertThat(u.promptTokens()).isPositive());
    assertThat(raw.headers().values("X-Steward-Request-Id"))
        .singleElement()
        .asString()
        .startsWith("req_");
    assertThat(raw.headers().values("X-Steward-Route")).containsExactly("sandbox/sim-1");
    assertThat(raw.headers().values("X-Steward-Sandbox")).containsExactly("true");
  }

  @Test
  void openAi_stream_deltasAndUsageArrive() {
    StringBuilder text = new StringBuilder();
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (var stream =
        openAi
            .chat()
            .completions()
            .createStreaming(
                ChatCompletionCreateParams.builder()
                    .model("sandbox-chat")
                    .addUserMessage("Tell me about the magistrates court")
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                    .build())) {
      stream.stream().forEach(chunks::add);
    }
    for (ChatCompletionChunk c : chunks) {
      c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append));
    }
    ChatCompletion whole =
        openAi
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("sandbox-chat")
                    .addUserMessage("Tell me about the magistrates court")
                    .build());

    assertThat(chunks.size()).isGreaterThan(2);
    assertThat(text.toString()).isEqualTo(whole.choices().get(0).message().content().orElseThrow());
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertThat(last.choices()).isEmpty();
    assertThat(last.usage()).hasValueSatisfying(u -> assertThat(u.completionTokens()).isPositive());
  }

  @Test
  void openAi_forcedToolChoice_callsToolWithSchemaValidArguments() throws Exception {
    ChatCompletion answer =
        openAi
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("sandbox-chat")
                    .addUserMessage("What is the weather in Leeds?")
                    .addTool(
                        ChatCompletionFunctionTool.builder().function(weatherFunction()).build())
                    .toolChoice(
                        ChatCompletionToolChoiceOption.ofNamedToolChoice(
                            ChatCompletionNamedToolChoice.builder()
                                .function(
                                    ChatCompletionNamedToolChoice.Function.builder()
                                        .name("get_weather")
                                        .build())
                                .build()))
                    .build());

    assertThat(answer.choices().get(0).finishReason())
        .isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
    List<ChatCompletionMessageToolCall> calls =
        answer.choices().get(0).message().toolCalls().orElseThrow();
    assertThat(calls).hasSize(1);
    var fn = calls.get(0).asFunction().function();
    assertThat(fn.name()).isEqualTo("get_weather");
    JsonNode args = JSON.readTree(fn.arguments());
    assertThat(args.get("city").isTextual()).isTrue();
    assertThat(args.get("days").asInt()).isBetween(1, 7);
  }

  @Test
  void openAi_streamedToolCall_assemblesArguments() throws Exception {
    StringBuilder args = new StringBuilder();
    List<String> names = new ArrayList<>();
    try (var stream =
        openAi
            .chat()
            .completions()
            .createStreaming(
                ChatCompletionCreateParams.builder()
                    .model("sandbox-chat")
                    .addUserMessage("Weather in York for 3 days")
                    .addTool(
                        ChatCompletionFunctionTool.builder().function(weatherFunction()).build())
                    .toolChoice(
                        ChatCompletionToolChoiceOption.ofAuto(
                            ChatCompletionToolChoiceOption.Auto.REQUIRED))
                    .build())) {
      stream.stream()
          .forEach(
              c ->
                  c.choices()
                      .forEach(
                          ch ->
                              ch.delta()
                                  .toolCalls()
                                  .ifPresent(
                                      calls ->
                                          calls.forEach(
                                              t ->
                                                  t.function()
                                                      .ifPresent(
                                                          f -> {
                                                            f.name().ifPresent(names::add);
                                                            f.arguments().ifPresent(args::append);
                                                          })))));
    }
    assertThat(names).containsExactly("get_weather");
    assertThat(JSON.readTree(args.toString()).has("city")).isTrue();
  }

  @Test
  void openAi_embeddings_oneVectorPerInput() {
    CreateEmbeddingResponse response =
        openAi
            .embeddings()
            .create(
                EmbeddingCreateParams.builder()
                    .model("sandbox-embed")
                    .inputOfArrayOfStrings(List.of("alpha", "beta", "gamma"))
                    .build());

    assertThat(response.data()).hasSize(3);
    assertThat(response.data().get(0).embedding()).hasSizeGreaterThan(8);
  }

  @Test
  void openAi_models_listsOnlyTheKeysModels() {
    List<String> ids = openAi.models().list().data().stream().map(Model::id).toList();

    assertThat(ids)
        .containsExactlyInAnyOrder(
            "sandbox-chat", "sandbox-refuser", "sandbox-embed", "relay", "pooled");
  }

  @Test
  void openAi_badKey_isUnauthorized() {
    OpenAIClient bad = gw.openAi("stw_notARealKeyAtAllxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    try {
      assertThatThrownBy(
              () ->
                  bad.chat()
                      .completions()
                      .create(
                          ChatCompletionCreateParams.builder()
                              .model("sandbox-chat")
                              .addUserMessage("hi")
                              .build()))
          .isInstanceOf(UnauthorizedException.class);
    } finally {
      bad.close();
    }
  }

  @Test
  void openAi_unknownModel_isNotFound() {
    assertThatThrownBy(
            () ->
                openAi
                    .chat()
                    .completions()
                    .create(
                        ChatCompletionCreateParams.builder()
                            .model("no-such-model")
                            .addUserMessage("hi")
                            .build()))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("no-such-model");
  }

  @Test
  void anthropic_messages_answers() {
    Message m =
        anthropic
            .messages()
            .create(
                MessageCreateParams.builder()
                    .model("sandbox-chat")
                    .maxTokens(300)
                    .system("You are terse.")
                    .addUserMessage("Summarise the hearing notes")
                    .build());

    assertThat(m.content()).isNotEmpty();
    assertThat(m.content().get(0).text())
        .hasValueSatisfying(t -> assertThat(t.text()).isNotBlank());
    assertThat(m.usage().outputTokens()).isPositive();
  }

  @Test
  void anthropic_stream_eventsInOrder() {
    List<RawMessageStreamEvent> events = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    try (StreamResponse<RawMessageStreamEvent> stream =
        anthropic
            .messages()
            .createStreaming(
                MessageCreateParams.builder()
                    .model("sandbox-chat")
                    .maxTokens(300)
                    .addUserMessage("Tell me about tribunals")
                    .build())) {
      stream.stream().forEach(events::add);
    }
    events.forEach(
        e ->
            e.contentBlockDelta()
                .flatMap(d -> d.delta().text())
                .ifPresent(t -> text.append(t.text())));

    assertThat(events.get(0).isMessageStart()).isTrue();
    assertThat(events.get(events.size() - 1).isMessageStop()).isTrue();
    assertThat(events).anyMatch(RawMessageStreamEvent::isMessageDelta);
    assertThat(text.toString()).isNotBlank();
  }

  @Test
  void anthropic_forcedTool_returnsToolUse() {
    Message m =
        anthropic
            .messages()
            .create(
                MessageCreateParams.builder()
                    .model("sandbox-chat")
                    .maxTokens(300)
                    .addUserMessage("Weather in Bristol?")
                    .addTool(
                        Tool.builder()
                            .name("get_weather")
                            .description("Current weather for a city")
                            .inputSchema(
                                Tool.InputSchema.builder()
                                    .properties(
                                        Tool.InputSchema.Properties.builder()
                                            .putAdditionalProperty(
                                                "city",
                                                com.anthropic.core.JsonValue.from(
                                                    Map.of("type", "string")))
                                            .build())
                                    .required(List.of("city"))
                                    .build())
                            .build())
                    .toolChoice(ToolChoiceTool.builder().name("get_weather").build())
                    .build());

    ToolUseBlock use =
        m.content().stream().filter(ContentBlock::isToolUse).findFirst().orElseThrow().asToolUse();
    assertThat(use.name()).isEqualTo("get_weather");
    assertThat(m.stopReason())
        .hasValueSatisfying(r -> assertThat(r.asString()).isEqualTo("tool_use"));
  }
}
