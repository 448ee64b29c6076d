package dev.steward.openai;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * Shared Jackson set-up and strict field readers whose errors name the JSON path and what was
 * expected, never the offending value when it could be caller content (only short enum-like strings
 * are quoted).
 */
final class Json {
  /** Inline base64 images make long strings: allow 64 MiB (the server caps bodies anyway). */
  private static final int MAX_STRING = 64 << 20;

  static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxStringLength(MAX_STRING).build())
          .build();

  static final ObjectMapper MAPPER =
      JsonMapper.builder(FACTORY).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private Json() {}

  /** Parses a caller's body; anything but one JSON object fails with a client error. */
  static JsonNode parseRequestObject(byte[] body) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      // Jackson's own message quotes the input: keep only the position.
      throw new StewardException(
          ErrorCode.MALFORMED_JSON, "request body: not valid JSON" + where, null, null, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (root == null || root.isMissingNode()) {
      throw new StewardException(
          ErrorCode.MALFORMED_JSON, "request body: empty (expected: a JSON object)");
    }
    if (!root.isObject()) {
      throw new StewardException(
          ErrorCode.INVALID_REQUEST,
          "request body: " + describe(root) + " (expected: a JSON object)");
    }
    return root;
  }

  /** Parses a vendor's body, failing with {@code null} when it is no JSON object. */
  static @Nullable JsonNode parseVendorObject(byte[] body) {
    try {
      JsonNode root = MAPPER.readTree(body);
      return root != null && root.isObject() ? root : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Parses one vendor stream chunk, failing with {@code null} when it is no JSON object. */
  static @Nullable JsonNode parseVendorObject(String chunk) {
    try {
      JsonNode root = MAPPER.readTree(chunk);
      return root != null && root.isObject() ? root : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The field's value, or null when absent or JSON {@code null}. */
  static @Nullable JsonNode opt(JsonNode object, String field) {
    JsonNode v = object.get(field);
    return v == null || v.isNull() ? null : v;
  }

  static StewardException invalid(String path, String what, String expected) {
    return StewardException.invalid(path, path + ": " + what + " (expected: " + expected + ")");
  }

  static StewardException wrongType(String path, JsonNode node, String expected) {
    return invalid(path, describe(node), expected);
  }

  static JsonNode required(JsonNode object, String field, String path, String expected) {
    JsonNode v = opt(object, field);
    if (v == null) {
      throw invalid(path, object.has(field) ? "null" : "missing", expected);
    }
    return v;
  }

  static String string(JsonNode node, String path) {
    if (!node.isTextual()) {
      throw wrongType(path, node, "a string");
    }
    return node.textValue();
  }

  static @Nullable String optString(JsonNode object, String field, String path) {
    JsonNode v = opt(object, field);
    return v == null ? null : string(v, path);
  }

  static @Nullable Boolean optBoolean(JsonNode object, String field, String path) {
    JsonNode v = opt(object, field);
    if (v == null) {
      return null;
    }
    if (!v.isBoolean()) {
      throw wrongType(path, v, "true or false");
    }
    return v.booleanValue();
  }

  static JsonNode object(JsonNode node, String path) {
    if (!node.isObject()) {
      throw wrongType(path, node, "an object");
    }
    return node;
  }

  static JsonNode array(JsonNode node, String path, String expected) {
    if (!node.isArray()) {
      throw wrongType(path, node, expected);
    }
    return node;
  }

  /** An integer (an integral float such as {@code 2.0} is accepted) within [min, max]. */
  static long integer(JsonNode node, String path, long min, long max, String expected) {
    long value;
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      value = node.longValue();
    } else if (node.isFloatingPointNumber()
        && node.doubleValue() == Math.rint(node.doubleValue())
        && Math.abs(node.doubleValue()) < 9.0e15) {
      value = (long) node.doubleValue();
    } else {
      throw wrongType(path, node, expected);
    }
    if (value < min || value > max) {
      throw invalid(path, Long.toString(value), expected);
    }
    return value;
  }

  static double number(JsonNode node, String path, double min, double max, String expected) {
    if (!node.isNumber()) {
      throw wrongType(path, node, expected);
    }
    double value = node.doubleValue();
    if (!(value >= min && value <= max)) {
      throw invalid(path, node.asText(), expected);
    }
    return value;
  }

  /** A short, safe description of a JSON value for an error message. */
  static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> node.booleanValue() ? "true" : "false";
      case ARRAY -> "an array";
      case OBJECT, POJO -> "an object";
      case NULL -> "null";
      case MISSING -> "missing";
      case BINARY -> "binary data";
    };
  }

  /** Quotes an enum-like value, cut short so no long caller text lands in a message. */
  static String quote(String value) {
    String v = value.length() > 40 ? value.substring(0, 40) + "..." : value;
    return "'" + v + "'";
  }

  /** Writes JSON into a byte array. */
  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  static byte[] write(int sizeHint, Body body) {
    ByteArrayBuilder out = new ByteArrayBuilder(sizeHint);
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static String toText(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
