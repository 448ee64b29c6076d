package dev.steward.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A scorer's verdict on one sample (Inspect's {@code Score}).
 *
 * @param value a string (Inspect's {@code C} correct, {@code I} incorrect, …), a number, a boolean,
 *     an array of those, or an object whose values are those or null. Numbers are held as Jackson
 *     holds what it reads: integers as {@code IntNode}/{@code LongNode}, fractions as {@code
 *     DoubleNode}
 * @param answer the answer extracted from the model's output, if any
 * @param explanation why the scorer decided so, if given
 * @param metadata free-form metadata (an empty object when there is none; then not written)
 */
public record Score(
    JsonNode value, @Nullable String answer, @Nullable String explanation, ObjectNode metadata) {

  public Score {
    value = checkValue(value);
    metadata = Json.object("score.metadata", metadata);
  }

  /** A numeric score without answer, explanation or metadata. */
  public static Score of(double value) {
    return new Score(Json.NODES.numberNode(value), null, null, Json.emptyObject());
  }

  /** A string score ({@code C}, {@code I}, …) without answer, explanation or metadata. */
  public static Score of(String value) {
    return new Score(Json.NODES.textNode(value), null, null, Json.emptyObject());
  }

  /** A copy of the value. */
  @Override
  public JsonNode value() {
    return value.deepCopy();
  }

  /** A copy of the metadata. */
  @Override
  public ObjectNode metadata() {
    return metadata.deepCopy();
  }

  private static JsonNode checkValue(JsonNode value) {
    Objects.requireNonNull(value, "score.value");
    if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        scalar("score.value[" + i + "]", value.get(i), false);
      }
      return normalised(value);
    }
    if (value.isObject()) {
      for (Map.Entry<String, JsonNode> e : value.properties()) {
        scalar("score.value." + e.getKey(), e.getValue(), true);
      }
      return normalised(value);
    }
    scalar("score.value", value, false);
    return normalised(value);
  }

  private static void scalar(String name, JsonNode node, boolean nullable) {
    if (node.isTextual() || node.isNumber() || node.isBoolean() || (nullable && node.isNull())) {
      return;
    }
    throw new IllegalArgumentException(
        name
            + ": "
            + Json.describe(node)
            + " (expected: a string, number or boolean"
            + (nullable ? " or null)" : ")"));
  }

  /** A copy with numbers as reading them back would give: int, long or double nodes. */
  private static JsonNode normalised(JsonNode node) {
    if (node.isNumber()) {
      if (node.isIntegralNumber() && node.canConvertToLong()) {
        long v = node.longValue();
        return v == (int) v ? Json.NODES.numberNode((int) v) : Json.NODES.numberNode(v);
      }
      return node.isIntegralNumber() ? node.deepCopy() : Json.NODES.numberNode(node.doubleValue());
    }
    if (node.isArray()) {
      var copy = Json.NODES.arrayNode(node.size());
      node.forEach(element -> copy.add(normalised(element)));
      return copy;
    }
    if (node.isObject()) {
      ObjectNode copy = Json.NODES.objectNode();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        copy.set(e.getKey(), normalised(e.getValue()));
      }
      return copy;
    }
    return node.deepCopy();
  }
}
