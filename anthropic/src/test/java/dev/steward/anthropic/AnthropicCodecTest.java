package dev.steward.anthropic;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.core.ChatRequest;
import dev.steward.core.ChatResponse;
import dev.steward.core.Choice;
import dev.steward.core.ContentPart;
import dev.steward.core.ErrorCode;
import dev.steward.core.Message;
import dev.steward.core.ResponseFormat;
import dev.steward.core.Role;
import dev.steward.core.StewardException;
import dev.steward.core.StopReason;
import dev.steward.core.Tool;
import dev.steward.core.ToolCall;
import dev.steward.core.ToolChoice;
import dev.steward.core.UpstreamException;
import dev.steward.core.Usage;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicCodecTest {
  static final Instant NOW = Instant.ofEpochSecond(1_750_000_000L);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}";

  private final AnthropicCodec codec = AnthropicCodec.create(1024, InstantSource.fixed(NOW));

  private ChatRequest decode(String json) {
    return codec.decodeMessagesRequest(json.getBytes(UTF_8));
  }

  private static JsonNode tree(byte[] body) throws Exception {
    return JSON.readTree(body);
  }

  private static JsonNode tree(String json) throws Exception {
    return JSON.readTree(json);
  }

  private static String req(String messagesAndMore) {
    return "{\"model\":\"claude-x\",\"max_tokens\":100," + messagesAndMore + "}";
  }

  private void assertRejected(String json, String param, String message) {
    assertThatThrownBy(() -> decode(json))
        .isInstanceOfSatisfying(
            StewardException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
              assertThat(e.param()).isEqualTo(param);
              assertThat(e.getMessage()).isEqualTo(message);
            });
  }

  // ---- inbound: decodeMessagesRequest

  @Test
  void decode_everyField_mapsToCanonical() {
    ChatRequest r =
        decode(
            """
            {"model":"claude-x","max_tokens":300,"system":"Be brief.",
             "messages":[{"role":"user","content":"Weather in London?"}],
             "tools":[{"name":"get_weather","description":"Weather","input_schema":%s}],
             "tool_choice":{"type":"any","disable_parallel_tool_use":true},
             "stop_sequences":["END"],"temperature":0.5,"top_p":0.9,"top_k":40,
             "stream":true,"metadata":{"user_id":"u-42"},"service_tier":"auto"}
            """
                .formatted(SCHEMA));

    assertThat(r.model()).isEqualTo("claude-x");
    assertThat(r.maxTokens()).isEqualTo(300);
    assertThat(r.messages())
        .containsExactly(
            Message.of(Role.SYSTEM, "Be brief."), Message.of(Role.USER, "Weather in London?"));
    assertThat(r.tools()).containsExactly(new Tool("get_weather", "Weather", SCHEMA, null));
    assertThat(r.toolChoice()).isEqualTo(ToolChoice.REQUIRED);
    assertThat(r.parallelToolCalls()).isFalse();
    assertThat(r.stop()).containsExactly("END");
    assertThat(r.temperature()).isEqualTo(0.5);
    assertThat(r.topP()).isEqualTo(0.9);
    assertThat(r.stream()).isTrue();
    assertThat(r.includeUsage()).isTrue();
    assertThat(r.user()).isEqualTo("u-42");
    assertThat(r.n()).isEqualTo(1);
  }

  @Test
  void decode_systemAsTextBlocks_becomesOneLeadingSystemMessage() {
    ChatRequest r =
        decode(
            req(
                """
                "system":[{"type":"text","text":"Rule one.","cache_control":{"type":"ephemeral"}},
                          {"type":"text","text":"Rule two."}],
                "messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}]
                """));

    assertThat(r.messages().get(0))
        .isEqualTo(
            new Message(
                Role.SYSTEM,
                List.of(new ContentPart.Text("Rule one."), new ContentPart.Text("Rule two.")),
                List.of(),
                null,
                null));
    assertThat(r.messages().get(1)).isEqualTo(Message.of(Role.USER, "Hi"));
  }

  @Test
  void decode_userTurnWithToolResultsAndText_becomesToolMessagesThenUserInOrder() {
    ChatRequest r =
        decode(
            req(
                """
                "messages":[
                  {"role":"user","content":"Weather in London and Paris?"},
                  {"role":"assistant","content":[
                    {"type":"text","text":"Checking."},
                    {"type":"tool_use","id":"t1","name":"get_weather","input":{"city":"London"}},
                    {"type":"tool_use","id":"t2","name":"get_weather","input":{"city":"Paris"}}]},
                  {"role":"user","content":[
                    {"type":"tool_result","tool_use_id":"t1","content":"12C"},
                    {"type":"tool_result","tool_use_id":"t2","is_error":true,
                     "content":[{"type":"text","text":"no data"}]},
                    {"type":"text","text":"Which is warmer?"}]}]
                """));

    assertThat(r.messages())
        .containsExactly(
            Message.of(Role.USER, "Weather in London and Paris?"),
            new Message(
                Role.ASSISTANT,
                List.of(new ContentPart.Text("Checking.")),
                List.of(
                    new ToolCall("t1", "get_weather", "{\"city\":\"London\"}"),
                    new ToolCall("t2", "get_weather", "{\"city\":\"Paris\"}")),
                null,
                null),
            Message.toolResult("t1", "12C"),
            new Message(
                Role.TOOL, List.of(new ContentPart.Text("no data")), List.of(), "t2", null, true),
            Message.of(Role.USER, "Which is warmer?"));
  }

  @Test
  void decode_toolResultWithoutContent_isEmptyToolMessage() {
    ChatRequest r =
        decode(
            req(
                "\"messages\":[{\"role\":\"user\",\"content\":"
                    + "[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\"}]}]"));

    assertThat(r.messages())
        .containsExactly(new Message(Role.TOOL, List.of(), List.of(), "t1", null));
  }

  @Test
  void toolResultIsError_survivesDecodeAndEncode() throws Exception {
    ChatRequest r =
        decode(
            req(
                "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                    + "\"tool_use_id\":\"t1\",\"is_error\":true,\"content\":\"timed out\"}]}]"));

    assertThat(r.messages().get(0).toolError()).isTrue();
    JsonNode sent = tree(codec.encodeMessagesRequest(r));
    JsonNode block = sent.get("messages").get(0).get("content").get(0);
    assertThat(block.get("is_error").asBoolean()).isTrue();
    assertThat(block.get("content").asText()).isEqualTo("timed out");
  }

  @Test
  void decode_imagesBase64AndUrl_becomeImageParts() {
    ChatRequest r =
        decode(
            req(
                """
                "messages":[{"role":"user","content":[
                  {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0K"}},
                  {"type":"image","source":{"type":"url","url":"https://example.org/cat.jpg"}},
                  {"type":"text","text":"Same animal?"}]}]
                """));

    assertThat(r.messages().get(0).content())
        .containsExactly(
            ContentPart.Image.ofBase64("image/png", "iVBORw0K", null),
            ContentPart.Image.ofUrl("https://example.org/cat.jpg", null),
            new ContentPart.Text("Same animal?"));
  }

  @Test
  void decode_unknownBlockType_rejectsNamingTheBlock() {
    assertRejected(
        req(
            """
            "messages":[{"role":"user","content":"a"},
                        {"role":"assistant","content":[{"type":"video","text":"x"}]}]
            """),
        "messages[1].content[0].type",
        "messages[1].content[0].type: 'video' (expected: text, image, tool_use or tool_result)");
  }

  @Test
  void decode_toolUseInUserTurn_rejects() {
    assertRejected(
        req(
            "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_use\",\"id\":\"a\","
                + "\"name\":\"f\",\"input\":{}}]}]"),
        "messages[0].content[0].type",
        "messages[0].content[0].type: 'tool_use' (expected: text, image or tool_result in a user"
            + " turn)");
  }

  @Test
  void decode_missingMaxTokens_rejects() {
    assertRejected(
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        "max_tokens",
        "max_tokens: missing (expected: an integer >= 1)");
  }

  @Test
  void decode_zeroMaxTokens_rejects() {
    assertRejected(
        "{\"model\":\"m\",\"max_tokens\":0,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        "max_tokens",
        "max_tokens: 0 (expected: an integer >= 1)");
  }

  @Test
  void decode_systemRoleInMessages_rejectsWithParam() {
    assertRejected(
        req("\"messages\":[{\"role\":\"system\",\"content\":\"hi\"}]"),
        "messages[0].role",
        "messages[0].role: 'system' (expected: user or assistant)");
  }

  @Test
  void decode_temperatureAboveOne_rejects() {
    assertRejected(
        req("\"temperature\":1.5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"),
        "temperature",
        "temperature: 1.5 (expected: 0..1)");
  }

  @Test
  void decode_unsupportedImageMediaType_rejects() {
    assertRejected(
        req(
            "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":"
                + "{\"type\":\"base64\",\"media_type\":\"image/bmp\",\"data\":\"Qk0=\"}}]}]"),
        "messages[0].content[0].source.media_type",
        "messages[0].content[0].source.media_type: 'image/bmp' (expected: image/jpeg, image/png,"
            + " image/gif or image/webp)");
  }

  @Test
  void decode_serverTool_rejectsNamingType() {
    assertRejected(
        req(
            "\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"),
        "tools[0].type",
        "tools[0].type: 'web_search_20250305' (expected: custom)");
  }

  @Test
  void decode_toolChoiceForUnknownTool_rejects() {
    assertRejected(
        req(
            "\"tools\":[{\"name\":\"f\",\"input_schema\":{\"type\":\"object\"}}],"
                + "\"tool_choice\":{\"type\":\"tool\",\"name\":\"g\"},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]"),
        "tool_choice.name",
        "tool_choice.name: 'g' (expected: the name of one of the tools)");
  }

  @Test
  void decode_toolUseInputNotObject_rejects() {
    assertRejected(
        req(
            "\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\","
                + "\"id\":\"a\",\"name\":\"f\",\"input\":\"{}\"}]}]"),
        "messages[0].content[0].input",
        "messages[0].content[0].input: a string (expected: an object)");
  }

  @Test
  void decode_emptyMessages_rejects() {
    assertRejected(
        req("\"messages\":[]"), "messages", "messages: empty (expected: at least one message)");
  }

  @Test
  void decode_malformedJson_isMalformedWithoutQuotingTheBody() {
    assertThatThrownBy(() -> decode("{\"model\":\"m\",\"messages\":[{\"secret prompt"))
        .isInstanceOfSatisfying(
            StewardException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_JSON);
              assertThat(e.getMessage())
                  .startsWith("body: malformed JSON")
                  .doesNotContain("secret");
            });
  }

  @Test
  void decode_duplicateKey_isMalformed() {
    assertThatThrownBy(() -> decode("{\"model\":\"a\",\"model\":\"b\"}"))
        .isInstanceOfSatisfying(
            StewardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_JSON));
  }

  @Test
  void decode_notAnObject_rejects() {
    assertRejected("[1,2]", "body", "body: an array (expected: a JSON object)");
  }

  @Test
  void decode_unknownFields_areIgnored() {
    ChatRequest r =
        decode(
            req(
                "\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":1024},"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"extra\":1}]"));

    assertThat(r.messages()).containsExactly(Message.of(Role.USER, "hi"));
  }

  // ---- outbound: encodeMessagesRequest

  @Test
  void encode_systemAndDeveloperMessages_foldIntoSystemInOrder() throws Exception {
    ChatRequest r =
        ChatRequest.builder("claude-x")
            .messages(
                List.of(
                    Message.of(Role.SYSTEM, "Be brief."),
                    Message.of(Role.USER, "Hi"),
                    Message.of(Role.DEVELOPER, "Use British spelling.")))
            .maxTokens(50)
            .build();

    JsonNode body = tree(codec.encodeMessagesRequest(r));

    assertThat(body.path("system"))
        .isEqualTo(
            tree(
                "[{\"type\":\"text\",\"text\":\"Be brief.\"},"
                    + "{\"type\":\"text\",\"text\":\"Use British spelling.\"}]"));
    assertThat(body.path("messages")).isEqualTo(tree("[{\"role\":\"user\",\"content\":\"Hi\"}]"));
  }

  @Test
  void encode_toolConversation_foldsToolResultsIntoOneUserTurn() throws Exception {
    ChatRequest r =
        ChatRequest.builder("claude-x")
            .messages(
                List.of(
                    Message.of(Role.USER, "Weather?"),
                    Message.assistant(
                        "",
                        List.of(
                            new ToolCall("t1", "get_weather", "{\"city\":\"London\"}"),
                            new ToolCall("t2", "get_time", ""))),
                    Message.toolResult("t1", "12C"),
                    new Message(
                        Role.TOOL,
                        List.of(new ContentPart.Text("10:00"), new ContentPart.Text(" BST")),
                        List.of(),
                        "t2",
                        null),
                    Message.of(Role.USER, "Thanks")))
            .maxTokens(50)
            .build();

    JsonNode messages = tree(codec.encodeMessagesRequest(r)).path("messages");

    assertThat(messages)
        .isEqualTo(
            tree(
                """
                [{"role":"user","content":"Weather?"},
                 {"role":"assistant","content":[
                   {"type":"tool_use","id":"t1","name":"get_weather","input":{"city":"London"}},
                   {"type":"tool_use","id":"t2","name":"get_time","input":{}}]},
                 {"role":"user","content":[
                   {"type":"tool_result","tool_use_id":"t1","content":"12C"},
                   {"type":"tool_result","tool_use_id":"t2","content":[
                     {"type":"text","text":"10:00"},{"type":"text","text":" BST"}]},
                   {"type":"text","text":"Thanks"}]}]
                """));
  }

  @Test
  void encode_images_urlBase64AndDataUrl() throws Exception {
    ChatRequest r =
        ChatRequest.builder("claude-x")
            .messages(
                List.of(
                    new Message(
                        Role.USER,
                        List.of(
                            ContentPart.Image.ofUrl("https://example.org/a.png", "high"),
                            ContentPart.Image.ofBase64("image/jpeg", "/9j/4AAQ", null),
                            ContentPart.Image.ofUrl("data:image/webp;base64,UklGRg==", null)),
                        List.of(),
                        null,
                        null)))
            .build();

    JsonNode content =
        tree(codec.encodeMessagesRequest(r)).path("messages").path(0).path("content");

    assertThat(content)
        .isEqualTo(
            tree(
                """
                [{"type":"image","source":{"type":"url","url":"https://example.org/a.png"}},
                 {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/4AAQ"}},
                 {"type":"image","source":{"type":"base64","media_type":"image/webp","data":"UklGRg=="}}]
                """));
  }

  @Test
  void encode_noMaxTokens_sendsConfiguredDefault() throws Exception {
    ChatRequest r =
        ChatRequest.builder("claude-x").messages(List.of(Message.of(Role.USER, "hi"))).build();

    assertThat(tree(codec.encodeMessagesRequest(r)).path("max_tokens").asInt()).isEqualTo(1024);
    assertThat(tree(AnthropicCodec.create().encodeMessagesRequest(r)).path("max_tokens").asInt())
        .isEqualTo(AnthropicCodec.DEFAULT_MAX_TOKENS);
  }

  @Test
  void encode_jsonSchemaFormat_becomesSystemInstruction() throws Exception {
    ChatRequest r =
        ChatRequest.builder("claude-x")
            .messages(List.of(Message.of(Role.SYSTEM, "Be brief."), Message.of(Role.USER, "hi")))
            .responseFormat(new ResponseFormat.JsonSchema("city", null, SCHEMA, true))
            .build();

    JsonNode body = tree(codec.encodeMessagesRequest(r));

    assertThat(body.has("response_format")).isFalse();
    assertThat(body.path("system").path(0).path("text").asText()).isEqualTo("Be brief.");
    assertThat(body.path("system").path(1).path("text").asText())
        .contains("JSON Schema, named \"city\"")
        .endsWith(SCHEMA);
  }

  @Test
  void encode_jsonObjectFormat_aloneBecomesSystemString() throws Exception {
    ChatRequest r =
        ChatRequest.builder("claude-x")
            .messages(List.of(Message.of(Role.USER, "hi")))
            .responseFormat(ResponseFormat.JSON_OBJECT)
            .build();

    assertThat(tree(codec.encodeMessagesRequest(r)).path("system").asText())
        .isEqualTo(MessagesRequestEncoder.JSON_OBJECT_INSTRUCTION);
  }

  @Test
  void encode_nAboveOne_isRefusedNamingN() {
    ChatRequest r =
        ChatRequest.builder("claude-x").messages(List.of(Message.of(Role.USER, "hi"))).n(2).build();

    assertThatThrownBy(() -> codec.encodeMessagesRequest(r))
        .isInstanceOfSatisfying(
            StewardException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.CAPABILITY_UNSUPPORTED);
              assertThat(e.param()).isEqualTo("n");
              assertThat(e.getMessage()).startsWith("n: 2 (expected: 1");
            });
  }

  @Test
  void encode_toolChoices_mapToAnthropicTypes() throws Exception {
    Tool tool = new Tool("f", null, SCHEMA, true);
    ChatRequest.Builder b =
        ChatRequest.builder("m")
            .messages(List.of(Message.of(Role.USER, "hi")))
            .tools(List.of(tool));

    assertThat(choice(b.toolChoice(ToolChoice.NONE).parallelToolCalls(false).build()))
        .isEqualTo(tree("{\"type\":\"none\"}"));
    assertThat(choice(b.toolChoice(ToolChoice.REQUIRED).parallelToolCalls(null).build()))
        .isEqualTo(tree("{\"type\":\"any\"}"));
    assertThat(choice(b.toolChoice(new ToolChoice.Named("f")).parallelToolCalls(true).build()))
        .isEqualTo(tree("{\"type\":\"tool\",\"name\":\"f\",\"disable_parallel_tool_use\":false}"));
    assertThat(choice(b.toolChoice(null).parallelToolCalls(false).build()))
        .isEqualTo(tree("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}"));
    assertThat(choice(b.toolChoice(null).parallelToolCalls(null).build())).isNull();
  }

  private JsonNode choice(ChatRequest r) throws Exception {
    return tree(codec.encodeMessagesRequest(r)).get("tool_choice");
  }

  @Test
  void encode_toolArgumentsNotJsonObject_isRejectedNamingTheCall() {
    ChatRequest r =
        ChatRequest.builder("m")
            .messages(
                List.of(
                    Message.of(Role.USER, "hi"),
                    Message.assistant("", List.of(new ToolCall("t1", "f", "[1]")))))
            .build();

    assertThatThrownBy(() -> codec.encodeMessagesRequest(r))
        .isInstanceOfSatisfying(
            StewardException.class,
            e -> assertThat(e.param()).isEqualTo("messages[1].tool_calls[0].arguments"));
  }

  @Test
  void encode_droppedFields_areNotSent() throws Exception {
    ChatRequest r =
        ChatRequest.builder("m")
            .messages(List.of(Message.of(Role.USER, "hi")))
            .presencePenalty(0.5)
            .frequencyPenalty(0.5)
            .seed(7L)
            .user("u-1")
            .build();

    JsonNode body = tree(codec.encodeMessagesRequest(r));

    assertThat(body.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("model", "max_tokens", "messages", "metadata");
    assertThat(body.path("metadata")).isEqualTo(tree("{\"user_id\":\"u-1\"}"));
  }

  // ---- responses

  @Test
  void decodeResponse_cacheCounts_areAddedToInput() {
    ChatResponse r =
        codec.decodeMessagesResponse(
            """
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-x",
             "content":[{"type":"thinking","thinking":"hmm","signature":"s"},
                        {"type":"text","text":"Hello"}],
             "stop_reason":"stop_sequence","stop_sequence":"END",
             "usage":{"input_tokens":5,"cache_creation_input_tokens":3,
                      "cache_read_input_tokens":16,"output_tokens":2}}
            """
                .getBytes(UTF_8));

    assertThat(r.id()).isEqualTo("msg_1");
    assertThat(r.created()).isEqualTo(NOW.getEpochSecond());
    assertThat(r.usage()).isEqualTo(new Usage(24, 2, 16));
    assertThat(r.choices())
        .containsExactly(
            new Choice(0, Message.of(Role.ASSISTANT, "Hello"), StopReason.STOP_SEQUENCE, "END"));
  }

  @Test
  void decodeResponse_stopReasons_mapToCanonical() {
    assertThat(stopOf("end_turn")).isEqualTo(StopReason.END_TURN);
    assertThat(stopOf("max_tokens")).isEqualTo(StopReason.MAX_TOKENS);
    assertThat(stopOf("tool_use")).isEqualTo(StopReason.TOOL_USE);
    assertThat(stopOf("refusal")).isEqualTo(StopReason.CONTENT_FILTER);
    assertThat(stopOf("pause_turn")).isEqualTo(StopReason.END_TURN);
  }

  private StopReason stopOf(String wire) {
    String body =
        "{\"id\":\"m\",\"model\":\"x\",\"content\":[],\"stop_reason\":\"%s\",\"usage\":{}}"
            .formatted(wire);
    return codec.decodeMessagesResponse(body.getBytes(UTF_8)).choices().get(0).stopReason();
  }

  @Test
  void decodeResponse_notJson_isUpstreamError() {
    assertThatThrownBy(() -> codec.decodeMessagesResponse("<html>".getBytes(UTF_8)))
        .isInstanceOfSatisfying(
            UpstreamException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR));
  }

  @Test
  void encodeResponse_isAnthropicMessageWithInputExcludingCache() throws Exception {
    ChatResponse r =
        new ChatResponse(
            "msg_9",
            "claude-x",
            NOW.getEpochSecond(),
            List.of(
                new Choice(
                    0,
                    Message.assistant("Checking.", List.of(new ToolCall("t1", "f", "{\"a\":1}"))),
                    StopReason.TOOL_USE,
                    null),
                new Choice(1, Message.of(Role.ASSISTANT, "ignored"), StopReason.END_TURN, null)),
            new Usage(21, 8, 16),
            null);

    assertThat(tree(codec.encodeMessagesResponse(r)))
        .isEqualTo(
            tree(
                """
                {"id":"msg_9","type":"message","role":"assistant","model":"claude-x",
                 "content":[{"type":"text","text":"Checking."},
                            {"type":"tool_use","id":"t1","name":"f","input":{"a":1}}],
                 "stop_reason":"tool_use","stop_sequence":null,
                 "usage":{"input_tokens":5,"cache_creation_input_tokens":0,
                          "cache_read_input_tokens":16,"output_tokens":8}}
                """));
  }

  @Test
  void encodeError_hasAnthropicShapeAndType() throws Exception {
    byte[] body =
        codec.encodeError(StewardException.invalid("max_tokens", "max_tokens: 0 (expected: >= 1)"));

    assertThat(tree(body))
        .isEqualTo(
            tree(
                "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                    + "\"message\":\"max_tokens: 0 (expected: >= 1)\"}}"));
    assertThat(tree(codec.encodeError(new StewardException(ErrorCode.QUEUE_TIMEOUT, "busy"))))
        .isEqualTo(
            tree(
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"busy\"}}"));
  }

  @Test
  void vendorError_parsesTypeAndMessage_orFallsBackToStatus() {
    assertThat(
            Wire.VendorError.parse(
                "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"x\"}}"
                    .getBytes(UTF_8),
                404))
        .isEqualTo(new Wire.VendorError("not_found_error", "x"));
    assertThat(Wire.VendorError.parse("<html>".getBytes(UTF_8), 502))
        .isEqualTo(new Wire.VendorError(null, "HTTP 502"));
  }
}
