package dev.steward.provider;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.core.UpstreamException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {
  private final List<SseEvent> events = new ArrayList<>();
  private final SseParser parser = new SseParser(events::add);

  private void feed(String... chunks) {
    for (String c : chunks) {
      parser.feed(c.getBytes(UTF_8));
    }
  }

  @Test
  void feed_eventSplitAcrossChunks_isDispatchedAtItsBlankLine() {
    feed("da", "ta: hel", "lo\n");
    assertThat(events).isEmpty();

    feed("\n");

    assertThat(events).containsExactly(new SseEvent(null, "hello"));
  }

  @Test
  void feed_crAtChunkEndAndLfAtNextStart_isOneLineEnd() {
    feed("data: a\r", "\ndata: b\r\n\r\n");

    assertThat(events).containsExactly(new SseEvent(null, "a\nb"));
  }

  @Test
  void feed_lfCrAndCrlfLineEnds_allEndLines() {
    feed("event: x\rdata: 1\n\ndata: 2\r\rdata: 3\r\n\r\n");

    assertThat(events)
        .containsExactly(new SseEvent("x", "1"), new SseEvent(null, "2"), new SseEvent(null, "3"));
  }

  @Test
  void feed_utf8CharacterSplitAcrossChunks_decodesWhole() {
    byte[] bytes = "data: é中😀\n\n".getBytes(UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      parser.feed(Arrays.copyOfRange(bytes, i, i + 1));
    }

    assertThat(events).containsExactly(new SseEvent(null, "é中😀"));
  }

  @Test
  void feed_leadingByteOrderMarkSplitAcrossChunks_isSkippedOnce() {
    parser.feed(new byte[] {(byte) 0xEF});
    parser.feed(new byte[] {(byte) 0xBB, (byte) 0xBF});
    feed("data: x\n\n");
    parser.feed(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    feed("data: y\n\n");

    // Only the stream's first byte-order mark is dropped; a later one makes an unknown field.
    assertThat(events).containsExactly(new SseEvent(null, "x"));
  }

  @Test
  void feed_commentsRetryAndUnknownFields_areSkipped() {
    feed(": keep-alive\nretry: 100\nfoo: bar\ndata\ndata:x\ndata:  y\n\n");

    assertThat(events).containsExactly(new SseEvent(null, "\nx\n y"));
  }

  @Test
  void feed_idField_isKeptForLaterEventsAndIgnoredWithNul() {
    feed("id: 7\ndata: a\n\ndata: b\n\nid: 8\u0000\ndata: c\n\nid\ndata: d\n\n");

    assertThat(events)
        .containsExactly(
            new SseEvent(null, "a", "7"),
            new SseEvent(null, "b", "7"),
            new SseEvent(null, "c", "7"),
            new SseEvent(null, "d", ""));
  }

  @Test
  void feed_eventWithoutData_isNotDispatchedAndItsNameDoesNotLeak() {
    feed("event: ping\n\ndata: x\n\n");

    assertThat(events).containsExactly(new SseEvent(null, "x"));
  }

  @Test
  void end_unfinishedEvent_isDiscarded() {
    feed("data: done\n\ndata: cut sho");
    parser.end();

    assertThat(events).containsExactly(new SseEvent(null, "done"));
  }

  @Test
  void feed_lineLongerThanLimit_failsAsUpstreamError() {
    byte[] chunk = new byte[1024 * 1024];
    Arrays.fill(chunk, (byte) 'a');

    assertThatThrownBy(
            () -> {
              for (int i = 0; i <= SseParser.MAX_LINE / chunk.length; i++) {
                parser.feed(chunk);
              }
            })
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> assertThat(e.getMessage()).contains("longer than " + SseParser.MAX_LINE));
  }
}
