package dev.steward.tlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple3;

/**
 * Parsers of untrusted input, fed random bytes and random mutations of valid input, either return
 * or throw {@link TlogException} with MALFORMED (and, for verification, the signature codes): never
 * anything else.
 */
class ParserFuzzTest {
  private static final NoteSigner SIGNER = NoteSigner.parse(TestData.TESSERA_SIGNER);
  private static final byte[] CHECKPOINT =
      Checkpoint.of(SIGNER.name(), 12345, Merkle.leafHash(new byte[] {7})).sign(SIGNER);
  private static final Checkpoint ORIGINAL = Checkpoint.verify(CHECKPOINT, SIGNER.verifier());
  private static final byte[] BUNDLE =
      TileCodec.encodeEntryBundle(List.of(utf8("one"), new byte[0], utf8("three")));
  private static final byte[] TILE =
      TileCodec.encodeHashTile(List.of(Merkle.emptyRoot(), Merkle.leafHash(new byte[0])));
  private static final Set<TlogException.Code> PARSE = EnumSet.of(TlogException.Code.MALFORMED);
  private static final Set<TlogException.Code> VERIFY =
      EnumSet.of(
          TlogException.Code.MALFORMED,
          TlogException.Code.BAD_SIGNATURE,
          TlogException.Code.NO_TRUSTED_SIGNATURE);

  @Property(tries = 1000)
  void note_randomBytes(@ForAll("noise") byte[] bytes) {
    parses(() -> Note.parse(bytes), PARSE);
    parses(() -> Checkpoint.verify(bytes, SIGNER.verifier()), VERIFY);
  }

  @Property(tries = 500)
  void signedCheckpoint_mutated(@ForAll("mutations") List<Tuple3<Integer, Integer, Byte>> edits) {
    byte[] mutated = mutate(CHECKPOINT, edits);
    parses(() -> Checkpoint.parse(new String(mutated, StandardCharsets.UTF_8)), PARSE);
    try {
      assertThat(Checkpoint.verify(mutated, SIGNER.verifier()))
          .as("whatever verifies carries the signed checkpoint")
          .isEqualTo(ORIGINAL);
    } catch (TlogException e) {
      assertThat(VERIFY).as(String.valueOf(e.getMessage())).contains(e.code());
    }
  }

  @Property(tries = 1000)
  void tiles_randomAndMutated(
      @ForAll("noise") byte[] bytes,
      @ForAll("mutations") List<Tuple3<Integer, Integer, Byte>> edits) {
    parses(() -> TileCodec.decodeEntryBundle(bytes), PARSE);
    parses(() -> TileCodec.decodeHashTile(bytes), PARSE);
    parses(() -> TileCodec.decodeEntryBundle(mutate(BUNDLE, edits)), PARSE);
    parses(() -> TileCodec.decodeHashTile(mutate(TILE, edits)), PARSE);
  }

  @Property(tries = 1000)
  void tilePathsAndKeys_mutated(@ForAll("mutations") List<Tuple3<Integer, Integer, Byte>> edits) {
    for (String valid :
        List.of(
            "tile/0/x001/x234/067.p/8",
            "tile/entries/000",
            "tile/63/x999/999",
            TestData.TESSERA_VERIFIER,
            TestData.TESSERA_SIGNER)) {
      String s = new String(mutate(utf8(valid), edits), StandardCharsets.UTF_8);
      parses(() -> TilePath.parse(s), PARSE);
      parses(() -> NoteVerifier.parse(s), PARSE);
      parses(() -> NoteSigner.parse(s), PARSE);
      boolean parsed = accepts(() -> TilePath.parse(s));
      if (parsed) {
        assertThat(TilePath.parse(s).toString()).isEqualTo(s);
      }
    }
  }

  @Provide
  Arbitrary<byte[]> noise() {
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
        Arbitraries.strings()
            .withChars("\n —+/=aAx0129.p")
            .ofMaxLength(200)
            .map(ParserFuzzTest::utf8));
  }

  /** Edits (position, operation, byte): 0 replaces, 1 inserts, 2 deletes, 3 duplicates a tail. */
  @Provide
  Arbitrary<List<Tuple3<Integer, Integer, Byte>>> mutations() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 10_000),
            Arbitraries.integers().between(0, 3),
            Arbitraries.bytes())
        .as(Tuple::of)
        .list()
        .ofMinSize(1)
        .ofMaxSize(4);
  }

  private static byte[] mutate(byte[] input, List<Tuple3<Integer, Integer, Byte>> edits) {
    byte[] b = input.clone();
    for (Tuple3<Integer, Integer, Byte> e : edits) {
      int at = b.length == 0 ? 0 : e.get1() % b.length;
      switch (e.get2()) {
        case 0 -> {
          if (b.length > 0) {
            b[at] = e.get3();
          }
        }
        case 1 -> {
          byte[] n = new byte[b.length + 1];
          System.arraycopy(b, 0, n, 0, at);
          n[at] = e.get3();
          System.arraycopy(b, at, n, at + 1, b.length - at);
          b = n;
        }
        case 2 -> {
          if (b.length > 0) {
            byte[] n = new byte[b.length - 1];
            System.arraycopy(b, 0, n, 0, at);
            System.arraycopy(b, at + 1, n, at, b.length - at - 1);
            b = n;
          }
        }
        default -> {
          byte[] tail = Arrays.copyOfRange(b, at, b.length);
          byte[] n = Arrays.copyOf(b, b.length + tail.length);
          System.arraycopy(tail, 0, n, b.length, tail.length);
          b = n;
        }
      }
    }
    return b;
  }

  private static void parses(Runnable parse, Set<TlogException.Code> allowed) {
    try {
      parse.run();
    } catch (TlogException e) {
      assertThat(allowed).as(String.valueOf(e.getMessage())).contains(e.code());
    }
  }

  private static boolean accepts(Runnable parse) {
    try {
      parse.run();
      return true;
    } catch (TlogException e) {
      return false;
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
