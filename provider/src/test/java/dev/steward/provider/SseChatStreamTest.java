package dev.steward.provider;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.core.ErrorCode;
import dev.steward.core.Futures;
import dev.steward.core.StreamEvent;
import dev.steward.core.UpstreamException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class SseChatStreamTest {

  /** A response whose body the test pushes, recording what the stream asks of it. */
  private static final class ScriptedResponse implements UpstreamResponse {
    @Nullable BodyHandler handler;
    final List<String> calls = new ArrayList<>();

    @Override
    public int status() {
      return 200;
    }

    @Override
    public @Nullable String header(String name) {
      return null;
    }

    @Override
    public CompletionStage<byte[]> body() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void stream(BodyHandler h) {
      handler = h;
    }

    @Override
    public void pause() {
      calls.add("pause");
    }

    @Override
    public void resume() {
      calls.add("resume");
    }

    @Override
    public void close() {
      calls.add("close");
    }

    void push(String sse) {
      handler().onChunk(sse.getBytes(UTF_8));
    }

    BodyHandler handler() {
      if (handler == null) {
        throw new AssertionError("the stream did not start reading");
      }
      return handler;
    }
  }

  /** Each event's data is a text delta; {@code [DONE]} completes the answer. */
  private static final class TextDecoder implements SseChatStream.Decoder {
    boolean done;

    @Override
    public List<StreamEvent> decode(SseEvent event) {
      if (event.data().equals("[DONE]")) {
        done = true;
        return List.of();
      }
      if (event.data().equals("boom")) {
        throw UpstreamException.fromStatus(500, "server_error", "vendor error event", null);
      }
      return List.of(new StreamEvent.TextDelta(0, event.data()));
    }

    @Override
    public boolean complete() {
      return done;
    }

    @Override
    public List<StreamEvent> endOfBody() {
      throw UpstreamException.fromStatus(502, null, "stream ended before [DONE]", null);
    }
  }

  private final ScriptedResponse response = new ScriptedResponse();
  private final SseChatStream stream = SseChatStream.start(response, new TextDecoder());

  private static String events(int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < to; i++) {
      sb.append("data: t").append(i).append("\n\n");
    }
    return sb.toString();
  }

  private @Nullable StreamEvent take() {
    CompletableFuture<@Nullable StreamEvent> next = stream.next().toCompletableFuture();
    assertThat(next).isDone();
    return Futures.join(next);
  }

  @Test
  void next_beforeAnyData_completesWhenTheEventArrives() {
    CompletableFuture<@Nullable StreamEvent> next = stream.next().toCompletableFuture();
    assertThat(next).isNotDone();

    response.push("data: hi\n\n");

    assertThat(next).isCompletedWithValue(new StreamEvent.TextDelta(0, "hi"));
  }

  @Test
  void endMarker_endsTheStreamAndCloseLeavesTheConnectionToDrain() {
    response.push("data: a\n\ndata: [DONE]\n\ndata: after\n\n");

    assertThat(take()).isEqualTo(new StreamEvent.TextDelta(0, "a"));
    assertThat(take()).isNull();
    assertThat(take()).isNull();
    stream.close();

    assertThat(response.calls).doesNotContain("close");
  }

  @Test
  void manyEventsWaiting_pauseTheBody_untilAllButLowWaterAreTaken() {
    response.push(events(0, SseChatStream.HIGH_WATER + 10));
    assertThat(response.calls).containsExactly("pause");

    int waiting = SseChatStream.HIGH_WATER + 10;
    while (waiting > SseChatStream.LOW_WATER + 1) {
      take();
      waiting--;
    }
    assertThat(response.calls).containsExactly("pause");
    take();

    assertThat(response.calls).containsExactly("pause", "resume");
  }

  @Test
  void fewEventsWaiting_doNotPauseTheBody() {
    response.push(events(0, SseChatStream.HIGH_WATER));

    assertThat(response.calls).isEmpty();
  }

  @Test
  void transportTimeout_failsAfterTheEventsBefore_andKeepsFailing() {
    response.push(events(0, 2));
    response
        .handler()
        .onError(UpstreamException.io("upstream idle", true, new TimeoutException("idle")));

    assertThat(take()).isEqualTo(new StreamEvent.TextDelta(0, "t0"));
    assertThat(take()).isEqualTo(new StreamEvent.TextDelta(0, "t1"));
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(this::take)
          .isInstanceOfSatisfying(
              UpstreamException.class,
              e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_TIMEOUT);
                assertThat(e.getMessage())
                    .isEqualTo("upstream stream fell silent past its timeout");
              });
    }
  }

  @Test
  void transportBreak_failsAsUnavailable() {
    response.handler().onError(UpstreamException.io("reset", false, new IllegalStateException()));

    assertThatThrownBy(this::take)
        .isInstanceOfSatisfying(
            UpstreamException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_UNAVAILABLE);
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage()).startsWith("upstream stream broke off: ");
            });
  }

  @Test
  void vendorErrorEvent_deliversEarlierEventsThenFails_andResetsTheConnection() {
    response.push("data: a\n\ndata: boom\n\ndata: never\n\n");

    assertThat(take()).isEqualTo(new StreamEvent.TextDelta(0, "a"));
    assertThatThrownBy(this::take)
        .isInstanceOfSatisfying(
            UpstreamException.class, e -> assertThat(e.vendorType()).isEqualTo("server_error"));
    assertThat(response.calls).containsExactly("close");
  }

  @Test
  void bodyEndingBeforeTheMarker_failsWithTheDecodersError() {
    response.push("data: a\n\n");
    response.handler().onEnd();

    assertThat(take()).isEqualTo(new StreamEvent.TextDelta(0, "a"));
    assertThatThrownBy(this::take).hasMessage("stream ended before [DONE]");
  }

  @Test
  void close_midAnswer_resetsTheConnectionAndFailsTheOutstandingNext() {
    CompletableFuture<@Nullable StreamEvent> next = stream.next().toCompletableFuture();

    stream.close();

    assertThat(response.calls).containsExactly("close");
    assertThat(next).isCompletedExceptionally();
    assertThatThrownBy(next::join).hasCauseInstanceOf(CancellationException.class);
    assertThat(take()).isNull();
    response.push("data: late\n\n");
    assertThat(take()).isNull();
  }

  @Test
  void next_whileAnotherIsOutstanding_isRefused() {
    stream.next();

    assertThatThrownBy(stream::next).isInstanceOf(IllegalStateException.class);
  }
}
