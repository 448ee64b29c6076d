package dev.steward.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Applies a text transformation to the values inside a JSON document (tool-call arguments), so the
 * result stays valid JSON: strings are transformed as text, and a number whose digits the
 * transformation changes becomes a string. Text that is not JSON is transformed as a whole.
 */
final class JsonText {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonText() {}

  static String map(String json, UnaryOperator<String> op) {
    if (json.isBlank()) {
      return json;
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return op.apply(json);
    }
    if (root == null) {
      return op.apply(json);
    }
    JsonNode scalar = scalar(root, op);
    if (scalar != null) {
      return scalar == root ? json : write(scalar);
    }
    return walk(root, op) ? write(root) : json;
  }

  /** Transforms the containers' values in place; whether anything changed. */
  private static boolean walk(JsonNode node, UnaryOperator<String> op) {
    boolean changed = false;
    if (node instanceof ObjectNode object) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(object.properties());
      for (Map.Entry<String, JsonNode> f : fields) {
        JsonNode replaced = scalar(f.getValue(), op);
        if (replaced == null) {
          changed |= walk(f.getValue(), op);
        } else if (replaced != f.getValue()) {
          object.set(f.getKey(), replaced);
          changed = true;
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        JsonNode replaced = scalar(array.get(i), op);
        if (replaced == null) {
          changed |= walk(array.get(i), op);
        } else if (replaced != array.get(i)) {
          array.set(i, replaced);
          changed = true;
        }
      }
    }
    return changed;
  }

  /**
   * For a string or number: itself when the transformation leaves its text alone, else the
   * transformed text. {@code null} for anything else.
   */
  private static @Nullable JsonNode scalar(JsonNode node, UnaryOperator<String> op) {
    if (!node.isTextual() && !node.isNumber()) {
      return null;
    }
    String text = node.isTextual() ? node.textValue() : node.asText();
    String out = op.apply(text);
    return out.equals(text) ? node : TextNode.valueOf(out);
  }

  private static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("re-encoding tool-call arguments failed", e);
    }
  }
}
