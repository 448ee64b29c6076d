package dev.steward.sandbox;

import dev.steward.core.ChatStream;
import dev.steward.core.StreamEvent;
import dev.steward.core.ToolCall;
import dev.steward.core.UpstreamException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A planned answer delivered event by event, with the configured pause before each chunk of text or
 * tool arguments, and optionally broken off after a number of events.
 */
final class SandboxStream implements ChatStream {
  private static final int ARGUMENT_FRAGMENT = 16;

  private final List<StreamEvent> events;
  private final Pacer pacer;
  private final Duration latency;
  private final @Nullable Integer breakAfter;
  private int next;
  private boolean closed;

  SandboxStream(
      List<StreamEvent> events, Pacer pacer, Duration latency, @Nullable Integer breakAfter) {
    this.events = List.copyOf(events);
    this.pacer = pacer;
    this.latency = latency;
    this.breakAfter = breakAfter;
  }

  @Override
  public @Nullable StreamEvent next() {
    if (closed) {
      return null;
    }
    if (breakAfter != null && (next >= breakAfter || next >= events.size())) {
      throw UpstreamException.io(
          "sandbox: stream broken off after " + next + " events (fail-after-chunks)",
          false,
          new IOException("sandbox: connection closed on purpose"));
    }
    if (next >= events.size()) {
      return null;
    }
    StreamEvent event = events.get(next);
    if (isChunk(event)) {
      pacer.betweenChunks(latency);
    }
    next++;
    return event;
  }

  @Override
  public void close() {
    closed = true;
  }

  /** Whether an event carries generated content, so a slow model pauses before it. */
  static boolean isChunk(StreamEvent event) {
    return switch (event) {
      case StreamEvent.TextDelta d -> true;
      case StreamEvent.ToolCallStarted s -> true;
      case StreamEvent.ToolCallDelta d -> true;
      case StreamEvent.Started s -> false;
      case StreamEvent.Finished f -> false;
      case StreamEvent.UsageReported u -> false;
    };
  }

  /** The events that deliver a plan: started, chunks and finish per choice, usage last. */
  static List<StreamEvent> events(Simulator.Plan plan) {
    List<StreamEvent> out = new ArrayList<>();
    out.add(new StreamEvent.Started(plan.id(), plan.model(), plan.created()));
    for (Simulator.Planned choice : plan.choices()) {
      for (String word : words(choice.text())) {
        out.add(new StreamEvent.TextDelta(choice.index(), word));
      }
      List<ToolCall> calls = choice.toolCalls();
      for (int k = 0; k < calls.size(); k++) {
        ToolCall call = calls.get(k);
        out.add(new StreamEvent.ToolCallStarted(choice.index(), k, call.id(), call.name()));
        for (String fragment : fragments(call.argumentsJson())) {
          out.add(new StreamEvent.ToolCallDelta(choice.index(), k, fragment));
        }
      }
      out.add(new StreamEvent.Finished(choice.index(), choice.reason(), choice.stopSequence()));
    }
    out.add(new StreamEvent.UsageReported(plan.usage()));
    return out;
  }

  /** Word-sized pieces, each with the whitespace before it; they concatenate to the text. */
  static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    int i = 0;
    int n = text.length();
    while (i < n) {
      while (i < n && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      while (i < n && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      out.add(text.substring(start, i));
      start = i;
    }
    return out;
  }

  private static List<String> fragments(String json) {
    List<String> out = new ArrayList<>();
    int start = 0;
    while (start < json.length()) {
      int end = Math.min(json.length(), start + ARGUMENT_FRAGMENT);
      if (end < json.length() && Character.isHighSurrogate(json.charAt(end - 1))) {
        end++;
      }
      out.add(json.substring(start, end));
      start = end;
    }
    return out;
  }
}
