package dev.steward.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.core.ChatRequest;
import dev.steward.core.ChatResponse;
import dev.steward.core.Choice;
import dev.steward.core.ContentPart;
import dev.steward.core.Message;
import dev.steward.core.Role;
import dev.steward.core.StopReason;
import dev.steward.core.StreamEvent;
import dev.steward.core.Tool;
import dev.steward.core.ToolCall;
import dev.steward.core.ToolChoice;
import dev.steward.core.Usage;
import java.io.ByteArrayOutputStream;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.jspecify.annotations.Nullable;

/**
 * Round trips through the wire: what the codec encodes, it decodes to the same canonical value, for
 * every field Anthropic's wire carries. (Response formats, penalties, seeds and metadata are not
 * carried and so not generated.)
 */
class AnthropicCodecPropertiesTest {
  private static final long CREATED = AnthropicCodecTest.NOW.getEpochSecond();
  private final AnthropicCodec codec =
      AnthropicCodec.create(512, InstantSource.fixed(AnthropicCodecTest.NOW));

  @Property(tries = 200)
  void request_encodeThenDecode_isIdentity(@ForAll("requests") ChatRequest request) {
    byte[] wire = codec.encodeMessagesRequest(request);

    assertThat(codec.decodeMessagesRequest(wire)).isEqualTo(request);
  }

  @Property(tries = 200)
  void response_encodeThenDecode_isIdentity(@ForAll("responses") ChatResponse response) {
    byte[] wire = codec.encodeMessagesResponse(response);

    assertThat(codec.decodeMessagesResponse(wire)).isEqualTo(response);
  }

  @Property(tries = 200)
  void stream_encodeThenDecode_isIdentity(@ForAll("streams") List<StreamEvent> events) {
    AnthropicStreamEncoder encoder = codec.newStreamEncoder();
    ByteArrayOutputStream sse = new ByteArrayOutputStream();
    for (StreamEvent e : events) {
      sse.writeBytes(encoder.encode(e));
    }
    sse.writeBytes(encoder.finish());
    AnthropicStreamDecoder decoder = codec.newStreamDecoder();

    assertThat(AnthropicStreamTest.decodeAll(decoder, sse.toByteArray())).isEqualTo(events);
    assertThat(decoder.complete()).isTrue();
  }

  // ---- generators

  private static Arbitrary<String> text() {
    return Arbitraries.strings()
        .withCharRange(' ', '~')
        .withChars('\n', '\t', 'é', '€', '"', '\\', '中')
        .ofMinLength(1)
        .ofMaxLength(16);
  }

