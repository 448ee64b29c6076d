package dev.steward.openai;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.steward.core.StewardException;
import dev.steward.core.StreamEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Writes canonical stream events as the server-sent events OpenAI's clients expect: {@code data:
 * {chat.completion.chunk}\n\n} with the same id, created and model on every chunk, then {@code
 * data: [DONE]\n\n}. Stateful: one encoder per stream, used by one thread.
 *
 * <p>The first chunk of each choice carries {@code role: assistant}; tool call chunks carry index,
 * id, type and function. When the caller asked for usage ({@code stream_options.include_usage}),
 * every chunk has {@code usage: null} and {@link StreamEvent.UsageReported} becomes a last chunk
 * with {@code choices: []}; otherwise usage is not sent.
 */
public final class OpenAiStreamEncoder {
  private static final byte[] PREFIX = "data: ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SUFFIX = "\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NOTHING = new byte[0];

  private final boolean includeUsage;
  private String id = "";
  private String model = "";
  private long created;
  private boolean started;
  private final Set<Integer> roleSent = new HashSet<>();

  /**
   * @param includeUsage whether the caller asked for a final usage chunk
   */
  public OpenAiStreamEncoder(boolean includeUsage) {
    this.includeUsage = includeUsage;
  }

  /**
   * The bytes for one event: one SSE event, or none (usage the caller did not ask for).
   *
   * @throws IllegalStateException when the first event is not {@link StreamEvent.Started}
   */
  public byte[] encode(StreamEvent event) {
    if (!started && !(event instanceof StreamEvent.Started)) {
      throw new IllegalStateException(
          "stream event " + event.getClass().getSimpleName() + " before Started");
    }
    return switch (event) {
      case StreamEvent.Started s -> {
        if (started) {
          throw new IllegalStateException("stream event Started twice");
        }
        started = true;
        id = s.id();
        model = s.model();
        created = s.created();
        yield chunk(0, null, g -> g.writeStringField("content", ""));
      }
      case StreamEvent.TextDelta t ->
          chunk(t.choice(), null, g -> g.writeStringField("content", t.text()));
      case StreamEvent.ToolCallStarted t ->
          chunk(
              t.choice(),
              null,
              g -> {
                g.writeArrayFieldStart("tool_calls");
                g.writeStartObject();
                g.writeNumberField("index", t.index());
                g.writeStringField("id", t.id());
                g.writeStringField("type", "function");
                g.writeObjectFieldStart("function");
                g.writeStringField("name", t.name());
                g.writeStringField("arguments", "");
                g.writeEndObject();
                g.writeEndObject();
                g.writeEndArray();
              });
      case StreamEvent.ToolCallDelta t ->
          chunk(
              t.choice(),
              null,
              g -> {
                g.writeArrayFieldStart("tool_calls");
                g.writeStartObject();
                g.writeNumberField("index", t.index());
                g.writeObjectFieldStart("function");
                g.writeStringField("arguments", t.argumentsFragment());
                g.writeEndObject();
                g.writeEndObject();
                g.writeEndArray();
              });
      case StreamEvent.Finished f ->
          chunk(f.choice(), OpenAiCodec.finishReason(f.reason()), g -> {});
      case StreamEvent.UsageReported u -> {
        if (!includeUsage) {
          yield NOTHING;
        }
        yield event(
            g -> {
              header(g);
              g.writeArrayFieldStart("choices");
              g.writeEndArray();
              OpenAiCodec.writeUsage(g, u.usage());
              g.writeEndObject();
            });
      }
    };
  }

  /** The stream's last bytes: {@code data: [DONE]}. */
  public byte[] done() {
    return DONE.clone();
  }

  /**
   * An error that ends the stream after it began, as OpenAI sends one: {@code data: {"error":
   * {...}}}. {@link #done()} should not follow it.
   */
  public byte[] encodeError(StewardException e) {
    return event(g -> OpenAiCodec.writeError(g, e));
  }

  private byte[] chunk(int choice, @Nullable String finishReason, Json.Body delta) {
    boolean withRole = roleSent.add(choice);
    return event(
        g -> {
          header(g);
          g.writeArrayFieldStart("choices");
          g.writeStartObject();
          g.writeNumberField("index", choice);
          g.writeObjectFieldStart("delta");
          if (withRole) {
            g.writeStringField("role", "assistant");
          }
          delta.write(g);
          g.writeEndObject();
          g.writeNullField("logprobs");
          if (finishReason != null) {
            g.writeStringField("finish_reason", finishReason);
          } else {
            g.writeNullField("finish_reason");
          }
          g.writeEndObject();
          g.writeEndArray();
          if (includeUsage) {
            g.writeNullField("usage");
          }
          g.writeEndObject();
        });
  }

  private void header(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", id);
    g.writeStringField("object", "chat.completion.chunk");
    g.writeNumberField("created", created);
    g.writeStringField("model", model);
  }

  private static byte[] event(Json.Body body) {
    ByteArrayBuilder out = new ByteArrayBuilder(256);
    out.write(PREFIX, 0, PREFIX.length);
    try (JsonGenerator g = Json.FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write(SUFFIX, 0, SUFFIX.length);
    return out.toByteArray();
  }
}
