package dev.steward.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.core.ChatRequest;
import dev.steward.core.ChatResponse;
import dev.steward.core.Choice;
import dev.steward.core.ContentPart;
import dev.steward.core.Message;
import dev.steward.core.ResponseFormat;
import dev.steward.core.Role;
import dev.steward.core.StopReason;
import dev.steward.core.StreamEvent;
import dev.steward.core.Tool;
import dev.steward.core.ToolCall;
import dev.steward.core.ToolChoice;
import dev.steward.core.Usage;
import dev.steward.provider.SseParser;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Round trips through the wire format: what the codec writes, it reads back unchanged. */
class OpenAiRoundTripPropertiesTest {
  private final OpenAiCodec codec = new OpenAiCodec();

  @Property(tries = 300)
  void chatRequest_encodeThenDecode_isIdentity(@ForAll("requests") ChatRequest r) {
    ChatRequest back = codec.decodeChatRequest(codec.encodeChatRequest(r, Dialect.OPENAI));

    assertThat(back).isEqualTo(r);
  }

  @Property(tries = 300)
  void chatResponse_encodeThenDecode_isIdentity(@ForAll("responses") ChatResponse r) {
    assertThat(codec.decodeChatResponse(codec.encodeChatResponse(r))).isEqualTo(r);
  }

  @Property(tries = 300)
  void stream_encodeThenDecode_isIdentity(
      @ForAll("streams") List<StreamEvent> events, @ForAll boolean includeUsage) {
    OpenAiStreamEncoder encoder = new OpenAiStreamEncoder(includeUsage);
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    for (StreamEvent e : events) {
      wire.writeBytes(encoder.encode(e));
    }
    wire.writeBytes(encoder.done());

    OpenAiStreamDecoder decoder = new OpenAiStreamDecoder();
    List<StreamEvent> decoded = new ArrayList<>();
    SseParser parser = new SseParser(sse -> decoded.addAll(decoder.decode(sse.data())));
    parser.feed(wire.toByteArray());
    parser.end();

    List<StreamEvent> expected =
        includeUsage
            ? events
            : events.stream().filter(e -> !(e instanceof StreamEvent.UsageReported)).toList();
    assertThat(decoder.done()).isTrue();
    assertThat(decoded).isEqualTo(expected);
  }

  // ------------------------------------------------------------------ generators

  private static Arbitrary<String> texts() {
    return Arbitraries.strings()
        .withCharRange(' ', '~')
        .withCharRange('\u00a0', '\u024f')
        .withCharRange('\u4e00', '\u4e20')
        .withChars('\n', '\t', '"', '\\', '\u0000', '\u2028')
        .ofMaxLength(24);
  }

