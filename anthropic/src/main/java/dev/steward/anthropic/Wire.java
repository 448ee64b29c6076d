package dev.steward.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.core.ErrorCode;
import dev.steward.core.StopReason;
import dev.steward.core.UpstreamException;
import dev.steward.core.Usage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/** What the codec, the stream decoder and encoder and the client share about Anthropic's wire. */
final class Wire {
  /**
   * Strict parsing: duplicate keys and trailing content are errors, so a body means one thing.
   * Thread-safe once built.
   */
  static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private Wire() {}

  /** Parses upstream JSON; a body that is not JSON is the upstream's fault. */
  static JsonNode parseUpstream(byte[] body, String what) {
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || !node.isObject()) {
        throw malformedUpstream(what + ": not a JSON object", null);
      }
      return node;
    } catch (IOException e) {
      throw malformedUpstream(what + ": malformed JSON", e);
    }
  }

  static UpstreamException malformedUpstream(String message, @Nullable Throwable cause) {
    return new UpstreamException(
        ErrorCode.UPSTREAM_ERROR, "anthropic " + message, 200, false, null, null, cause);
  }

  static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a JSON tree", e);
    }
  }

  static String text(JsonNode node) {
    return new String(bytes(node), StandardCharsets.UTF_8);
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  /** Anthropic's {@code stop_reason} in canonical form; unknown future values end the turn. */
  static StopReason stopReason(@Nullable String wire) {
    if (wire == null) {
      return StopReason.END_TURN;
    }
    return switch (wire) {
      case "max_tokens", "model_context_window_exceeded" -> StopReason.MAX_TOKENS;
      case "stop_sequence" -> StopReason.STOP_SEQUENCE;
      case "tool_use" -> StopReason.TOOL_USE;
      case "refusal" -> StopReason.CONTENT_FILTER;
      // end_turn, and pause_turn (a server tool paused a long turn: the caller may continue it).
      default -> StopReason.END_TURN;
    };
  }

  /**
   * A canonical stop reason in Anthropic's words. {@link StopReason#ERROR} has no Anthropic
   * equivalent; the turn did end, so it is reported as {@code end_turn}.
   */
  static String stopReason(StopReason reason) {
    return switch (reason) {
      case END_TURN, ERROR -> "end_turn";
      case MAX_TOKENS -> "max_tokens";
      case STOP_SEQUENCE -> "stop_sequence";
      case TOOL_USE -> "tool_use";
      case CONTENT_FILTER -> "refusal";
    };
  }

  /**
   * Anthropic counts cache reads and cache writes apart from {@code input_tokens}; canonical usage
   * counts every prompt token as input, the cache reads among them as cached.
   */
  static Usage usage(long input, long cacheRead, long cacheCreation, long output) {
    return new Usage(input + cacheRead + cacheCreation, output, cacheRead);
  }

  static long count(@Nullable JsonNode usage, String field) {
    if (usage == null) {
      return 0;
    }
    JsonNode n = usage.get(field);
    return n != null && n.canConvertToLong() ? Math.max(0, n.asLong()) : 0;
  }

  /** Canonical usage as Anthropic's {@code usage} object (cache writes are not known: 0). */
  static ObjectNode usageNode(Usage usage) {
    ObjectNode u = object();
    u.put("input_tokens", Math.max(0, usage.inputTokens() - usage.cachedInputTokens()));
    u.put("cache_creation_input_tokens", 0);
    u.put("cache_read_input_tokens", usage.cachedInputTokens());
    u.put("output_tokens", usage.outputTokens());
    return u;
  }

  /** Anthropic's error body: {@code {"type":"error","error":{"type":..,"message":..}}}. */
  static ObjectNode errorNode(String type, String message) {
    ObjectNode root = object();
    root.put("type", "error");
    ObjectNode error = root.putObject("error");
    error.put("type", type);
    error.put("message", message);
    return root;
  }

  /** The HTTP status Anthropic uses for an error type, for errors that arrive inside a stream. */
  static int statusOf(@Nullable String type) {
    if (type == null) {
      return 500;
    }
    return switch (type) {
      case "invalid_request_error" -> 400;
      case "authentication_error" -> 401;
      case "billing_error" -> 402;
      case "permission_error" -> 403;
      case "not_found_error" -> 404;
      case "request_too_large" -> 413;
      case "rate_limit_error" -> 429;
      case "timeout_error" -> 504;
      case "overloaded_error" -> 529;
      default -> 500;
    };
  }

  /** An error as Anthropic reported it: its {@code error.type} (when given) and message. */
  record VendorError(@Nullable String type, String message) {
    /** Reads an error body; anything else is described by its HTTP status alone. */
    static VendorError parse(byte[] body, int status) {
      try {
        JsonNode root = JSON.readTree(body);
        JsonNode error = root == null ? null : root.get("error");
        if (error != null && error.isObject()) {
          JsonNode type = error.get("type");
          JsonNode message = error.get("message");
          return new VendorError(
              type != null && type.isTextual() ? type.asText() : null,
              message != null && message.isTextual() ? message.asText() : "HTTP " + status);
        }
      } catch (IOException e) {
        // Not JSON (a proxy's HTML page, say): fall through to the status.
      }
      return new VendorError(null, "HTTP " + status);
    }
  }
}
