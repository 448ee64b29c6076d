package dev.steward.cohere;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.core.StreamEvent;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * However Cohere cuts tool-call arguments into {@code tool-call-delta} events, and however many
 * calls run one after another, the fragments of each call reassemble to exactly its arguments.
 */
class CohereStreamDecoderPropertyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One call's arguments and where they are cut. */
  record Call(String arguments, List<Integer> cuts) {
    List<String> fragments() {
      List<String> out = new ArrayList<>();
      int from = 0;
      for (int cut : cuts.stream().sorted().distinct().toList()) {
        int at = Math.min(cut, arguments.length());
        if (at > 0
            && at < arguments.length()
            && Character.isHighSurrogate(arguments.charAt(at - 1))) {
          at++; // text on the wire is UTF-8: a fragment never splits a code point
        }
        if (at > from) {
          out.add(arguments.substring(from, at));
          from = at;
        }
      }
      out.add(arguments.substring(from));
      return out;
    }
  }

  @Provide
  Arbitrary<List<Call>> calls() {
    Arbitrary<String> values =
        Arbitraries.of(
                "a", "b", "z", " ", "\"", "\\", "{", "}", ":", ",", "é", "€", "\n", "\uD83D\uDE00")
            .list()
            .ofMaxSize(30)
            .map(parts -> String.join("", parts));
    Arbitrary<String> arguments =
        values.map(
            v -> {
              try {
                return "{\"q\":" + JSON.writeValueAsString(v) + "}";
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Arbitrary<Call> call =
        Combinators.combine(arguments, Arbitraries.integers().between(0, 60).list().ofMaxSize(12))
            .as(Call::new);
    return call.list().ofMinSize(1).ofMaxSize(4);
  }

  @Property(tries = 300)
  void fragmentsReassembleEachCallsArguments(@ForAll("calls") List<Call> calls) throws Exception {
    CohereStreamDecoder decoder = new CohereStreamDecoder(new CohereCodec(), "command-a", 0, "req");
    List<StreamEvent> events =
        new ArrayList<>(decoder.decode(null, CohereStreamDecoderTest.start("m")));
    for (int i = 0; i < calls.size(); i++) {
      events.addAll(
          decoder.decode(
              "tool-call-start", CohereStreamDecoderTest.callStart(i, "call_" + i, "f")));
      for (String fragment : calls.get(i).fragments()) {
        events.addAll(
            decoder.decode(
                "tool-call-delta",
                CohereStreamDecoderTest.callDelta(i, JSON.writeValueAsString(fragment))));
      }
      events.addAll(
          decoder.decode("tool-call-end", "{\"type\":\"tool-call-end\",\"index\":" + i + "}"));
    }
    events.addAll(decoder.decode("message-end", CohereStreamDecoderTest.end("TOOL_CALL")));

    StringBuilder[] assembled = new StringBuilder[calls.size()];
    List<Integer> started = new ArrayList<>();
    for (StreamEvent e : events) {
      if (e instanceof StreamEvent.ToolCallStarted s) {
        started.add(s.index());
        assembled[s.index()] = new StringBuilder();
      } else if (e instanceof StreamEvent.ToolCallDelta d) {
        assembled[d.index()].append(d.argumentsFragment());
      }
    }
    assertThat(started)
        .isEqualTo(java.util.stream.IntStream.range(0, calls.size()).boxed().toList());
    for (int i = 0; i < calls.size(); i++) {
      assertThat(assembled[i].toString()).isEqualTo(calls.get(i).arguments());
    }
    assertThat(events.get(0)).isInstanceOf(StreamEvent.Started.class);
    assertThat(events.get(events.size() - 1)).isInstanceOf(StreamEvent.UsageReported.class);
  }
}
