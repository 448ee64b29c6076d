package dev.steward.core;

import java.util.Map;
import java.util.Objects;

/**
 * One call to one provider: the request already addressed to the upstream model id, with the
 * gateway's request id and any per-request directives (for example the sandbox's behaviour).
 */
public record ProviderCall(String requestId, ChatRequest request, Map<String, String> directives) {
  public ProviderCall {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(request, "request");
    directives = Map.copyOf(directives);
  }
}