  private static Arbitrary<String> id() {
    return Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12);
  }

  private static Arbitrary<String> toolName() {
    return Arbitraries.strings()
        .alpha()
        .numeric()
        .withChars('_', '-')
        .ofMinLength(1)
        .ofMaxLength(24);
  }

  /** A JSON object as Jackson writes it, so its text survives a parse and a write unchanged. */
  private static Arbitrary<String> jsonObject() {
    Arbitrary<Object> value =
        Arbitraries.oneOf(
            text().map(s -> (Object) s),
            Arbitraries.integers().map(i -> (Object) i),
            Arbitraries.of(true, false).map(b -> (Object) b));
    return Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6), value)
        .ofMaxSize(3)
        .map(
            m -> {
              try {
                return Wire.JSON.writeValueAsString(new LinkedHashMap<>(m));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
  }

  private static Arbitrary<ContentPart> image() {
    Arbitrary<ContentPart> url =
        id().map(s -> ContentPart.Image.ofUrl("https://example.org/" + s, null));
    Arbitrary<ContentPart> base64 =
        Combinators.combine(
                Arbitraries.of("image/jpeg", "image/png", "image/gif", "image/webp"),
                Arbitraries.strings().alpha().numeric().withChars('+', '/', '=').ofMinLength(4))
            .as((type, data) -> ContentPart.Image.ofBase64(type, data, null));
    return Arbitraries.oneOf(url, base64);
  }

  private static Arbitrary<ContentPart> part() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, text().map(ContentPart.Text::new)), Tuple.of(1, image()));
  }

  private static Arbitrary<ToolCall> toolCall() {
    return Combinators.combine(id(), toolName(), jsonObject()).as(ToolCall::new);
  }

  private static Arbitrary<Message> message() {
    Arbitrary<Message> user =
        part()
            .list()
            .ofMinSize(1)
            .ofMaxSize(3)
            .map(p -> new Message(Role.USER, p, List.of(), null, null));
    Arbitrary<Message> assistant =
        Combinators.combine(
                text().map(t -> (ContentPart) new ContentPart.Text(t)).list().ofMaxSize(2),
                toolCall().list().ofMaxSize(2))
            .as((p, c) -> new Message(Role.ASSISTANT, p, c, null, null));
    Arbitrary<Message> tool =
        Combinators.combine(id(), part().list().ofMaxSize(2))
            .as((i, p) -> new Message(Role.TOOL, p, List.of(), i, null));
    return Arbitraries.oneOf(user, assistant, tool);
  }

  private static Arbitrary<List<Message>> conversation() {
    Arbitrary<List<Message>> system =
        text()
            .map(t -> (ContentPart) new ContentPart.Text(t))
            .list()
            .ofMinSize(1)
            .ofMaxSize(3)
            .map(p -> List.of(new Message(Role.SYSTEM, p, List.of(), null, null)))
            .injectNull(0.5)
            .map(l -> l == null ? List.<Message>of() : l);
    return Combinators.combine(system, message().list().ofMinSize(1).ofMaxSize(6))
        .as(
            (s, m) -> {
              List<Message> all = new ArrayList<>(s);
              all.addAll(m);
              return all;
            });
  }

  private static Arbitrary<List<Tool>> tools() {
    return Combinators.combine(
            toolName(),
            text().injectNull(0.3),
            Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(5))
        .as(
            (name, description, property) ->
                new Tool(
                    name,
                    description,
                    "{\"type\":\"object\",\"properties\":{\""
                        + property
                        + "\":{\"type\":\"string\"}}}",
                    null))
        .list()
        .ofMaxSize(3)
        .uniqueElements(Tool::name);
  }

  /** Tool choice and the parallel switch, as the wire can carry them for these tools. */
  private record Choosing(@Nullable ToolChoice choice, @Nullable Boolean parallel) {}

  private static Arbitrary<Choosing> choosing(List<Tool> tools) {
    if (tools.isEmpty()) {
      return Arbitraries.just(new Choosing(null, null));
    }
    Arbitrary<ToolChoice> choice =
        Arbitraries.oneOf(
                Arbitraries.of(ToolChoice.AUTO, ToolChoice.REQUIRED, ToolChoice.NONE),
                Arbitraries.of(tools).map(t -> (ToolChoice) new ToolChoice.Named(t.name())))
            .injectNull(0.25);
    return choice.flatMap(
        c ->
            c == null || c instanceof ToolChoice.None
                ? Arbitraries.just(new Choosing(c, null))
                : Arbitraries.of(true, false).injectNull(0.4).map(p -> new Choosing(c, p)));
  }

  @Provide
  Arbitrary<ChatRequest> requests() {
    Arbitrary<ChatRequest.Builder> base =
        Combinators.combine(
                Arbitraries.strings()
                    .alpha()
                    .numeric()
                    .withChars('-', '.')
                    .ofMinLength(1)
                    .ofMaxLength(20),
                conversation(),
                Arbitraries.integers().between(1, 200_000),
                Arbitraries.doubles().between(0, 1).injectNull(0.5),
                Arbitraries.doubles().between(0, 1).injectNull(0.5),
                text().list().ofMaxSize(3),
                id().injectNull(0.5),
                Arbitraries.of(true, false))
            .as(
                (model, messages, maxTokens, temperature, topP, stop, user, stream) ->
                    ChatRequest.builder(model)
                        .messages(messages)
                        .maxTokens(maxTokens)
                        .temperature(temperature)
                        .topP(topP)
                        .stop(stop)
                        .user(user)
                        .stream(stream)
                        .includeUsage(stream));
    return Combinators.combine(base, tools())
        .flatAs(
            (b, tools) ->
                choosing(tools)
                    .map(
                        c ->
                            b.tools(tools)
                                .toolChoice(c.choice())
                                .parallelToolCalls(c.parallel())
                                .build()));
  }

  private static Arbitrary<StopReason> stopReason() {
    return Arbitraries.of(
        StopReason.END_TURN,
        StopReason.MAX_TOKENS,
        StopReason.STOP_SEQUENCE,
        StopReason.TOOL_USE,
        StopReason.CONTENT_FILTER);
  }

  private static Arbitrary<Usage> usage() {
    return Combinators.combine(
            Arbitraries.longs().between(0, 1_000_000),
            Arbitraries.longs().between(0, 100_000),
            Arbitraries.doubles().between(0, 1))
        .as((in, out, share) -> new Usage(in, out, (long) (in * share)));
  }

  private static Arbitrary<StreamEvent.Finished> finished() {
    return Combinators.combine(stopReason(), text())
        .as(
            (reason, seq) ->
                new StreamEvent.Finished(
                    0, reason, reason == StopReason.STOP_SEQUENCE ? seq : null));
  }

  @Provide
  Arbitrary<ChatResponse> responses() {
    Arbitrary<Message> message =
        Combinators.combine(
                text().map(t -> (ContentPart) new ContentPart.Text(t)).list().ofMaxSize(3),
                toolCall().list().ofMaxSize(3))
            .as((p, c) -> new Message(Role.ASSISTANT, p, c, null, null));
    return Combinators.combine(id(), id(), message, finished(), usage())
        .as(
            (id, model, m, f, u) ->
                new ChatResponse(
                    "msg_" + id,
                    model,
                    CREATED,
                    List.of(new Choice(0, m, f.reason(), f.stopSequence())),
                    u,
                    null));
  }

  /** A segment of a streamed answer: some text, or one tool call in fragments. */
  private sealed interface Segment {}

  private record TextSegment(List<String> deltas) implements Segment {}

  private record ToolSegment(String id, String name, List<String> fragments) implements Segment {}

  @Provide
  Arbitrary<List<StreamEvent>> streams() {
    Arbitrary<Segment> text = text().list().ofMinSize(1).ofMaxSize(3).map(TextSegment::new);
    Arbitrary<Segment> tool =
        Combinators.combine(id(), toolName(), text().list().ofMaxSize(3)).as(ToolSegment::new);
    return Combinators.combine(
            id(), id(), Arbitraries.oneOf(text, tool).list().ofMaxSize(5), finished(), usage())
        .as(
            (id, model, segments, finished, usage) -> {
              List<StreamEvent> events = new ArrayList<>();
              events.add(new StreamEvent.Started("msg_" + id, model, CREATED));
              int toolIndex = 0;
              for (Segment s : segments) {
                switch (s) {
                  case TextSegment t ->
                      t.deltas().forEach(d -> events.add(new StreamEvent.TextDelta(0, d)));
                  case ToolSegment c -> {
                    int index = toolIndex++;
                    events.add(new StreamEvent.ToolCallStarted(0, index, c.id(), c.name()));
                    c.fragments()
                        .forEach(f -> events.add(new StreamEvent.ToolCallDelta(0, index, f)));
                  }
                }
              }
              events.add(finished);
              events.add(new StreamEvent.UsageReported(usage));
              return events;
            });
  }
}
