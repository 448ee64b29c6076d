package dev.steward.cohere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.core.ChatRequest;
import dev.steward.core.ChatResponse;
import dev.steward.core.ContentPart;
import dev.steward.core.EmbeddingRequest;
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
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CohereCodecTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{}}";
  private static final Tool WEATHER = new Tool("get_weather", "Weather", SCHEMA, null);
  private static final Tool TIME = new Tool("get_time", null, SCHEMA, null);

  private final CohereCodec codec = new CohereCodec();

  private static ChatRequest.Builder request() {
    return ChatRequest.builder("command-a-03-2025").messages(List.of(Message.of(Role.USER, "Hi")));
  }

  private JsonNode encode(ChatRequest r) throws Exception {
    return JSON.readTree(codec.encodeChatRequest(r));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void encode_toolChoiceAuto_omitsToolChoice() throws Exception {
    JsonNode body = encode(request().tools(List.of(WEATHER)).toolChoice(ToolChoice.AUTO).build());

    assertThat(body.has("tool_choice")).isFalse();
    assertThat(body.path("tools").size()).isEqualTo(1);
  }

  @Test
  void encode_toolChoiceRequiredAndNone_sendCohereNames() throws Exception {
    assertThat(
            encode(request().tools(List.of(WEATHER)).toolChoice(ToolChoice.REQUIRED).build())
                .path("tool_choice")
                .asText())
        .isEqualTo("REQUIRED");
    assertThat(
            encode(request().tools(List.of(WEATHER)).toolChoice(ToolChoice.NONE).build())
                .path("tool_choice")
                .asText())
        .isEqualTo("NONE");
  }

  @Test
  void encode_toolChoiceNamed_sendsRequiredAndOnlyThatTool() throws Exception {
    JsonNode body =
        encode(
            request()
                .tools(List.of(WEATHER, TIME))
                .toolChoice(new ToolChoice.Named("get_time"))
                .build());

    assertThat(body.path("tool_choice").asText()).isEqualTo("REQUIRED");
    assertThat(body.path("tools").size()).isEqualTo(1);
    assertThat(body.path("tools").path(0).path("function").path("name").asText())
        .isEqualTo("get_time");
    assertThat(body.path("tools").path(0).path("function").has("description")).isFalse();
  }

  @Test
  void encode_toolChoiceNamedUnknownTool_rejectsWithParam() {
    ChatRequest r =
        request().tools(List.of(WEATHER)).toolChoice(new ToolChoice.Named("nope")).build();

    assertThatThrownBy(() -> codec.encodeChatRequest(r))
        .isInstanceOfSatisfying(
            StewardException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
              assertThat(e.param()).isEqualTo("tool_choice");
              assertThat(e.getMessage()).contains("nope");
            });
  }

  @Test
  void encode_nAboveOne_rejectedAsUnsupported() {
    ChatRequest r = request().n(2).build();

    assertThatThrownBy(() -> codec.encodeChatRequest(r))
        .isInstanceOfSatisfying(
            StewardException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.CAPABILITY_UNSUPPORTED);
              assertThat(e.getMessage()).isEqualTo("n: 2 (expected: 1 for cohere)");
            });
  }

  @Test
  void encode_responseFormatJsonObject_sendsJsonObject() throws Exception {
    JsonNode body = encode(request().responseFormat(ResponseFormat.JSON_OBJECT).build());

    assertThat(body.path("response_format")).isEqualTo(JSON.readTree("{\"type\":\"json_object\"}"));
  }

  @Test
  void encode_responseFormatJsonSchema_sendsJsonObjectWithSchema() throws Exception {
    String schema = "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}";
    JsonNode body =
        encode(
            request()
                .responseFormat(new ResponseFormat.JsonSchema("person", null, schema, true))
                .build());

    assertThat(body.path("response_format").path("type").asText()).isEqualTo("json_object");
    assertThat(body.path("response_format").path("json_schema")).isEqualTo(JSON.readTree(schema));
  }

  @Test
  void encode_responseFormatText_sendsNothing() throws Exception {
    assertThat(encode(request().responseFormat(ResponseFormat.TEXT).build()).has("response_format"))
        .isFalse();
  }

  @Test
  void encode_samplingParameters_useCohereNames() throws Exception {
    JsonNode body =
        encode(
            request()
                .maxTokens(100)
                .temperature(0.5)
                .topP(0.9)
                .seed(42L)
                .stop(List.of("END"))
                .frequencyPenalty(0.1)
                .presencePenalty(0.2)
                .stream(true)
                .build());

    assertThat(body.path("max_tokens").asInt()).isEqualTo(100);
    assertThat(body.path("temperature").asDouble()).isEqualTo(0.5);
    assertThat(body.path("p").asDouble()).isEqualTo(0.9);
    assertThat(body.has("top_p")).isFalse();
    assertThat(body.path("seed").asLong()).isEqualTo(42);
    assertThat(body.path("stop_sequences")).isEqualTo(JSON.readTree("[\"END\"]"));
    assertThat(body.path("frequency_penalty").asDouble()).isEqualTo(0.1);
    assertThat(body.path("presence_penalty").asDouble()).isEqualTo(0.2);
    assertThat(body.path("stream").asBoolean()).isTrue();
  }

  @Test
  void encode_topPOutsideCohereRange_isClamped() throws Exception {
    assertThat(encode(request().topP(1.0).build()).path("p").asDouble()).isEqualTo(0.99);
    assertThat(encode(request().topP(0.0).build()).path("p").asDouble()).isEqualTo(0.01);
  }

  @Test
  void encode_negativePenalty_rejectedAsUnsupported() {
    ChatRequest r = request().presencePenalty(-0.5).build();

    assertThatThrownBy(() -> codec.encodeChatRequest(r))
        .isInstanceOfSatisfying(
            StewardException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.CAPABILITY_UNSUPPORTED);
              assertThat(e.getMessage())
                  .isEqualTo("presence_penalty: -0.5 (expected: 0..1 for cohere)");
            });
  }

  @Test
  void encode_conversationWithToolRoundTrip_usesCohereMessageShapes() throws Exception {
    ToolCall call = new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}");
    ChatRequest r =
        request()
            .messages(
                List.of(
                    Message.of(Role.DEVELOPER, "Be brief."),
                    Message.of(Role.USER, "Weather in Paris?"),
                    Message.assistant("I will look it up.", List.of(call)),
                    Message.toolResult("call_1", "{\"temp\":21}"),
                    Message.assistant("It is 21 degrees.", List.of())))
            .build();

    JsonNode messages = encode(r).path("messages");

    assertThat(messages)
        .isEqualTo(
            JSON.readTree(
                """
                [{"role":"system","content":"Be brief."},
                 {"role":"user","content":"Weather in Paris?"},
                 {"role":"assistant","tool_plan":"I will look it up.",
                  "tool_calls":[{"id":"call_1","type":"function",
                    "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                 {"role":"tool","tool_call_id":"call_1","content":"{\\"temp\\":21}"},
                 {"role":"assistant","content":"It is 21 degrees."}]
                """));
  }

  @Test
  void encode_userImage_sendsImageUrlParts() throws Exception {
    Message m =
        new Message(
            Role.USER,
            List.of(
                ContentPart.text("What is this?"),
                ContentPart.Image.ofUrl("https://example.org/cat.png", "low"),
                ContentPart.Image.ofBase64("image/png", "iVBORw0KGgo=", null)),
            List.of(),
            null,
            null);

    JsonNode content = encode(request().messages(List.of(m)).build()).path("messages").path(0);

    assertThat(content.path("content"))
        .isEqualTo(
            JSON.readTree(
                """
                [{"type":"text","text":"What is this?"},
                 {"type":"image_url","image_url":{"url":"https://example.org/cat.png","detail":"low"}},
                 {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]
                """));
  }

  @Test
  void encode_imageInSystemMessage_rejectedAsUnsupported() {
    Message m =
        new Message(
            Role.SYSTEM,
            List.of(ContentPart.Image.ofUrl("https://example.org/a.png", null)),
            List.of(),
            null,
            null);

    assertThatThrownBy(() -> codec.encodeChatRequest(request().messages(List.of(m)).build()))
        .isInstanceOfSatisfying(
            StewardException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CAPABILITY_UNSUPPORTED));
  }

  @Test
  void encode_strictTool_setsStrictTools() throws Exception {
    Tool strict = new Tool("f", null, SCHEMA, true);

    assertThat(encode(request().tools(List.of(strict)).build()).path("strict_tools").asBoolean())
        .isTrue();
    assertThat(encode(request().tools(List.of(WEATHER)).build()).has("strict_tools")).isFalse();
  }

  @Test
  void encode_toolWithInvalidSchema_rejectsWithParam() {
    Tool bad = new Tool("f", null, "{not json", null);

    assertThatThrownBy(() -> codec.encodeChatRequest(request().tools(List.of(bad)).build()))
        .isInstanceOfSatisfying(
            StewardException.class, e -> assertThat(e.param()).isEqualTo("tools.f.parameters"));
  }

  @ParameterizedTest
  @CsvSource({
    "COMPLETE, END_TURN",
    "STOP_SEQUENCE, STOP_SEQUENCE",
    "MAX_TOKENS, MAX_TOKENS",
    "TOOL_CALL, TOOL_USE",
    "ERROR, ERROR",
    "TIMEOUT, ERROR",
    "SOMETHING_NEW, END_TURN"
  })
  void decode_finishReason_mapsToStopReason(String finishReason, StopReason expected) {
    String body =
        """
        {"id":"x","finish_reason":"%s","message":{"role":"assistant","content":[]}}
        """
            .formatted(finishReason);

    assertThat(codec.decodeChatResponse(bytes(body)).choices().get(0).stopReason())
        .isEqualTo(expected);
  }

  @Test
  void decode_usage_prefersTokensOverBilledUnitsAndReadsCached() {
    String body =
        """
        {"id":"x","finish_reason":"COMPLETE","message":{"role":"assistant","content":[]},
         "usage":{"billed_units":{"input_tokens":3,"output_tokens":4},
                  "tokens":{"input_tokens":30.0,"output_tokens":40.0},"cached_tokens":12}}
        """;

    assertThat(codec.decodeChatResponse(bytes(body)).usage()).isEqualTo(new Usage(30, 40, 12));
  }

  @Test
  void decode_usageWithoutTokens_fallsBackToBilledUnits() {
    String body =
        """
        {"id":"x","finish_reason":"COMPLETE","message":{"role":"assistant","content":[]},
         "usage":{"billed_units":{"input_tokens":3,"output_tokens":4}}}
        """;

    assertThat(codec.decodeChatResponse(bytes(body)).usage()).isEqualTo(new Usage(3, 4, 0));
  }

  @Test
  void decode_contentBlocks_concatenatesTextAndSkipsOthers() {
    String body =
        """
        {"id":"r1","finish_reason":"COMPLETE","message":{"role":"assistant","content":[
          {"type":"thinking","thinking":"hmm"},
          {"type":"text","text":"Hello"},{"type":"text","text":", world"}]}}
        """;

    ChatResponse response = codec.decodeChatResponse(bytes(body), "command-a", 1700000000);

    assertThat(response.id()).isEqualTo("r1");
    assertThat(response.model()).isEqualTo("command-a");
    assertThat(response.created()).isEqualTo(1700000000);
    assertThat(response.choices().get(0).message().text()).isEqualTo("Hello, world");
    assertThat(response.choices().get(0).message().role()).isEqualTo(Role.ASSISTANT);
  }

  @Test
  void decode_notJson_failsAsUpstreamError() {
    assertThatThrownBy(() -> codec.decodeChatResponse(bytes("<html>")))
        .isInstanceOfSatisfying(
            UpstreamException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR));
  }

  @Test
  void encodeEmbed_dimensionsAndInputType_areSent() throws Exception {
    JsonNode body =
        JSON.readTree(
            codec.encodeEmbedRequest(
                new EmbeddingRequest("embed-v4.0", List.of("a"), 512, null), "search_query"));

    assertThat(body.path("output_dimension").asInt()).isEqualTo(512);
    assertThat(body.path("input_type").asText()).isEqualTo("search_query");
    assertThat(body.path("embedding_types")).isEqualTo(JSON.readTree("[\"float\"]"));
  }

  @Test
  void encodeEmbed_unknownInputType_rejects() {
    EmbeddingRequest r = new EmbeddingRequest("embed-v4.0", List.of("a"), null, null);

    assertThatThrownBy(() -> codec.encodeEmbedRequest(r, "search"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("input-type: search");
  }

  @Test
  void encodeEmbed_moreThan96Texts_rejectedAsUnsupported() {
    EmbeddingRequest r =
        new EmbeddingRequest("embed-v4.0", Collections.nCopies(97, "x"), null, null);

    assertThatThrownBy(() -> codec.encodeEmbedRequest(r))
        .isInstanceOfSatisfying(
            StewardException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CAPABILITY_UNSUPPORTED));
  }

  @Test
  void errorMessage_readsCohereBodies() {
    assertThat(codec.errorMessage(bytes("{\"message\":\"invalid request: x\"}")))
        .contains("invalid request: x");
    assertThat(codec.errorMessage(bytes("{\"id\":\"abc\",\"message\":\"too many tokens\"}")))
        .contains("too many tokens");
    assertThat(codec.errorMessage(bytes("upstream connect error"))).isEmpty();
    assertThat(codec.errorMessage(bytes("{\"detail\":\"x\"}"))).isEmpty();
  }
}