  private static Arbitrary<String> names() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .withChars('_')
        .ofMinLength(1)
        .ofMaxLength(12);
  }

  private static final List<String> SCHEMAS =
      List.of(
          "{\"type\":\"object\",\"properties\":{}}",
          "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}",
          "{\"type\":\"array\",\"items\":{\"type\":\"number\"},\"maxItems\":3}");

  private static Arbitrary<ContentPart> images() {
    Arbitrary<String> detail = Arbitraries.of("auto", "low", "high").injectNull(0.4);
    Arbitrary<ContentPart> byUrl =
        Combinators.combine(names(), detail)
            .as((n, d) -> ContentPart.Image.ofUrl("https://example.org/" + n + ".png", d));
    Arbitrary<ContentPart> inline =
        Combinators.combine(
                Arbitraries.of("image/png", "image/jpeg", "image/webp"),
                Arbitraries.strings()
                    .withCharRange('A', 'Z')
                    .withChars('+', '/', '=')
                    .ofMinLength(4)
                    .ofMaxLength(16),
                detail)
            .as(ContentPart.Image::ofBase64);
    return Arbitraries.oneOf(byUrl, inline);
  }

  private static Arbitrary<List<ContentPart>> content(boolean allowImages, boolean allowEmpty) {
    Arbitrary<ContentPart> text = texts().map(ContentPart.Text::new);
    Arbitrary<ContentPart> part =
        allowImages
            ? Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, text), net.jqwik.api.Tuple.of(1, images()))
            : text;
    return part.list().ofMinSize(allowEmpty ? 0 : 1).ofMaxSize(3);
  }

  private static Arbitrary<ToolCall> toolCalls() {
    return Combinators.combine(
            names(), names(), Arbitraries.of("{}", "{\"city\":\"London\"}", "{\"a\":"))
        .as((id, n, args) -> new ToolCall("call_" + id, n, args));
  }

  private static Arbitrary<Message> messages() {
    Arbitrary<String> name = names().injectNull(0.7);
    Arbitrary<Message> system =
        Combinators.combine(
                Arbitraries.of(Role.SYSTEM, Role.DEVELOPER), content(false, false), name)
            .as((role, c, n) -> new Message(role, c, List.of(), null, n));
    Arbitrary<Message> user =
        Combinators.combine(content(true, false), name)
            .as((c, n) -> new Message(Role.USER, c, List.of(), null, n));
    Arbitrary<Message> assistant =
        Combinators.combine(content(false, true), toolCalls().list().ofMaxSize(2), name)
            .as((c, calls, n) -> new Message(Role.ASSISTANT, c, calls, null, n));
    Arbitrary<Message> tool =
        Combinators.combine(content(false, false), names())
            .as((c, id) -> new Message(Role.TOOL, c, List.of(), "call_" + id, null));
    return Arbitraries.oneOf(system, user, assistant, tool);
  }

  private static Arbitrary<Tool> tools() {
    return Combinators.combine(
            names(),
            texts().injectNull(0.3),
            Arbitraries.of(SCHEMAS),
            Arbitraries.of(true, false).injectNull(0.5))
        .as(Tool::new);
  }

  private static Arbitrary<ResponseFormat> formats() {
    Arbitrary<ResponseFormat> schema =
        Combinators.combine(
                names(),
                texts().injectNull(0.5),
                Arbitraries.of(SCHEMAS),
                Arbitraries.of(true, false).injectNull(0.5))
            .as(ResponseFormat.JsonSchema::new);
    return Arbitraries.oneOf(
        Arbitraries.just(ResponseFormat.TEXT),
        Arbitraries.just(ResponseFormat.JSON_OBJECT),
        schema);
  }

  private static Arbitrary<ToolChoice> toolChoices() {
    return Arbitraries.oneOf(
        Arbitraries.of(ToolChoice.AUTO, ToolChoice.NONE, ToolChoice.REQUIRED),
        names().map(ToolChoice.Named::new));
  }

  @Provide
  Arbitrary<ChatRequest> requests() {
    Arbitrary<ChatRequest> base =
        Builders.withBuilder(() -> ChatRequest.builder("m"))
            .use(names())
            .in((b, m) -> b.model(m))
            .use(messages().list().ofMinSize(1).ofMaxSize(5))
            .in((b, m) -> b.messages(m))
            .use(formats())
            .withProbability(0.4)
            .in((b, f) -> b.responseFormat(f))
            .use(Arbitraries.integers().between(1, 100_000))
            .withProbability(0.5)
            .in((b, t) -> b.maxTokens(t))
            .use(Arbitraries.doubles().between(0, 2))
            .withProbability(0.5)
            .in((b, t) -> b.temperature(t))
            .use(Arbitraries.doubles().between(0, 1))
            .withProbability(0.3)
            .in((b, t) -> b.topP(t))
            .use(Arbitraries.doubles().between(-2, 2))
            .withProbability(0.3)
            .in((b, t) -> b.presencePenalty(t))
            .use(Arbitraries.doubles().between(-2, 2))
            .withProbability(0.3)
            .in((b, t) -> b.frequencyPenalty(t))
            .use(Arbitraries.integers().between(1, 128))
            .withProbability(0.3)
            .in((b, n) -> b.n(n))
            .use(texts().list().ofMaxSize(4))
            .in((b, s) -> b.stop(s))
            .use(Arbitraries.longs())
            .withProbability(0.3)
            .in((b, s) -> b.seed(s))
            .use(names())
            .withProbability(0.3)
            .in((b, u) -> b.user(u))
            .use(Arbitraries.of(true, false))
            .in((b, s) -> b.stream(s).includeUsage(s))
            .build(ChatRequest.Builder::build);
    // Tool choice and parallel calls travel only with tools (OpenAI refuses them alone).
    Arbitrary<List<Tool>> toolLists = tools().list().ofMinSize(1).ofMaxSize(3);
    return Combinators.combine(
            base,
            toolLists.injectNull(0.5),
            toolChoices().injectNull(0.3),
            Arbitraries.of(true, false).injectNull(0.5))
        .as(
            (r, tools, choice, parallel) ->
                tools == null
                    ? r
                    : r.toBuilder()
                        .tools(tools)
                        .toolChoice(choice)
                        .parallelToolCalls(parallel)
                        .build());
  }

  @Provide
  Arbitrary<ChatResponse> responses() {
    Arbitrary<StopReason> reasons =
        Arbitraries.of(
            StopReason.END_TURN,
            StopReason.MAX_TOKENS,
            StopReason.TOOL_USE,
            StopReason.CONTENT_FILTER);
    Arbitrary<Message> message =
        Combinators.combine(
                texts().map(t -> List.<ContentPart>of(new ContentPart.Text(t))).injectNull(0.3),
                toolCalls().list().ofMaxSize(2))
            .as(
                (c, calls) ->
                    new Message(Role.ASSISTANT, c == null ? List.of() : c, calls, null, null));
    Arbitrary<List<Choice>> choices =
        Combinators.combine(message, reasons)
            .as((m, r) -> new Object[] {m, r})
            .list()
            .ofMinSize(1)
            .ofMaxSize(3)
            .map(
                list -> {
                  List<Choice> out = new ArrayList<>();
                  for (int i = 0; i < list.size(); i++) {
                    out.add(
                        new Choice(i, (Message) list.get(i)[0], (StopReason) list.get(i)[1], null));
                  }
                  return out;
                });
    Arbitrary<Usage> usage =
        Combinators.combine(
                Arbitraries.longs().between(0, 1_000_000),
                Arbitraries.longs().between(0, 1_000_000),
                Arbitraries.doubles().between(0, 1))
            .as((in, out, share) -> new Usage(in, out, (long) (in * share)));
    return Combinators.combine(
            names(),
            names(),
            Arbitraries.longs().between(0, 4_000_000_000L),
            choices,
            usage,
            names().injectNull(0.5))
        .as(ChatResponse::new);
  }

  @Provide
  Arbitrary<List<StreamEvent>> streams() {
    Arbitrary<StreamEvent.Started> started =
        Combinators.combine(names(), names(), Arbitraries.longs().between(0, 4_000_000_000L))
            .as(StreamEvent.Started::new);
    Arbitrary<List<StreamEvent>> textPart =
        texts()
            .filter(t -> !t.isEmpty())
            .map(t -> List.<StreamEvent>of(new StreamEvent.TextDelta(0, t)));
    Arbitrary<List<List<String>>> calls =
        texts().filter(t -> !t.isEmpty()).list().ofMaxSize(3).list().ofMaxSize(2);
    Arbitrary<StopReason> reasons =
        Arbitraries.of(
            StopReason.END_TURN,
            StopReason.MAX_TOKENS,
            StopReason.TOOL_USE,
            StopReason.CONTENT_FILTER);
    Arbitrary<Usage> usage =
        Combinators.combine(
                Arbitraries.longs().between(0, 10_000), Arbitraries.longs().between(0, 10_000))
            .as((in, out) -> new Usage(in, out, in / 2));
    return Combinators.combine(
            started,
            textPart.list().ofMaxSize(4),
            calls,
            names(),
            reasons,
            Arbitraries.integers().between(1, 2),
            usage.injectNull(0.2))
        .as(
            (s, texts, callArgs, callName, reason, choiceCount, u) -> {
              List<StreamEvent> out = new ArrayList<>();
              out.add(s);
              for (int choice = 0; choice < choiceCount; choice++) {
                for (List<StreamEvent> t : texts) {
                  StreamEvent.TextDelta d = (StreamEvent.TextDelta) t.get(0);
                  out.add(new StreamEvent.TextDelta(choice, d.text()));
                }
                for (int i = 0; i < callArgs.size(); i++) {
                  out.add(
                      new StreamEvent.ToolCallStarted(choice, i, "call_" + choice + i, callName));
                  for (String fragment : callArgs.get(i)) {
                    out.add(new StreamEvent.ToolCallDelta(choice, i, fragment));
                  }
                }
                out.add(new StreamEvent.Finished(choice, reason, null));
              }
              if (u != null) {
                out.add(new StreamEvent.UsageReported(u));
              }
              return out;
            });
  }
}
