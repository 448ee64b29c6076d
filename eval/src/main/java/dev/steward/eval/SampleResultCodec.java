package dev.steward.eval;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link SampleResult} as one JSON object (UTF-8) and reads it back. Field names are in
 * snake case: {@code sample_id, epoch, input, target, category, output, model, stop_reason,
 * input_tokens, output_tokens, latency_ms, scores, error, completed_at}; each score is {@code
 * {value, numeric, answer, explanation, metadata}}; {@code completed_at} is ISO-8601. Absent values
 * are written as {@code null}. Surrogate characters are written as {@code \\uXXXX} escapes, so any
 * Java string, even one with an unpaired surrogate, reads back unchanged.
 */
public final class SampleResultCodec {
  private static final CharacterEscapes SURROGATES = new SurrogateEscapes();

  private SampleResultCodec() {}

  public static byte[] encode(SampleResult r) {
    StringWriter text = new StringWriter(256 + r.input().length() + length(r.output()));
    try (JsonGenerator g = Datasets.JSON.createGenerator(text)) {
      g.setCharacterEscapes(SURROGATES);
      g.writeStartObject();
      g.writeStringField("sample_id", r.sampleId());
      g.writeNumberField("epoch", r.epoch());
      g.writeStringField("input", r.input());
      g.writeStringField("target", r.target());
      g.writeStringField("category", r.category());
      g.writeStringField("output", r.output());
      g.writeStringField("model", r.model());
      g.writeStringField("stop_reason", r.stopReason());
      g.writeNumberField("input_tokens", r.inputTokens());
      g.writeNumberField("output_tokens", r.outputTokens());
      g.writeNumberField("latency_ms", r.latencyMillis());
      g.writeObjectFieldStart("scores");
      for (Map.Entry<String, Score> e : r.scores().entrySet()) {
        Score s = e.getValue();
        g.writeObjectFieldStart(e.getKey());
        g.writeStringField("value", s.value());
        g.writeNumberField("numeric", s.numeric());
        g.writeStringField("answer", s.answer());
        g.writeStringField("explanation", s.explanation());
        g.writeObjectFieldStart("metadata");
        for (Map.Entry<String, String> m : s.metadata().entrySet()) {
          g.writeStringField(m.getKey(), m.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeStringField("error", r.error());
      g.writeStringField("completed_at", r.completedAt().toString());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads what {@link #encode} wrote.
   *
   * @throws IllegalArgumentException naming the field at fault when the bytes are not a sample
   *     result
   */
  public static SampleResult decode(byte[] json) {
    JsonNode node;
    try {
      // from text: the byte parser refuses an escaped unpaired surrogate in a field name
      node = Datasets.JSON.readTree(new String(json, StandardCharsets.UTF_8));
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "sample result: not valid JSON (" + e.getOriginalMessage() + ")", e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("sample result: not a JSON object");
    }
    Map<String, Score> scores = new LinkedHashMap<>();
    JsonNode scoresNode = node.get("scores");
    if (scoresNode != null && !scoresNode.isNull()) {
      if (!scoresNode.isObject()) {
        throw new IllegalArgumentException("sample result: scores (expected: an object)");
      }
      for (Map.Entry<String, JsonNode> e : scoresNode.properties()) {
        scores.put(e.getKey(), score(e.getKey(), e.getValue()));
      }
    }
    String completed = string(node, "completed_at");
    Instant completedAt;
    try {
      completedAt = Instant.parse(require(completed, "completed_at"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "sample result: completed_at: " + completed + " (expected: an ISO-8601 instant)", e);
    }
    return new SampleResult(
        require(string(node, "sample_id"), "sample_id"),
        epoch(node),
        require(string(node, "input"), "input"),
        string(node, "target"),
        string(node, "category"),
        string(node, "output"),
        string(node, "model"),
        string(node, "stop_reason"),
        integer(node, "input_tokens"),
        integer(node, "output_tokens"),
        integer(node, "latency_ms"),
        scores,
        string(node, "error"),
        completedAt);
  }

  private static int epoch(JsonNode node) {
    long epoch = integer(node, "epoch");
    if (epoch < 1 || epoch > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("sample result: epoch: " + epoch + " (expected: >= 1)");
    }
    return (int) epoch;
  }

  private static Score score(String name, JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(
          "sample result: scores." + name + " (expected: an object)");
    }
    JsonNode numeric = node.get("numeric");
    if (numeric == null || !numeric.isNumber()) {
      throw new IllegalArgumentException(
          "sample result: scores." + name + ".numeric (expected: a number)");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    JsonNode meta = node.get("metadata");
    if (meta != null && !meta.isNull()) {
      if (!meta.isObject()) {
        throw new IllegalArgumentException(
            "sample result: scores." + name + ".metadata (expected: an object)");
      }
      for (Map.Entry<String, JsonNode> e : meta.properties()) {
        if (!e.getValue().isTextual()) {
          throw new IllegalArgumentException(
              "sample result: scores."
                  + name
                  + ".metadata."
                  + e.getKey()
                  + " (expected: a string)");
        }
        metadata.put(e.getKey(), e.getValue().asText());
      }
    }
    return new Score(
        require(string(node, "value"), "scores." + name + ".value"),
        numeric.asDouble(),
        string(node, "answer"),
        string(node, "explanation"),
        metadata);
  }

  private static @Nullable String string(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException(
          "sample result: " + field + ": " + v.getNodeType() + " (expected: a string)");
    }
    return v.asText();
  }

  private static long integer(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException("sample result: " + field + " (expected: an integer)");
    }
    return v.asLong();
  }

  private static String require(@Nullable String value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(
          "sample result: " + field + " missing (expected: a string)");
    }
    return value;
  }

  private static int length(@Nullable String s) {
    return s == null ? 0 : s.length();
  }

  /** Escapes surrogate characters (and nothing else beyond JSON's own escapes). */
  private static final class SurrogateEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] ascii = standardAsciiEscapesForJSON();

    @Override
    public int[] getEscapeCodesForAscii() {
      return ascii;
    }

    @Override
    public @Nullable SerializableString getEscapeSequence(int ch) {
      if (ch >= Character.MIN_SURROGATE && ch <= Character.MAX_SURROGATE) {
        return new SerializedString(String.format("\\u%04x", ch));
      }
      return null;
    }
  }
}
