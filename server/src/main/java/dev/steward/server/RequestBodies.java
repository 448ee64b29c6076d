package dev.steward.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.core.ErrorCode;
import dev.steward.core.StewardException;
import java.io.IOException;

/**
 * The JSON bodies of Steward's own endpoints (admin API, reviews, outcomes): read as one object,
 * fields checked with the same messages, answers encoded.
 */
final class RequestBodies {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RequestBodies() {}

  /**
   * The body as a JSON object.
   *
   * @throws StewardException {@code request.malformed_json} when it is not JSON or not an object
   */
  static JsonNode object(byte[] requestBody) {
    JsonNode body;
    try {
      body = JSON.readTree(requestBody);
    } catch (IOException e) {
      throw new StewardException(ErrorCode.MALFORMED_JSON, "body: not valid JSON");
    }
    if (body == null || !body.isObject()) {
      throw new StewardException(ErrorCode.MALFORMED_JSON, "body: expected a JSON object");
    }
    return body;
  }

  /**
   * A required, non-blank string field.
   *
   * @throws StewardException {@code request.invalid} naming the field
   */
  static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw StewardException.invalid(field, field + ": missing (expected: a non-empty string)");
    }
    return v.asText();
  }

  /** An answer's bytes. */
  static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new StewardException(ErrorCode.INTERNAL, "encoding failed");
    }
  }
}
