package dev.steward.provider;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;

/**
 * The event-stream format read the naive way, as the WHATWG specification words it: the whole body
 * decoded at once, one leading byte-order mark dropped, split into lines at CRLF, LF or CR, each
 * line processed in turn: the reference {@link SseParser} must agree with, however the body is
 * chunked.
 */
final class ReferenceSseReader {
  private ReferenceSseReader() {}

  static List<SseEvent> parse(byte[] body) {
    String text = new String(body, UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<SseEvent> events = new ArrayList<>();
    String event = null;
    StringBuilder data = null;
    String lastId = null;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\n' && c != '\r') {
        continue;
      }
      String line = text.substring(start, i);
      if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        i++;
      }
      start = i + 1;
      if (line.isEmpty()) {
        if (data != null) {
          events.add(new SseEvent(event, data.toString(), lastId));
        }
        event = null;
        data = null;
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "event" -> event = value;
        case "data" ->
            data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        case "id" -> lastId = value.indexOf('\0') < 0 ? value : lastId;
        default -> {
          // retry and unknown fields are ignored
        }
      }
    }
    // The unterminated last line, if any, cannot complete an event.
    return events;
  }
}
