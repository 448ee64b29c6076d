package dev.steward.provider;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.steward.core.UpstreamException;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Parses server-sent events (the WHATWG event-stream format) from a body pushed in chunks of any
 * size, handing each event to a sink as soon as its blank line arrives.
 *
 * <p>Lines end with LF, CRLF or CR, also when the CR and the LF arrive in different chunks. A line
 * split across chunks is joined before it is decoded, so a UTF-8 character split across chunks
 * decodes whole. One byte-order mark at the start of the stream is skipped. Fields: {@code event},
 * {@code data} (several lines joined by newlines) and {@code id} (kept for later events, ignored
 * when it contains NUL); comments ({@code :…}), {@code retry} and unknown fields are skipped. An
 * event is dispatched at a blank line when it has data; a last event without its blank line is
 * discarded, as the format requires.
 *
 * <p>Not thread-safe: one parser per stream, fed by one thread at a time.
 */
public final class SseParser {
  static final int MAX_LINE = 4 * 1024 * 1024;

  private static final byte[] DATA = {'d', 'a', 't', 'a'};
  private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};
  private static final byte[] ID = {'i', 'd'};

  private final Consumer<SseEvent> sink;
  private byte[] partial = new byte[0];
  private int partialLength;
  private boolean afterCr;
  private boolean firstLine = true;
  private @Nullable String event;
  private @Nullable String data;
  private @Nullable StringBuilder dataLines;
  private @Nullable String lastId;

  /** A parser handing every event to {@code sink}, on the thread that feeds it. */
  public SseParser(Consumer<SseEvent> sink) {
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  /**
   * Parses the next bytes of the body.
   *
   * @throws UpstreamException when a line grows beyond 4 MiB; exceptions from the sink pass through
   */
  public void feed(byte[] chunk) {
    feed(chunk, 0, chunk.length);
  }

  /** Parses {@code length} bytes of {@code chunk} from {@code offset}. */
  public void feed(byte[] chunk, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, chunk.length);
    int end = offset + length;
    int i = offset;
    if (afterCr && i < end) {
      afterCr = false;
      if (chunk[i] == '\n') {
        i++;
      }
    }
    int start = i;
    while (i < end) {
      byte b = chunk[i];
      if (b != '\n' && b != '\r') {
        i++;
        continue;
      }
      if (partialLength == 0) {
        line(chunk, start, i - start);
      } else {
        append(chunk, start, i - start);
        int n = partialLength;
        partialLength = 0;
        line(partial, 0, n);
      }
      i++;
      if (b == '\r') {
        if (i == end) {
          afterCr = true;
        } else if (chunk[i] == '\n') {
          i++;
        }
      }
      start = i;
    }
    if (start < end) {
      append(chunk, start, end - start);
    }
  }

  /** The body ended: an unfinished line or event is discarded. */
  public void end() {
    partialLength = 0;
    event = null;
    data = null;
    dataLines = null;
  }

  private void append(byte[] bytes, int offset, int length) {
    int needed = partialLength + length;
    if (needed > MAX_LINE) {
      throw tooLong();
    }
    if (needed > partial.length) {
      partial = Arrays.copyOf(partial, Math.min(MAX_LINE, Math.max(needed, 2 * partial.length)));
    }
    System.arraycopy(bytes, offset, partial, partialLength, length);
    partialLength = needed;
  }

  private static UpstreamException tooLong() {
    return UpstreamException.fromStatus(
        502, null, "upstream stream line longer than " + MAX_LINE + " bytes", null);
  }

  private void line(byte[] b, int offset, int length) {
    int off = offset;
    int len = length;
    if (len > MAX_LINE) {
      throw tooLong();
    }
    if (firstLine) {
      firstLine = false;
      if (len >= 3
          && b[off] == (byte) 0xEF
          && b[off + 1] == (byte) 0xBB
          && b[off + 2] == (byte) 0xBF) {
        off += 3;
        len -= 3;
      }
    }
    if (len == 0) {
      dispatch();
      return;
    }
    if (b[off] == ':') {
      return;
    }
    int end = off + len;
    int colon = off;
    while (colon < end && b[colon] != ':') {
      colon++;
    }
    int nameLength = colon - off;
    int valueStart = colon < end ? colon + 1 : end;
    if (valueStart < end && b[valueStart] == ' ') {
      valueStart++;
    }
    if (is(b, off, nameLength, DATA)) {
      addData(new String(b, valueStart, end - valueStart, UTF_8));
    } else if (is(b, off, nameLength, EVENT)) {
      event = new String(b, valueStart, end - valueStart, UTF_8);
    } else if (is(b, off, nameLength, ID)) {
      String id = new String(b, valueStart, end - valueStart, UTF_8);
      if (id.indexOf('\0') < 0) {
        lastId = id;
      }
    }
    // retry and unknown fields do not matter to Steward.
  }

  private static boolean is(byte[] b, int offset, int length, byte[] name) {
    return length == name.length && Arrays.equals(b, offset, offset + length, name, 0, length);
  }

  private void addData(String value) {
    if (data == null) {
      data = value;
    } else if (dataLines == null) {
      dataLines = new StringBuilder(data.length() + value.length() + 1).append(data);
      dataLines.append('\n').append(value);
    } else {
      dataLines.append('\n').append(value);
    }
  }

  private void dispatch() {
    String first = data;
    if (first == null) {
      event = null;
      return;
    }
    SseEvent e = new SseEvent(event, dataLines == null ? first : dataLines.toString(), lastId);
    event = null;
    data = null;
    dataLines = null;
    sink.accept(e);
  }
}
