package dev.steward.server;

import java.util.Map;

/**
 * A complete answer to a plain GET (the public log, receipts): status, media type, extra headers
 * and body.
 */
@SuppressWarnings("ArrayRecordComponent") // built once, written once
record Served(int status, String contentType, Map<String, String> headers, byte[] body) {
  Served {
    headers = Map.copyOf(headers);
  }
}
