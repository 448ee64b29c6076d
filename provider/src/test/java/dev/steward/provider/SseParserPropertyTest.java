package dev.steward.provider;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** However a body is cut into chunks, the push parser yields what the naive reference reads. */
class SseParserPropertyTest {

  @Property(tries = 500)
  void anyChunking_ofAnEventStream_yieldsTheReferenceEvents(
      @ForAll("streams") byte[] body, @ForAll("cuts") List<Integer> cuts) {
    assertThat(pushInChunks(body, cuts)).isEqualTo(ReferenceSseReader.parse(body));
  }

  @Property(tries = 500)
  void anyChunking_ofArbitraryBytes_yieldsTheReferenceEvents(
      @ForAll("noise") byte[] body, @ForAll("cuts") List<Integer> cuts) {
    assertThat(pushInChunks(body, cuts)).isEqualTo(ReferenceSseReader.parse(body));
  }

  /** Feeds the body cut at the given (relative) positions, empty chunks included. */
  private static List<SseEvent> pushInChunks(byte[] body, List<Integer> cuts) {
    List<SseEvent> events = new ArrayList<>();
    SseParser parser = new SseParser(events::add);
    int[] at = cuts.stream().mapToInt(c -> Math.floorMod(c, body.length + 1)).sorted().toArray();
    int from = 0;
    for (int to : at) {
      parser.feed(Arrays.copyOfRange(body, from, to));
      from = to;
    }
    parser.feed(body, from, body.length - from);
    parser.end();
    return events;
  }

  @Provide
  Arbitrary<List<Integer>> cuts() {
    return Arbitraries.integers().between(0, 10_000).list().ofMaxSize(40);
  }

  @Provide
  Arbitrary<byte[]> streams() {
    Arbitrary<String> value =
        Combinators.combine(
                Arbitraries.strings()
                    .withChars("ab :\t")
                    .withChars('\u0000', 'é', '中', '\u2028')
                    .withCharRange('x', 'z')
                    .ofMaxLength(8),
                Arbitraries.of("", "", "", "\uD83D\uDE00"))
            .as(String::concat);
    Arbitrary<String> field =
        Arbitraries.of("data", "event", "id", "retry", "dat", "Data", "", ":", "comment");
    Arbitrary<String> line =
        Combinators.combine(field, Arbitraries.of(":", ": ", ":  ", ""), value)
            .as((f, sep, v) -> f + sep + v);
    Arbitrary<String> blank = Arbitraries.just("");
    Arbitrary<String> terminator = Arbitraries.of("\n", "\r\n", "\r");
    Arbitrary<String> terminatedLine =
        Combinators.combine(
                Arbitraries.frequencyOf(Tuple.of(3, line), Tuple.of(1, blank)), terminator)
            .as((l, t) -> l + t);
    return Combinators.combine(
            Arbitraries.of(true, false, false, false), terminatedLine.list().ofMaxSize(30), value)
        .as(
            (bom, lines, tail) -> {
              ByteArrayOutputStream out = new ByteArrayOutputStream();
              if (bom) {
                out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
              }
              lines.forEach(l -> out.writeBytes(l.getBytes(UTF_8)));
              out.writeBytes(tail.getBytes(UTF_8));
              return out.toByteArray();
            });
  }

  @Provide
  Arbitrary<byte[]> noise() {
    Arbitrary<Byte> b =
        Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.of((byte) '\n', (byte) '\r', (byte) ':')),
            Tuple.of(4, Arbitraries.of((byte) 'd', (byte) 'a', (byte) 't', (byte) ' ')),
            Tuple.of(
                2, Arbitraries.of((byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) 0xC3, (byte) 0x80)),
            Tuple.of(1, Arbitraries.bytes()));
    return b.list()
        .ofMaxSize(200)
        .map(
            list -> {
              byte[] bytes = new byte[list.size()];
              for (int i = 0; i < bytes.length; i++) {
                bytes[i] = list.get(i);
              }
              return bytes;
            });
  }
}
