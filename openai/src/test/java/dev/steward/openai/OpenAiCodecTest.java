package dev.steward.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.core.ChatRequest;
import dev.steward.core.ChatResponse;
import dev.steward.core.Choice;
import dev.steward.core.ContentPart;
import dev.steward.core.Embedding;
import dev.steward.core.EmbeddingRequest;
import dev.steward.core.EmbeddingResponse;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiCodecTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final OpenAiCodec codec = new OpenAiCodec();

  private static byte[] bytes(String json) {
    return json.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
  }

  /** A request body around the given extra top-level fields (single quotes become double). */
  private static byte[] request(String extra) {
    return bytes(
        "{'model':'gpt-4o','messages':[{'role':'user','content':'Hi'}]"
            + (extra.isEmpty() ? "" : "," + extra)
            + "}");
  }

  private StewardException rejection(byte[] body) {
    try {
      codec.decodeChatRequest(body);
    } catch (StewardException e) {
      return e;
    }
    throw new AssertionError("accepted: " + new String(body, StandardCharsets.UTF_8));
  }

  private static JsonNode tree(byte[] json) throws Exception {
    return JSON.readTree(json);
  }

  // ------------------------------------------------------------------ decode errors

  @Test
  void decode_malformedJson_rejectsAsMalformedWithPosition() {
    StewardException e = rejection(bytes("{'model':'gpt-4o',"));
    assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_JSON);
    assertThat(e.getMessage()).startsWith("request body: not valid JSON (line 1");
  }

  @Test
  void decode_trailingGarbage_rejectsAsMalformed() {
    assertThat(rejection(bytes("{'model':'m','messages':[]} {}")).code())
        .isEqualTo(ErrorCode.MALFORMED_JSON);
  }

  @Test
  void decode_emptyBody_rejectsAsMalformed() {
    assertThat(rejection(new byte[0]).code()).isEqualTo(ErrorCode.MALFORMED_JSON);
  }

  @Test
  void decode_arrayBody_rejectsAsInvalid() {
    StewardException e = rejection(bytes("[1]"));
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(e.getMessage()).isEqualTo("request body: an array (expected: a JSON object)");
  }

  @Test
  void decode_missingModel_rejectsWithParam() {
    StewardException e = rejection(bytes("{'messages':[{'role':'user','content':'Hi'}]}"));
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(e.param()).isEqualTo("model");
    assertThat(e.getMessage()).isEqualTo("model: missing (expected: a model name)");
  }

  @Test
  void decode_missingMessages_rejectsWithParam() {
    StewardException e = rejection(bytes("{'model':'gpt-4o'}"));
    assertThat(e.param()).isEqualTo("messages");
  }

  @Test
  void decode_emptyMessages_rejectsWithParam() {
    StewardException e = rejection(bytes("{'model':'gpt-4o','messages':[]}"));
    assertThat(e.getMessage())
        .isEqualTo("messages: empty (expected: a non-empty array of messages)");
  }

  @Test
  void decode_unknownRole_rejectsWithParam() {
    StewardException e =
        rejection(
            bytes(
                "{'model':'m','messages':[{'role':'system','content':'a'},"
                    + "{'role':'user','content':'b'},{'role':'robot','content':'c'}]}"));
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(e.param()).isEqualTo("messages[2].role");
    assertThat(e.getMessage())
        .isEqualTo(
            "messages[2].role: 'robot' (expected: system, developer, user, assistant or tool)");
  }

  @Test
  void decode_unknownContentPartType_rejectsWithParam() {
    StewardException e =
        rejection(
            bytes(
                "{'model':'m','messages':[{'role':'user','content':[{'type':'text','text':'a'},"
                    + "{'type':'input_audio','input_audio':{}}]}]}"));
    assertThat(e.param()).isEqualTo("messages[0].content[1].type");
    assertThat(e.getMessage())
        .isEqualTo("messages[0].content[1].type: 'input_audio' (expected: text or image_url)");
  }

  @Test
  void decode_wrongType_namesTypeNotValue() {
    StewardException e = rejection(request("'temperature':'very hot'"));
    assertThat(e.param()).isEqualTo("temperature");
    assertThat(e.getMessage()).isEqualTo("temperature: a string (expected: a number in 0..2)");
  }

  @Test
  void decode_contentOfWrongType_rejectsWithParam() {
    StewardException e =
        rejection(bytes("{'model':'m','messages':[{'role':'user','content':42}]}"));
    assertThat(e.param()).isEqualTo("messages[0].content");
  }

  @Test
  void decode_userWithoutContent_rejectsWithParam() {
    StewardException e = rejection(bytes("{'model':'m','messages':[{'role':'user'}]}"));
    assertThat(e.getMessage())
        .isEqualTo(
            "messages[0].content: missing (expected: a string or an array of content parts)");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'n':0 | n | n: 0 (expected: an integer in 1..128)",
        "'n':129 | n | n: 129 (expected: an integer in 1..128)",
        "'n':1.5 | n | n: a number (expected: an integer in 1..128)",
        "'max_tokens':0 | max_tokens | max_tokens: 0 (expected: an integer >= 1)",
        "'max_completion_tokens':-3 | max_completion_tokens | max_completion_tokens: -3 (expected: an integer >= 1)",
        "'temperature':2.5 | temperature | temperature: 2.5 (expected: a number in 0..2)",
        "'top_p':1.1 | top_p | top_p: 1.1 (expected: a number in 0..1)",
        "'presence_penalty':-3 | presence_penalty | presence_penalty: -3 (expected: a number in -2..2)",
        "'stream':'yes' | stream | stream: a string (expected: true or false)",
        "'stop':[1] | stop[0] | stop[0]: a number (expected: a string)",
        "'metadata':{'k':1} | metadata.k | metadata.k: a number (expected: a string)",
        "'tool_choice':'always' | tool_choice | tool_choice: 'always' (expected: auto, none, required or {\"type\":\"function\",\"function\":{\"name\":...}})",
        "'response_format':{'type':'yaml'} | response_format.type | response_format.type: 'yaml' (expected: text, json_object or json_schema)",
        "'response_format':{'type':'json_schema','json_schema':{'name':'x'}} | response_format.json_schema.schema | response_format.json_schema.schema: missing (expected: a JSON Schema object)",
        "'tools':[{'type':'function','function':{'name':'f','parameters':[]}}] | tools[0].function.parameters | tools[0].function.parameters: an array (expected: an object)",
        "'tools':[{'type':'web_search'}] | tools[0].type | tools[0].type: 'web_search' (expected: function)",
      })
  void decode_invalidValue_rejectsNamingParamAndExpectation(
      String field, String param, String message) {
    StewardException e = rejection(request(field));
    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
    assertThat(e.param()).isEqualTo(param);
    assertThat(e.getMessage()).isEqualTo(message);
  }

  @Test
  void decode_toolMessageWithoutToolCallId_rejectsWithParam() {
    StewardException e =
        rejection(bytes("{'model':'m','messages':[{'role':'tool','content':'42'}]}"));
    assertThat(e.param()).isEqualTo("messages[0].tool_call_id");
  }

  @Test
  void decode_imageInSystemMessage_rejectsWithParam() {
    StewardException e =
        rejection(
            bytes(
                "{'model':'m','messages':[{'role':'system','content':[{'type':'image_url',"
                    + "'image_url':{'url':'https://x/a.png'}}]}]}"));
    assertThat(e.param()).isEqualTo("messages[0].content[0].type");
    assertThat(e.getMessage()).endsWith("(expected: text in a system message)");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ftp://x/a.png | a 'ftp' URL",
        "data:image/png,abcd | a data URL without base64 data",
        "data:text/plain;base64,aGk= | a data URL of media type 'text/plain'",
        "no-url-at-all | no URL",
      })
  void decode_badImageUrl_rejectsWithParam(String url, String what) {
    StewardException e =
        rejection(
            bytes(
                "{'model':'m','messages':[{'role':'user','content':[{'type':'image_url',"
                    + "'image_url':{'url':'"
                    + url
                    + "'}}]}]}"));
    assertThat(e.param()).isEqualTo("messages[0].content[0].image_url.url");
    assertThat(e.getMessage()).startsWith("messages[0].content[0].image_url.url: " + what + " (");
  }

  // ------------------------------------------------------------------ decode successes

  @Test
  void decode_multiPartContent_keepsTextUrlAndBase64Images() {
    ChatRequest r =
        codec.decodeChatRequest(
            bytes(
                "{'model':'gpt-4o','messages':[{'role':'user','content':["
                    + "{'type':'text','text':'What is in these?'},"
                    + "{'type':'image_url','image_url':{'url':'https://example.org/cat.jpg','detail':'high'}},"
                    + "{'type':'image_url','image_url':{'url':'data:image/png;base64,iVBORw0KGgo='}}"
                    + "]}]}"));

    assertThat(r.messages().get(0).content())
        .containsExactly(
            new ContentPart.Text("What is in these?"),
            ContentPart.Image.ofUrl("https://example.org/cat.jpg", "high"),
            ContentPart.Image.ofBase64("image/png", "iVBORw0KGgo=", null));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "'auto' | AUTO",
        "'none' | NONE",
        "'required' | REQUIRED",
        "{'type':'function','function':{'name':'get_weather'}} | NAMED",
      })
  void decode_toolChoiceForms_mapToCanonical(String json, String expected) {
    ChatRequest r =
        codec.decodeChatRequest(
            request(
                "'tools':[{'type':'function','function':{'name':'get_weather'}}],'tool_choice':"
                    + json));

    ToolChoice want =
        switch (expected) {
          case "AUTO" -> ToolChoice.AUTO;
          case "NONE" -> ToolChoice.NONE;
          case "REQUIRED" -> ToolChoice.REQUIRED;
          default -> new ToolChoice.Named("get_weather");
        };
    assertThat(r.toolChoice()).isEqualTo(want);
    assertThat(r.tools())
        .containsExactly(
            new Tool("get_weather", null, "{\"type\":\"object\",\"properties\":{}}", null));
  }

  @Test
  void decode_responseFormatJsonSchema_keepsSchemaAsJson() throws Exception {
    ChatRequest r =
        codec.decodeChatRequest(
            request(
                "'response_format':{'type':'json_schema','json_schema':{'name':'answer',"
                    + "'description':'An answer','strict':true,"
                    + "'schema':{'type':'object','properties':{'city':{'type':'string'}}}}}"));

    ResponseFormat.JsonSchema f =
        (ResponseFormat.JsonSchema) java.util.Objects.requireNonNull(r.responseFormat());
    assertThat(f.name()).isEqualTo("answer");
    assertThat(f.description()).isEqualTo("An answer");
    assertThat(f.strict()).isTrue();
    assertThat(JSON.readTree(f.schemaJson()))
        .isEqualTo(
            JSON.readTree("{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}"));
  }

  @Test
  void decode_stopAsString_isOneStopSequence() {
    assertThat(codec.decodeChatRequest(request("'stop':'END'")).stop()).containsExactly("END");
    assertThat(codec.decodeChatRequest(request("'stop':['a','b']")).stop())
        .containsExactly("a", "b");
  }

  @Test
  void decode_maxCompletionTokensWinsOverMaxTokens() {
    assertThat(
            codec
                .decodeChatRequest(request("'max_tokens':10,'max_completion_tokens':20"))
                .maxTokens())
        .isEqualTo(20);
    assertThat(codec.decodeChatRequest(request("'max_tokens':10")).maxTokens()).isEqualTo(10);
  }

  @Test
  void decode_unknownTopLevelFieldsAndNulls_areIgnored() {
    ChatRequest r =
        codec.decodeChatRequest(
            request(
                "'store':true,'reasoning_effort':'low','temperature':null,'web_search_options':{}"));
    assertThat(r.temperature()).isNull();
    assertThat(r.model()).isEqualTo("gpt-4o");
  }

  @Test
  void decode_allScalarFields_areKept() {
    ChatRequest r =
        codec.decodeChatRequest(
            request(
                "'temperature':0.7,'top_p':0.9,'presence_penalty':-1,'frequency_penalty':1.5,"
                    + "'n':2,'seed':-42,'user':'u-1','parallel_tool_calls':false,"
                    + "'stream':true,'stream_options':{'include_usage':true},"
                    + "'metadata':{'case':'c-1'}"));
    assertThat(r.temperature()).isEqualTo(0.7);
    assertThat(r.topP()).isEqualTo(0.9);
    assertThat(r.presencePenalty()).isEqualTo(-1.0);
    assertThat(r.frequencyPenalty()).isEqualTo(1.5);
    assertThat(r.n()).isEqualTo(2);
    assertThat(r.seed()).isEqualTo(-42L);
    assertThat(r.user()).isEqualTo("u-1");
    assertThat(r.parallelToolCalls()).isFalse();
    assertThat(r.stream()).isTrue();
    assertThat(r.includeUsage()).isTrue();
    assertThat(r.metadata()).isEqualTo(Map.of("case", "c-1"));
  }

  @Test
  void decode_includeUsageWithoutStream_isIgnored() {
    assertThat(
            codec
                .decodeChatRequest(request("'stream_options':{'include_usage':true}"))
                .includeUsage())
        .isFalse();
  }

  @Test
  void decode_assistantToolCallsAndToolResult_roundTheConversation() {
    ChatRequest r =
        codec.decodeChatRequest(
            bytes(
                "{'model':'m','messages':[{'role':'developer','content':'Be brief.'},"
                    + "{'role':'user','content':'Weather?','name':'ana'},"
                    + "{'role':'assistant','content':null,'tool_calls':[{'id':'call_1','type':'function',"
                    + "'function':{'name':'get_weather','arguments':'{}'}}]},"
                    + "{'role':'tool','tool_call_id':'call_1','content':'Sunny'}]}"));

    assertThat(r.messages())
        .containsExactly(
            Message.of(Role.DEVELOPER, "Be brief."),
            new Message(
                Role.USER, List.of(new ContentPart.Text("Weather?")), List.of(), null, "ana"),
            new Message(
                Role.ASSISTANT,
                List.of(),
                List.of(new ToolCall("call_1", "get_weather", "{}")),
                null,
                null),
            Message.toolResult("call_1", "Sunny"));
  }

  // ------------------------------------------------------------------ encode request

  @Test
  void encodeRequest_dialectChoosesMaxTokensField() throws Exception {
    ChatRequest r =
        ChatRequest.builder("m")
            .messages(List.of(Message.of(Role.USER, "Hi")))
            .maxTokens(5)
            .build();

    assertThat(tree(codec.encodeChatRequest(r, Dialect.OPENAI)).toString())
        .isEqualTo(
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"max_completion_tokens\":5}");
    assertThat(tree(codec.encodeChatRequest(r, Dialect.COMPATIBLE)).toString())
        .isEqualTo(
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":5}");
  }

  @Test
  void encodeRequest_streamAlwaysAsksForUsage() throws Exception {
    ChatRequest r =
        ChatRequest.builder("m").messages(List.of(Message.of(Role.USER, "Hi"))).stream(true)
            .build();

    JsonNode body = tree(codec.encodeChatRequest(r, Dialect.OPENAI));

    assertThat(body.path("stream").asBoolean()).isTrue();
    assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
  }

  @Test
  void encodeRequest_toolChoiceWithoutTools_isDropped() throws Exception {
    ChatRequest r =
        ChatRequest.builder("m")
            .messages(List.of(Message.of(Role.USER, "Hi")))
            .toolChoice(ToolChoice.REQUIRED)
            .parallelToolCalls(true)
            .build();

    JsonNode body = tree(codec.encodeChatRequest(r, Dialect.OPENAI));

    assertThat(body.has("tool_choice")).isFalse();
    assertThat(body.has("parallel_tool_calls")).isFalse();
  }

  @Test
  void encodeRequest_base64Image_becomesDataUrl() throws Exception {
    ChatRequest r =
        ChatRequest.builder("m")
            .messages(
                List.of(
                    new Message(
                        Role.USER,
                        List.of(
                            new ContentPart.Text("see"),
                            ContentPart.Image.ofBase64("image/jpeg", "AAAA", "low")),
                        List.of(),
                        null,
                        null)))
            .build();

    JsonNode part = tree(codec.encodeChatRequest(r, Dialect.OPENAI)).at("/messages/0/content/1");

    assertThat(part.toString())
        .isEqualTo(
            "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/jpeg;base64,AAAA\",\"detail\":\"low\"}}");
  }

  // ------------------------------------------------------------------ responses

  @Test
  void decodeResponse_refusalIsKeptAsText() {
    ChatResponse r =
        codec.decodeChatResponse(
            bytes(
                "{'id':'c1','object':'chat.completion','created':1,'model':'gpt-4o','choices':[{'index':0,"
                    + "'message':{'role':'assistant','content':null,'refusal':'I cannot help with that.'},"
                    + "'finish_reason':'stop'}],'usage':{'prompt_tokens':3,'completion_tokens':2,'total_tokens':5}}"));

    assertThat(r.choices().get(0).message().text()).isEqualTo("I cannot help with that.");
  }

  @ParameterizedTest
  @CsvSource({
    "stop, END_TURN",
    "length, MAX_TOKENS",
    "tool_calls, TOOL_USE",
    "function_call, TOOL_USE",
    "content_filter, CONTENT_FILTER"
  })
  void decodeResponse_finishReasons_map(String finishReason, StopReason expected) {
    ChatResponse r =
        codec.decodeChatResponse(
            bytes(
                "{'id':'c1','created':1,'model':'m','choices':[{'index':0,'message':{'role':'assistant',"
                    + "'content':'x'},'finish_reason':'"
                    + finishReason
                    + "'}]}"));
    assertThat(r.choices().get(0).stopReason()).isEqualTo(expected);
    assertThat(r.usage()).isEqualTo(Usage.ZERO);
  }

  @Test
  void decodeResponse_vllmStopReasonString_isStopSequence() {
    ChatResponse r =
        codec.decodeChatResponse(
            bytes(
                "{'id':'c1','created':1,'model':'m','choices':[{'index':0,'message':{'role':'assistant',"
                    + "'content':'x'},'finish_reason':'stop','stop_reason':'END'}]}"));
    assertThat(r.choices().get(0).stopReason()).isEqualTo(StopReason.STOP_SEQUENCE);
    assertThat(r.choices().get(0).stopSequence()).isEqualTo("END");
  }

  @Test
  void decodeResponse_cachedTokens_areRead() {
    ChatResponse r =
        codec.decodeChatResponse(
            bytes(
                "{'id':'c1','created':1,'model':'m','choices':[],'usage':{'prompt_tokens':100,"
                    + "'completion_tokens':5,'total_tokens':105,'prompt_tokens_details':{'cached_tokens':64}}}"));
    assertThat(r.usage()).isEqualTo(new Usage(100, 5, 64));
  }

  @Test
  void decodeResponse_notJson_failsAsRetryableUpstreamError() {
    assertThatThrownBy(() -> codec.decodeChatResponse(bytes("<html>oops</html>")))
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_ERROR);
              assertThat(e.retryable()).isTrue();
            });
  }

  @Test
  void encodeResponse_hasOpenAiShape() throws Exception {
    ChatResponse r =
        new ChatResponse(
            "chatcmpl-1",
            "gpt-4o",
            1700000000,
            List.of(
                new Choice(
                    0,
                    Message.assistant("", List.of(new ToolCall("call_1", "f", "{\"a\":1}"))),
                    StopReason.TOOL_USE,
                    null)),
            new Usage(10, 3, 4),
            "fp_1");

    assertThat(tree(codec.encodeChatResponse(r)))
        .isEqualTo(
            tree(
                bytes(
                    "{'id':'chatcmpl-1','object':'chat.completion','created':1700000000,'model':'gpt-4o',"
                        + "'choices':[{'index':0,'message':{'role':'assistant','content':null,'refusal':null,"
                        + "'tool_calls':[{'id':'call_1','type':'function','function':{'name':'f',"
                        + "'arguments':'{\\'a\\':1}'}}]},'logprobs':null,'finish_reason':'tool_calls'}],"
                        + "'usage':{'prompt_tokens':10,'completion_tokens':3,'total_tokens':13,"
                        + "'prompt_tokens_details':{'cached_tokens':4}},'system_fingerprint':'fp_1'}")));
  }

  // ------------------------------------------------------------------ embeddings

  @Test
  void decodeEmbeddingRequest_stringOrArrayAndFormat() {
    DecodedEmbeddingRequest one =
        codec.decodeEmbeddingRequest(
            bytes("{'model':'e','input':'alpha','encoding_format':'base64'}"));
    assertThat(one.request().input()).containsExactly("alpha");
    assertThat(one.base64()).isTrue();

    DecodedEmbeddingRequest two =
        codec.decodeEmbeddingRequest(
            bytes("{'model':'e','input':['a','b'],'dimensions':256,'user':'u'}"));
    assertThat(two.request()).isEqualTo(new EmbeddingRequest("e", List.of("a", "b"), 256, "u"));
    assertThat(two.base64()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'input':[] | input",
        "'input':[[1,2]] | input[0]",
        "'input':'' | input",
        "'input':'a','encoding_format':'int8' | encoding_format",
        "'input':'a','dimensions':0 | dimensions",
      })
  void decodeEmbeddingRequest_invalid_rejectsWithParam(String fields, String param) {
    assertThatThrownBy(() -> codec.decodeEmbeddingRequest(bytes("{'model':'e'," + fields + "}")))
        .isInstanceOfSatisfying(
            StewardException.class, e -> assertThat(e.param()).isEqualTo(param));
  }

  @Test
  void encodeEmbeddingResponse_base64IsLittleEndianFloat32() throws Exception {
    EmbeddingResponse r =
        new EmbeddingResponse(
            "e", List.of(new Embedding(0, new float[] {1.0f, -2.5f})), new Usage(4, 0, 0));

    JsonNode body = tree(codec.encodeEmbeddingResponse(r, true));

    // 1.0f = 0x3F800000, -2.5f = 0xC0200000, little-endian.
    byte[] raw = java.util.Base64.getDecoder().decode(body.at("/data/0/embedding").asText());
    assertThat(raw).containsExactly(0, 0, (byte) 0x80, 0x3F, 0, 0, 0x20, (byte) 0xC0);
    assertThat(codec.decodeEmbeddingResponse(codec.encodeEmbeddingResponse(r, true))).isEqualTo(r);
    assertThat(codec.decodeEmbeddingResponse(codec.encodeEmbeddingResponse(r, false))).isEqualTo(r);
    assertThat(tree(codec.encodeEmbeddingResponse(r, false)).at("/data/0/embedding").toString())
        .isEqualTo("[1.0,-2.5]");
  }

  // ------------------------------------------------------------------ errors and models

  @Test
  void encodeError_hasOpenAiShapeWithReasonAsCode() throws Exception {
    byte[] body = codec.encodeError(StewardException.invalid("n", "n: 0 (expected: 1..128)"));
    assertThat(tree(body))
        .isEqualTo(
            tree(
                bytes(
                    "{'error':{'message':'n: 0 (expected: 1..128)','type':'invalid_request_error',"
                        + "'param':'n','code':'request.invalid'}}")));
  }

  @Test
  void parseError_readsOpenAiAndBothVllmShapes() {
    assertThat(
            OpenAiCodec.parseError(
                bytes("{'error':{'message':'m1','type':'invalid_request_error','code':'c1'}}")))
        .isEqualTo(new VendorError("m1", "invalid_request_error", "c1"));
    assertThat(
            OpenAiCodec.parseError(
                bytes(
                    "{'object':'error','message':'m2','type':'BadRequestError','param':null,'code':400}")))
        .isEqualTo(new VendorError("m2", "BadRequestError", "400"));
    assertThat(OpenAiCodec.parseError(bytes("{'error':'model not found'}")))
        .isEqualTo(new VendorError("model not found", null, null));
    assertThat(OpenAiCodec.parseError(bytes("<html>502</html>"))).isEqualTo(VendorError.NONE);
  }

  @Test
  void encodeModelList_hasOpenAiShape() throws Exception {
    assertThat(tree(codec.encodeModelList(List.of(new ModelEntry("gpt-4o", 1700, "steward")))))
        .isEqualTo(
            tree(
                bytes(
                    "{'object':'list','data':[{'id':'gpt-4o','object':'model','created':1700,"
                        + "'owned_by':'steward'}]}")));
  }
}
