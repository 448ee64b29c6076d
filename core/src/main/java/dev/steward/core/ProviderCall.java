package dev.steward.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One call to one provider: the request already addressed to the upstream model id, with the
 * gateway's request id, any per-request directives (for example the sandbox's behaviour) and any
 * extra headers for the upstream request.
 *
 * <p>{@code headers} are headers Steward itself makes for this one call, such as the W3C {@code
 * traceparent} of the call's client span; never a caller's incoming headers. An HTTP adapter adds
 * them to the provider's configured headers, which win on a clash; an adapter without HTTP ignores
 * them. Usually empty ({@code Map.of()}), which costs nothing.
 */
public record ProviderCall(
    String requestId,
    ChatRequest request,
    Map<String, String> directives,
    Map<String, String> headers) {
  public ProviderCall {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(request, "request");
    directives = Map.copyOf(directives);
    headers = checkHeaders(headers);
  }

  /** A call without extra headers. */
  public ProviderCall(String requestId, ChatRequest request, Map<String, String> directives) {
    this(requestId, request, directives, Map.of());
  }

  /** This call with {@code extra} added to its headers (an existing name takes the new value). */
  public ProviderCall withHeaders(Map<String, String> extra) {
    if (extra.isEmpty()) {
      return this;
    }
    Map<String, String> merged = new LinkedHashMap<>(headers);
    merged.putAll(extra);
    return new ProviderCall(requestId, request, directives, merged);
  }

  /**
   * An immutable copy of per-call headers, checked so that no value can start another header.
   *
   * @throws IllegalArgumentException for a name that is not an HTTP token or a value with a control
   *     character
   */
  public static Map<String, String> checkHeaders(Map<String, String> headers) {
    Map<String, String> copy = Map.copyOf(headers);
    copy.forEach(
        (name, value) -> {
          if (name.isEmpty() || !name.chars().allMatch(ProviderCall::tokenChar)) {
            throw new IllegalArgumentException(
                "header name: \"" + name + "\" (expected: an HTTP token)");
          }
          if (value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
            throw new IllegalArgumentException(
                "header " + name + ": control character in value (expected: none)");
          }
        });
    return copy;
  }

  private static boolean tokenChar(int c) {
    return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
  }
}
