package dev.steward.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.config.Classification;
import dev.steward.config.Protocol;
import dev.steward.config.ProviderConfig;
import dev.steward.config.Residency;
import dev.steward.config.Timeouts;
import dev.steward.core.ChatRequest;
import dev.steward.core.ChatResponse;
import dev.steward.core.ChatStream;
import dev.steward.core.Choice;
import dev.steward.core.EmbeddingRequest;
import dev.steward.core.EmbeddingResponse;
import dev.steward.core.ErrorCode;
import dev.steward.core.Message;
import dev.steward.core.ProviderCall;
import dev.steward.core.ResponseFormat;
import dev.steward.core.Role;
import dev.steward.core.StewardException;
import dev.steward.core.StopReason;
import dev.steward.core.StreamEvent;
import dev.steward.core.Tool;
import dev.steward.core.ToolCall;
import dev.steward.core.ToolChoice;
import dev.steward.core.UpstreamException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SandboxClientTest {
  private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");
  private static final String MODEL = "sandbox-model";
  private static final String WEATHER =
      "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},\"unit\":{\"enum\":"
          + "[\"celsius\",\"fahrenheit\"]}},\"required\":[\"city\"],\"additionalProperties\":false}";
  private static final Tool WEATHER_TOOL = new Tool("get_weather", "Weather now", WEATHER, null);
  private static final Tool TIME_TOOL =
      new Tool(
          "get_time",
          null,
          "{\"type\":\"object\",\"properties\":{\"timezone\":{\"type\":\"string\"}}}",
          null);

  private final List<Duration> pauses = new ArrayList<>();
  private final Sleeper recorder = pauses::add;

  private static ProviderConfig config(
      Timeouts timeouts, Map<String, Map<String, String>> options) {
    return new ProviderConfig(
        "sandbox",
        Protocol.SANDBOX,
        null,
        null,
        Residency.UK,
        Classification.OFFICIAL_SENSITIVE,
        true,
        timeouts,
        null,
        Map.of(),
        options);
  }

  private SandboxClient client(Map<String, Map<String, String>> options) {
    return SandboxClient.create(
        config(Timeouts.DEFAULT, options), InstantSource.fixed(NOW), recorder);
  }

  private SandboxClient client() {
    return client(Map.of());
  }

  private static ChatRequest.Builder ask(String text) {
    return ChatRequest.builder(MODEL)
        .messages(List.of(Message.of(Role.SYSTEM, "Be brief."), Message.of(Role.USER, text)));
  }

  private static ProviderCall call(ChatRequest request, String... directives) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < directives.length; i += 2) {
      map.put(directives[i], directives[i + 1]);
    }
    return new ProviderCall("req-1", request, map);
  }

  private static String text(ChatResponse response) {
    return response.choices().getFirst().message().text();
  }

  // ---- determinism and marking ----

  @Test
  void chat_sameRequestTwice_sameAnswerMarkedAsSandbox() {
    ChatRequest request = ask("What is the capital of France?").build();

    ChatResponse first = client().chat(call(request));
    ChatResponse second = client().chat(call(ask("What is the capital of France?").build()));

    assertThat(second).isEqualTo(first);
    assertThat(first.id()).startsWith("sbx-").hasSize(4 + 24);
    assertThat(first.systemFingerprint()).isEqualTo("steward-sandbox");
    assertThat(first.created()).isEqualTo(NOW.getEpochSecond());
    assertThat(first.model()).isEqualTo(MODEL);
  }

  @Test
  void chat_differentMessages_differentIdAndText() {
    ChatResponse a = client().chat(call(ask("Tell me about owls").build()));
    ChatResponse b = client().chat(call(ask("Tell me about bats").build()));

    assertThat(a.id()).isNotEqualTo(b.id());
    assertThat(text(a)).isNotEqualTo(text(b));
  }

  @Test
  void chat_comply_describesLastUserMessage() {
    ChatResponse response =
        client().chat(call(ask("What is the capital of France and why is it Paris?").build()));

    Choice choice = response.choices().getFirst();
    assertThat(choice.message().text())
        .startsWith("[sandbox] ")
        .contains("11 words")
        .contains("\"What is the capital of France ...\"");
    assertThat(choice.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(choice.message().role()).isEqualTo(Role.ASSISTANT);
    assertThat(choice.message().toolCalls()).isEmpty();
    assertThat(pauses).isEmpty();
  }

  @Test
  void chat_nChoices_allDistinctInOrder() {
    ChatResponse response = client().chat(call(ask("Hello there").n(5).build()));

    assertThat(response.choices()).extracting(Choice::index).containsExactly(0, 1, 2, 3, 4);
    assertThat(response.choices().stream().map(c -> c.message().text()).distinct()).hasSize(5);
  }

  // ---- behaviours ----

  @Test
  void chat_refuse_endsTurnWithRefusal() {
    ChatResponse response = client().chat(call(ask("Hi").build(), "behaviour", "refuse"));

    assertThat(text(response)).isEqualTo("I can't help with that request.");
    assertThat(response.choices().getFirst().stopReason()).isEqualTo(StopReason.END_TURN);
  }

  @Test
  void chat_refuseFilter_stopsByContentFilter() {
    ChatResponse response = client().chat(call(ask("Hi").build(), "behaviour", "Refuse-Filter"));

    assertThat(text(response)).isEqualTo(SandboxClient.REFUSAL);
    assertThat(response.choices().getFirst().stopReason()).isEqualTo(StopReason.CONTENT_FILTER);
  }

  @Test
  void chat_echo_repeatsLastUserMessageVerbatim() {
    String message = "  Name: Jane Doe\nNI number: QQ 12 34 56 C  ";
    ChatRequest request =
        ChatRequest.builder(MODEL)
            .messages(
                List.of(
                    Message.of(Role.USER, message),
                    Message.assistant("ok", List.of()),
                    Message.of(Role.SYSTEM, "later instructions")))
            .build();

    assertThat(text(client().chat(call(request, "behaviour", "echo")))).isEqualTo(message);
  }

  @Test
  void chat_behaviourFromModelOptions_whenNoDirective() {
    SandboxClient client = client(Map.of(MODEL, Map.of("behaviour", "echo")));

    assertThat(text(client.chat(call(ask("ping").build())))).isEqualTo("ping");
    assertThat(text(client.chat(call(ask("ping").build(), "behaviour", "refuse"))))
        .isEqualTo(SandboxClient.REFUSAL);
  }

  @Test
  void chat_unknownBehaviour_rejectedAsInvalidRequest() {
    assertThatThrownBy(() -> client().chat(call(ask("Hi").build(), "behaviour", "dance")))
        .isInstanceOf(StewardException.class)
        .hasMessage(
            "sandbox behaviour: 'dance' (expected: one of comply, refuse, refuse-filter, tool,"
                + " slow, fail, echo)")
        .extracting(e -> ((StewardException) e).code())
        .isEqualTo(ErrorCode.INVALID_REQUEST);
  }

  // ---- tools ----

  @Test
  void chat_toolBehaviourUnderAuto_callsFirstToolWithValidArguments() {
    ChatRequest request =
        ask("Weather in Leeds?")
            .tools(List.of(WEATHER_TOOL, TIME_TOOL))
            .toolChoice(ToolChoice.AUTO)
            .build();

    ChatResponse response = client().chat(call(request, "behaviour", "tool"));

    Choice choice = response.choices().getFirst();
    assertThat(choice.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(choice.message().content()).isEmpty();
    ToolCall toolCall = choice.message().toolCalls().getFirst();
    assertThat(toolCall.name()).isEqualTo("get_weather");
    assertThat(toolCall.id()).startsWith("sbx-call-");
    assertThat(toolCall.argumentsJson()).isEqualTo("{\"city\":\"London\",\"unit\":\"celsius\"}");
    assertThat(Schemas.errors(Schemas.parse(WEATHER), Schemas.parse(toolCall.argumentsJson())))
        .isEmpty();
  }

  @Test
  void chat_toolBehaviour_namedChoiceWins_noneNeverCalls() {
    ChatRequest named =
        ask("Time?")
            .tools(List.of(WEATHER_TOOL, TIME_TOOL))
            .toolChoice(new ToolChoice.Named("get_time"))
            .build();
    ChatRequest none =
        ask("Time?").tools(List.of(WEATHER_TOOL)).toolChoice(ToolChoice.NONE).build();

    assertThat(client().chat(call(named, "behaviour", "tool")).choices().getFirst())
        .extracting(c -> c.message().toolCalls().getFirst().name())
        .isEqualTo("get_time");
    Choice choice = client().chat(call(none, "behaviour", "tool")).choices().getFirst();
    assertThat(choice.message().toolCalls()).isEmpty();
    assertThat(choice.stopReason()).isEqualTo(StopReason.END_TURN);
  }

  @Test
  void chat_toolBehaviourWithoutTools_rejects() {
    assertThatThrownBy(() -> client().chat(call(ask("Hi").build(), "behaviour", "tool")))
        .isInstanceOf(StewardException.class)
        .hasMessage("tools: none offered (expected: at least one tool for behaviour 'tool')")
        .extracting(e -> ((StewardException) e).code())
        .isEqualTo(ErrorCode.INVALID_REQUEST);
  }

  @Test
  void chat_toolBehaviourAfterToolResult_answersInText() {
    ToolCall earlier = new ToolCall("sbx-call-1", "get_weather", "{\"city\":\"London\"}");
    ChatRequest request =
        ChatRequest.builder(MODEL)
            .messages(
                List.of(
                    Message.of(Role.USER, "Weather?"),
                    Message.assistant("", List.of(earlier)),
                    Message.toolResult("sbx-call-1", "Sunny, 21 degrees")))
            .tools(List.of(WEATHER_TOOL))
            .build();

    Choice choice = client().chat(call(request, "behaviour", "tool")).choices().getFirst();

    assertThat(choice.message().toolCalls()).isEmpty();
    assertThat(choice.message().text()).contains("tool returned").contains("\"Sunny, 21 degrees\"");
  }

  @Test
  void chat_complyUnderAuto_answersInText_underRequired_callsTool() {
    ChatRequest auto = ask("Weather?").tools(List.of(WEATHER_TOOL)).build();
    ChatRequest required = auto.toBuilder().toolChoice(ToolChoice.REQUIRED).build();

    assertThat(client().chat(call(auto)).choices().getFirst().message().toolCalls()).isEmpty();
    assertThat(client().chat(call(required)).choices().getFirst().stopReason())
        .isEqualTo(StopReason.TOOL_USE);
  }

  @Test
  void chat_echoWithNamedToolChoice_stillCallsTool() {
    ChatRequest request =
        ask("x")
            .tools(List.of(WEATHER_TOOL))
            .toolChoice(new ToolChoice.Named("get_weather"))
            .build();

    assertThat(client().chat(call(request, "behaviour", "echo")).choices().getFirst().stopReason())
        .isEqualTo(StopReason.TOOL_USE);
  }

  @Test
  void chat_namedToolNotOffered_rejectsWithParam() {
    ChatRequest request =
        ask("x").tools(List.of(WEATHER_TOOL)).toolChoice(new ToolChoice.Named("nope")).build();

    assertThatThrownBy(() -> client().chat(call(request)))
        .isInstanceOf(StewardException.class)
        .hasMessage("tool_choice: 'nope' (expected: one of the offered tools: get_weather)")
        .extracting(e -> ((StewardException) e).param())
        .isEqualTo("tool_choice");
  }

  @Test
  void chat_toolSchemaNotJson_rejectsWithParam() {
    ChatRequest request =
        ask("x")
            .tools(List.of(new Tool("broken", null, "{not json", null)))
            .toolChoice(ToolChoice.REQUIRED)
            .build();

    assertThatThrownBy(() -> client().chat(call(request)))
        .isInstanceOf(StewardException.class)
        .hasMessageStartingWith("tools[0].parameters: not a JSON Schema");
  }

  static Stream<String> toolSchemas() {
    return Stream.of(
        WEATHER,
        "{}",
        "{\"type\":\"object\"}",
        "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\",\"minLength\":3},"
            + "\"limit\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":50},\"filters\":{\"type\":"
            + "\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"field\":{\"type\":"
            + "\"string\"},\"op\":{\"enum\":[\"eq\",\"lt\",\"gt\"]},\"value\":{\"type\":["
            + "\"string\",\"number\"]}},\"required\":[\"field\",\"op\",\"value\"],"
            + "\"additionalProperties\":false}}},\"required\":[\"query\"]}",
        "{\"type\":\"object\",\"properties\":{\"when\":{\"type\":\"string\",\"format\":"
            + "\"date-time\"},\"attendees\":{\"type\":\"array\",\"items\":{\"type\":\"string\","
            + "\"format\":\"email\"},\"minItems\":2,\"uniqueItems\":true},\"room\":{\"type\":"
            + "\"string\",\"pattern\":\"^R[0-9]{3}$\"}},\"required\":[\"when\",\"attendees\","
            + "\"room\"],\"additionalProperties\":false}",
        "{\"type\":\"object\",\"$defs\":{\"money\":{\"type\":\"object\",\"properties\":{"
            + "\"amount\":{\"type\":\"number\",\"exclusiveMinimum\":0},\"currency\":{\"type\":"
            + "\"string\",\"pattern\":\"^[A-Z]{3}$\"}},\"required\":[\"amount\",\"currency\"]}},"
            + "\"properties\":{\"price\":{\"$ref\":\"#/$defs/money\"},\"discount\":{\"anyOf\":[{"
            + "\"$ref\":\"#/$defs/money\"},{\"type\":\"null\"}]}},\"required\":[\"price\","
            + "\"discount\"]}",
        "{\"type\":\"object\",\"properties\":{\"shape\":{\"oneOf\":[{\"type\":\"object\","
            + "\"properties\":{\"radius\":{\"type\":\"number\",\"minimum\":0}},\"required\":["
            + "\"radius\"],\"additionalProperties\":false},{\"type\":\"object\",\"properties\":{"
            + "\"side\":{\"type\":\"number\"}},\"required\":[\"side\"],\"additionalProperties\":"
            + "false}]}},\"required\":[\"shape\"]}");
  }

  @ParameterizedTest
  @MethodSource("toolSchemas")
  void chat_forcedToolChoice_argumentsValidateAgainstToolSchema(String schema) {
    Tool tool = new Tool("do_it", "Does it", schema, true);
    ChatRequest request =
        ask("Please do it").tools(List.of(tool)).toolChoice(ToolChoice.REQUIRED).build();

    ToolCall toolCall =
        client().chat(call(request)).choices().getFirst().message().toolCalls().getFirst();

    JsonNode arguments = Schemas.parse(toolCall.argumentsJson());
    assertThat(arguments.isObject()).isTrue();
    assertThat(Schemas.errors(Schemas.parse(schema), arguments)).as(arguments.toString()).isEmpty();
  }

  // ---- response formats ----

  @Test
  void chat_jsonObjectFormat_answersJsonObjectText() {
    ChatRequest request = ask("Give JSON").responseFormat(ResponseFormat.JSON_OBJECT).build();

    JsonNode answer = Schemas.parse(text(client().chat(call(request))));

    assertThat(answer.get("sandbox").asBoolean()).isTrue();
    assertThat(answer.get("answer").asText()).startsWith("[sandbox] ");
  }

  @Test
  void chat_jsonSchemaFormat_answerValidates() {
    String schema =
        "{\"type\":\"object\",\"properties\":{\"summary\":{\"type\":\"string\",\"maxLength\":20},"
            + "\"sentiment\":{\"enum\":[\"positive\",\"neutral\",\"negative\"]},\"confidence\":"
            + "{\"type\":\"number\",\"minimum\":0,\"maximum\":1},\"topics\":{\"type\":\"array\","
            + "\"items\":{\"type\":\"string\"},\"maxItems\":3}},\"required\":[\"summary\","
            + "\"sentiment\",\"confidence\",\"topics\"],\"additionalProperties\":false}";
    ChatRequest request =
        ask("Classify this")
            .responseFormat(new ResponseFormat.JsonSchema("classification", null, schema, true))
            .build();

    JsonNode answer = Schemas.parse(text(client().chat(call(request))));

    assertThat(Schemas.errors(Schemas.parse(schema), answer)).as(answer.toString()).isEmpty();
    assertThat(answer.get("confidence").decimalValue()).isEqualByComparingTo("0.9");
  }

  // ---- limits ----

  @Test
  void chat_maxTokensBelowAnswer_truncatesAndStopsForMaxTokens() {
    ChatRequest request = ask("one two three four five six seven").maxTokens(5).build();

    ChatResponse response = client().chat(call(request));

    Choice choice = response.choices().getFirst();
    assertThat(choice.message().text()).hasSize(20).startsWith("[sandbox] ");
    assertThat(choice.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
    assertThat(response.usage().outputTokens()).isEqualTo(5);
  }

  @Test
  void chat_stopSequence_cutsBeforeItAndReportsIt() {
    ChatRequest request = ask("alpha beta STOP gamma").stop(List.of("gamma", "STOP")).build();

    Choice choice = client().chat(call(request, "behaviour", "echo")).choices().getFirst();

    assertThat(choice.message().text()).isEqualTo("alpha beta ");
    assertThat(choice.stopReason()).isEqualTo(StopReason.STOP_SEQUENCE);
    assertThat(choice.stopSequence()).isEqualTo("STOP");
  }

  @Test
  void chat_stopSequenceBeyondMaxTokens_maxTokensWins() {
    ChatRequest request =
        ask("aaaaaaaaaaaaaaaaaaaa STOP").stop(List.of("STOP")).maxTokens(2).build();

    Choice choice = client().chat(call(request, "behaviour", "echo")).choices().getFirst();

    assertThat(choice.message().text()).isEqualTo("aaaaaaaa");
    assertThat(choice.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
    assertThat(choice.stopSequence()).isNull();
  }

  @Test
  void chat_usage_estimatesFourCharactersPerToken() {
    // "Be brief." (9) + "12345678901" (11) + tool name (11) + description (11) + schema
    ChatRequest request =
        ask("12345678901")
            .tools(List.of(new Tool("get_weather", "Weather now", "{}", null)))
            .build();

    ChatResponse response = client().chat(call(request, "behaviour", "echo"));

    assertThat(response.usage().inputTokens()).isEqualTo((9 + 11 + 11 + 11 + 2 + 3) / 4);
    assertThat(response.usage().outputTokens()).isEqualTo(3);
    assertThat(response.usage().cachedInputTokens()).isZero();
  }

  // ---- streams ----

  static Stream<ChatRequest> streamedRequests() {
    return Stream.of(
        ask("Stream me a short answer please").build(),
        ask("Two of them").n(2).build(),
        ask("Weather?").tools(List.of(WEATHER_TOOL)).toolChoice(ToolChoice.REQUIRED).n(2).build(),
        ask("JSON please").responseFormat(ResponseFormat.JSON_OBJECT).maxTokens(9).build());
  }

  @ParameterizedTest
  @MethodSource("streamedRequests")
  void stream_concatenated_equalsChatAnswer(ChatRequest request) {
    ChatResponse whole = client().chat(call(request));

    List<StreamEvent> events = drain(client().stream(call(request)));

    assertThat(events.getFirst())
        .isEqualTo(new StreamEvent.Started(whole.id(), MODEL, NOW.getEpochSecond()));
    assertThat(events.getLast()).isEqualTo(new StreamEvent.UsageReported(whole.usage()));
    for (Choice choice : whole.choices()) {
      int i = choice.index();
      StringBuilder text = new StringBuilder();
      List<ToolCall> calls = new ArrayList<>();
      StringBuilder args = new StringBuilder();
      long textChunks = 0;
      for (StreamEvent e : events) {
        switch (e) {
          case StreamEvent.TextDelta d when d.choice() == i -> {
            text.append(d.text());
            textChunks++;
          }
          case StreamEvent.ToolCallStarted s when s.choice() == i ->
              calls.add(new ToolCall(s.id(), s.name(), ""));
          case StreamEvent.ToolCallDelta d when d.choice() == i ->
              args.append(d.argumentsFragment());
          default -> {}
        }
      }
      assertThat(text.toString()).isEqualTo(choice.message().text());
      if (!choice.message().text().isEmpty()) {
        assertThat(textChunks).isGreaterThan(1);
      }
      assertThat(calls.stream().map(c -> new ToolCall(c.id(), c.name(), args.toString())).toList())
          .isEqualTo(choice.message().toolCalls());
      assertThat(events)
          .contains(new StreamEvent.Finished(i, choice.stopReason(), choice.stopSequence()));
    }
  }

  @Test
  void stream_toolArguments_arriveInSeveralFragments() {
    ChatRequest request =
        ask("Weather?").tools(List.of(WEATHER_TOOL)).toolChoice(ToolChoice.REQUIRED).build();

    List<StreamEvent> events = drain(client().stream(call(request)));

    assertThat(events.stream().filter(e -> e instanceof StreamEvent.ToolCallDelta).count())
        .isGreaterThan(1);
    assertThat(events.get(1)).isInstanceOf(StreamEvent.ToolCallStarted.class);
  }

  @Test
  void stream_slow_pausesBeforeFirstByteAndEachChunk() {
    ChatRequest request = ask("Slowly now").build();

    List<StreamEvent> events =
        drain(client().stream(call(request, "behaviour", "slow", "first-byte-ms", "700")));

    long chunks = events.stream().filter(e -> e instanceof StreamEvent.TextDelta).count();
    List<Duration> expected = new ArrayList<>();
    expected.add(Duration.ofMillis(700));
    for (int i = 0; i < chunks; i++) {
      expected.add(Duration.ofMillis(200));
    }
    assertThat(pauses).isEqualTo(expected);
  }

  @Test
  void chat_slowWithLatency_waitsForWholeAnswerOnce() {
    ChatRequest request = ask("Slowly now").build();
    long chunks =
        drain(client().stream(call(request))).stream()
            .filter(e -> e instanceof StreamEvent.TextDelta)
            .count();

    client().chat(call(request, "behaviour", "slow", "latency-ms", "10"));

    assertThat(pauses).containsExactly(Duration.ofMillis(10 * chunks));
  }

  @Test
  void stream_latencyBeyondIdleTimeout_failsAsUpstreamTimeout() {
    Timeouts timeouts =
        new Timeouts(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofMillis(50),
            Duration.ofMinutes(1));
    SandboxClient client =
        SandboxClient.create(config(timeouts, Map.of()), InstantSource.fixed(NOW), recorder);
    ChatStream stream = client.stream(call(ask("Hi").build(), "behaviour", "slow"));

    assertThat(stream.next()).isInstanceOf(StreamEvent.Started.class);
    assertThatThrownBy(stream::next)
        .isInstanceOf(UpstreamException.class)
        .satisfies(
            e -> {
              UpstreamException u = (UpstreamException) e;
              assertThat(u.code()).isEqualTo(ErrorCode.UPSTREAM_TIMEOUT);
              assertThat(u.retryable()).isTrue();
            });
    assertThat(pauses).containsExactly(Duration.ofMillis(50));
  }

  @Test
  void chat_firstByteBeyondTimeout_failsAfterWaitingTheTimeout() {
    Timeouts timeouts =
        new Timeouts(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(2),
            Duration.ofMinutes(1));
    SandboxClient client =
        SandboxClient.create(config(timeouts, Map.of()), InstantSource.fixed(NOW), recorder);

    assertThatThrownBy(() -> client.chat(call(ask("Hi").build(), "first-byte-ms", "5000")))
        .isInstanceOf(UpstreamException.class)
        .hasMessageContaining("first-byte timeout")
        .extracting(e -> ((UpstreamException) e).code())
        .isEqualTo(ErrorCode.UPSTREAM_TIMEOUT);
    assertThat(pauses).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void stream_interruptedPause_failsAndKeepsInterruptFlag() {
    SandboxClient client =
        SandboxClient.create(
            config(Timeouts.DEFAULT, Map.of()),
            InstantSource.fixed(NOW),
            d -> {
              throw new InterruptedException();
            });
    try {
      assertThatThrownBy(() -> client.stream(call(ask("Hi").build(), "first-byte-ms", "1")))
          .isInstanceOf(UpstreamException.class)
          .hasMessage("sandbox: interrupted while pausing");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  // ---- failures ----

  @Test
  void chat_fail_defaultsToRetryable500() {
    assertThatThrownBy(() -> client().chat(call(ask("Hi").build(), "behaviour", "fail")))
        .isInstanceOf(UpstreamException.class)
        .hasMessage("sandbox: failing on purpose")
        .satisfies(
            e -> {
              UpstreamException u = (UpstreamException) e;
              assertThat(u.upstreamStatus()).isEqualTo(500);
              assertThat(u.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
              assertThat(u.retryable()).isTrue();
              assertThat(u.vendorType()).isEqualTo("sandbox_error");
              assertThat(u.retryAfter()).isNull();
            });
  }

  @Test
  void stream_fail429WithRetryAfter_throwsBeforeFirstEvent() {
    ProviderCall call =
        call(
            ask("Hi").stream(true).build(),
            "behaviour",
            "fail",
            "fail-status",
            "429",
            "retry-after-seconds",
            "7");

    assertThatThrownBy(() -> client().stream(call))
        .isInstanceOf(UpstreamException.class)
        .satisfies(
            e -> {
              UpstreamException u = (UpstreamException) e;
              assertThat(u.upstreamStatus()).isEqualTo(429);
              assertThat(u.code()).isEqualTo(ErrorCode.UPSTREAM_RATE_LIMITED);
              assertThat(u.retryable()).isTrue();
              assertThat(u.retryAfter()).isEqualTo(Duration.ofSeconds(7));
            });
  }

  @Test
  void chat_failWith400FromOptions_notRetryable() {
    SandboxClient client = client(Map.of(MODEL, Map.of("behaviour", "fail", "fail-status", "400")));

    assertThatThrownBy(() -> client.chat(call(ask("Hi").build())))
        .isInstanceOf(UpstreamException.class)
        .satisfies(
            e -> {
              UpstreamException u = (UpstreamException) e;
              assertThat(u.code()).isEqualTo(ErrorCode.UPSTREAM_REJECTED);
              assertThat(u.retryable()).isFalse();
            });
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3})
  void stream_failAfterChunks_deliversThatManyEventsThenBreaksRetryably(int n) {
    ChatStream stream =
        client().stream(
            call(
                ask("a b c d e f").build(),
                "behaviour",
                "fail",
                "fail-after-chunks",
                Integer.toString(n)));
    List<StreamEvent> expected = drain(client().stream(call(ask("a b c d e f").build())));

    for (int i = 0; i < n; i++) {
      assertThat(stream.next()).isEqualTo(expected.get(i));
    }
    assertThatThrownBy(stream::next)
        .isInstanceOf(UpstreamException.class)
        .hasMessage("sandbox: stream broken off after " + n + " events (fail-after-chunks)")
        .satisfies(e -> assertThat(((UpstreamException) e).retryable()).isTrue());
  }

  @Test
  void stream_failAfterMoreChunksThanEvents_breaksAtTheEnd() {
    ChatStream stream =
        client().stream(call(ask("a").build(), "behaviour", "fail", "fail-after-chunks", "999"));

    assertThatThrownBy(() -> drain(stream)).isInstanceOf(UpstreamException.class);
  }

  @Test
  void stream_closed_endsWithNull() {
    ChatStream stream = client().stream(call(ask("a b c").build()));
    stream.next();

    stream.close();

    assertThat(stream.next()).isNull();
  }

  // ---- directives and configuration ----

  @Test
  void parseDirectives_headerForms_becomeDirectiveMap() {
    assertThat(SandboxClient.parseDirectives("fail; fail-status=429, retry-after-seconds = 7"))
        .isEqualTo(Map.of("behaviour", "fail", "fail-status", "429", "retry-after-seconds", "7"));
    assertThat(SandboxClient.parseDirectives("behaviour=slow;latency-ms=5"))
        .isEqualTo(Map.of("behaviour", "slow", "latency-ms", "5"));
    assertThat(SandboxClient.parseDirectives(" ")).isEmpty();
  }

  @Test
  void parseDirectives_badInput_rejectsNamingTheValue() {
    assertThatThrownBy(() -> SandboxClient.parseDirectives("colour=red"))
        .isInstanceOf(StewardException.class)
        .hasMessageStartingWith("sandbox directive: 'colour' (expected: one of behaviour,");
    assertThatThrownBy(() -> SandboxClient.parseDirectives("fail; fail-status=200"))
        .isInstanceOf(StewardException.class)
        .hasMessage("sandbox fail-status: '200' (expected: an integer 400..599)");
    assertThatThrownBy(() -> SandboxClient.parseDirectives("fail; echo"))
        .isInstanceOf(StewardException.class)
        .hasMessage("sandbox directive behaviour: given twice (expected: once)");
  }

  @Test
  void create_invalidModelOption_rejectsNamingProviderAndModel() {
    Map<String, Map<String, String>> options = Map.of("m1", Map.of("latency-ms", "soon"));

    assertThatThrownBy(
            () ->
                SandboxClient.create(
                    config(Timeouts.DEFAULT, options), InstantSource.fixed(NOW), recorder))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "providers.sandbox, model m1: sandbox latency-ms: 'soon' (expected: an integer"
                + " 0..60000)");
  }

  @Test
  void create_otherProtocol_rejects() {
    ProviderConfig openai =
        new ProviderConfig(
            "openai",
            Protocol.OPENAI,
            null,
            null,
            Residency.US,
            Classification.OFFICIAL,
            false,
            Timeouts.DEFAULT,
            null,
            Map.of(),
            Map.of());

    assertThatThrownBy(() -> SandboxClient.create(openai, InstantSource.fixed(NOW), recorder))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("providers.openai.protocol: openai (expected: sandbox)");
  }

  // ---- embeddings ----

  @Test
  void embed_vectors_unitLengthDeterministicAndDistinct() {
    EmbeddingRequest request =
        new EmbeddingRequest("embed-1", List.of("alpha", "beta", "alpha"), null, null);

    EmbeddingResponse first = client().embed("r1", request);
    EmbeddingResponse second = client().embed("r2", request);

    assertThat(second).isEqualTo(first);
    assertThat(first.data()).hasSize(3);
    for (var e : first.data()) {
      assertThat(e.dimensions()).isEqualTo(256);
      double sum = 0;
      for (float f : e.vector()) {
        sum += (double) f * f;
      }
      assertThat(Math.sqrt(sum)).isCloseTo(1.0, within(1e-5));
    }
    assertThat(first.data().get(0).vector()).isEqualTo(first.data().get(2).vector());
    assertThat(first.data().get(0).vector()).isNotEqualTo(first.data().get(1).vector());
    assertThat(first.usage().inputTokens()).isEqualTo(4);
    assertThat(first.model()).isEqualTo("embed-1");
  }

  @Test
  void embed_dimensions_fromRequestElseOptionElseDefault() {
    SandboxClient client = client(Map.of("embed-1", Map.of("dimensions", "64")));

    assertThat(client.embed("r", new EmbeddingRequest("embed-1", List.of("x"), 8, null)).data())
        .allMatch(e -> e.dimensions() == 8);
    assertThat(client.embed("r", new EmbeddingRequest("embed-1", List.of("x"), null, null)).data())
        .allMatch(e -> e.dimensions() == 64);
    assertThatThrownBy(
            () -> client.embed("r", new EmbeddingRequest("embed-1", List.of("x"), 0, null)))
        .isInstanceOf(StewardException.class)
        .hasMessage("dimensions: 0 (expected: 1..8192)");
  }

  @Test
  void embed_failOption_throwsUpstreamError() {
    SandboxClient client =
        client(Map.of("embed-1", Map.of("behaviour", "fail", "fail-status", "503")));

    assertThatThrownBy(
            () -> client.embed("r", new EmbeddingRequest("embed-1", List.of("x"), null, null)))
        .isInstanceOf(UpstreamException.class)
        .extracting(e -> ((UpstreamException) e).upstreamStatus())
        .isEqualTo(503);
  }

  private static List<StreamEvent> drain(ChatStream stream) {
    List<StreamEvent> events = new ArrayList<>();
    try (stream) {
      for (StreamEvent e = stream.next(); e != null; e = stream.next()) {
        events.add(e);
      }
    }
    return events;
  }
}
