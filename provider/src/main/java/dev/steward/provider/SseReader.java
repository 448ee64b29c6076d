package dev.steward.provider;

import dev.steward.core.UpstreamException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Reads server-sent events (the WHATWG event-stream format) from a body as they arrive: {@code
 * event:} and {@code data:} fields, several data lines joined by newlines, comments skipped, an
 * event dispatched at each blank line. Lines end with LF, CRLF or CR.
 */
public final class SseReader {
  private static final int MAX_LINE = 4 * 1024 * 1024;

  private final InputStream in;
  private final byte[] buf = new byte[8192];
  private int pos;
  private int limit;
  private boolean eof;
  private boolean skipLf;

  public SseReader(InputStream in) {
    this.in = in;
  }

  /**
   * The next event, or {@code null} at the end of the body.
   *
   * @throws UpstreamException when the body cannot be read (timeouts included)
   */
  public @Nullable SseEvent next() {
    String event = null;
    StringBuilder data = null;
    while (true) {
      String line = readLine();
      if (line == null) {
        // A final event without its blank line is discarded, as the format requires.
        return null;
      }
      if (line.isEmpty()) {
        if (data != null) {
          return new SseEvent(event, data.toString());
        }
        event = null;
        continue;
      }
      if (line.charAt(0) == ':') {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (!value.isEmpty() && value.charAt(0) == ' ') {
        value = value.substring(1);
      }
      switch (field) {
        case "event" -> event = value;
        case "data" -> {
          if (data == null) {
            data = new StringBuilder(value);
          } else {
            data.append('\n').append(value);
          }
        }
        default -> {
          // id, retry and unknown fields do not matter to Steward.
        }
      }
    }
  }

  private @Nullable String readLine() {
    java.io.ByteArrayOutputStream line = null;
    while (true) {
      if (pos == limit) {
        if (eof || !fill()) {
          return line == null ? null : line.toString(StandardCharsets.UTF_8);
        }
      }
      byte b = buf[pos++];
      if (skipLf) {
        skipLf = false;
        if (b == '\n') {
          continue;
        }
      }
      if (b == '\n' || b == '\r') {
        skipLf = b == '\r';
        return line == null ? "" : line.toString(StandardCharsets.UTF_8);
      }
      if (line == null) {
        line = new java.io.ByteArrayOutputStream(128);
      }
      if (line.size() >= MAX_LINE) {
        throw UpstreamException.fromStatus(
            502, null, "upstream stream line longer than " + MAX_LINE + " bytes", null);
      }
      line.write(b);
    }
  }

  private boolean fill() {
    try {
      int n = in.read(buf, 0, buf.length);
      if (n < 0) {
        eof = true;
        return false;
      }
      pos = 0;
      limit = n;
      return true;
    } catch (HttpTimeoutException e) {
      throw UpstreamException.io("upstream stream fell silent past its timeout", true, e);
    } catch (IOException e) {
      throw UpstreamException.io("upstream stream broke off: " + e.getMessage(), false, e);
    }
  }
}
