package dev.steward.openai;

import org.jspecify.annotations.Nullable;

/**
 * What an OpenAI-shaped error body says: OpenAI's {@code {"error":{message,type,param,code}}} or
 * older vLLM's flat {@code {"object":"error",message,type,code}}.
 *
 * @param code the vendor's code as text: OpenAI's is a string, vLLM's the HTTP status number
 */
record VendorError(@Nullable String message, @Nullable String type, @Nullable String code) {
  static final VendorError NONE = new VendorError(null, null, null);

  /** The vendor's own error name, for logs and metrics: its type, else its code. */
  @Nullable String vendorType() {
    return type != null ? type : code;
  }

  String messageOr(String fallback) {
    return message != null ? message : fallback;
  }

  /** The vendor's status number when its code is one (vLLM), else {@code fallback}. */
  int statusOr(int fallback) {
    if (code != null && code.length() == 3) {
      try {
        int status = Integer.parseInt(code);
        return status >= 400 && status <= 599 ? status : fallback;
      } catch (NumberFormatException e) {
        return fallback;
      }
    }
    return fallback;
  }
}
