package dev.steward.server;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Percent-encoding of values put in URLs (query strings, path segments). */
final class Urls {
  private Urls() {}

  /** {@code value} encoded for a query-string value or a path segment. */
  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
