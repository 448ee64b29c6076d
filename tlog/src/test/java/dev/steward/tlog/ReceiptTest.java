package dev.steward.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ReceiptTest {
  private static final NoteSigner SIGNER = NoteSigner.generate("steward.example/receipt-test");
  private static final Receipt receipt = sample();

  /** Entries 3 and 7 of a 10-entry log, proved to its checkpoint. */
  private static Receipt sample() {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("receipt-test");
      try (TileLog log = TileLog.open(dir, SIGNER)) {
        LogAuditorTest.appendUpTo(log, 0, 10);
        return Receipt.of(
            log.verifier(),
            log.checkpoint(),
            List.of(
                new Receipt.Entry(3, log.entry(3), log.inclusionProof(3, 10)),
                new Receipt.Entry(7, log.entry(7), log.inclusionProof(7, 10))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (dir != null) {
        deleteTree(dir);
      }
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void verify_withThePinnedKey_returnsTheCheckpoint() {
    Checkpoint cp = receipt.verify(SIGNER.verifier());

    assertThat(cp.size()).isEqualTo(10);
    assertThat(receipt.verify()).isEqualTo(cp);
  }

  @Test
  void codec_roundTrips() {
    byte[] json = ReceiptCodec.encode(receipt);

    assertThat(ReceiptCodec.decode(json)).isEqualTo(receipt);
    assertThat(new String(json, StandardCharsets.UTF_8))
        .contains("\"version\" : 1")
        .contains("\"entry_b64\"")
        .contains("\"inclusion_proof\"");
  }

  @Test
  void verify_changedEntry_failsNamingIt() {
    Receipt.Entry e = receipt.entries().get(1);
    Receipt bad =
        withEntry(
            new Receipt.Entry(
                e.index(), "forged".getBytes(StandardCharsets.UTF_8), e.inclusionProof()));

    assertThatThrownBy(() -> bad.verify(SIGNER.verifier()))
        .isInstanceOf(TlogException.class)
        .hasMessageContaining("receipt entry 1 (index 7)")
        .satisfies(
            ex ->
                assertThat(((TlogException) ex).code())
                    .isEqualTo(TlogException.Code.INVALID_PROOF));
  }

  @Test
  void verify_movedIndex_fails() {
    Receipt.Entry e = receipt.entries().get(1);
    Receipt bad = withEntry(new Receipt.Entry(6, e.entry(), e.inclusionProof()));

    assertThatThrownBy(() -> bad.verify(SIGNER.verifier())).isInstanceOf(TlogException.class);
  }

  @Test
  void verify_otherKey_orForgedSignature_fails() {
    NoteSigner impostor = NoteSigner.generate(SIGNER.name());
    Receipt resigned =
        Receipt.of(
            impostor.verifier(),
            Checkpoint.parse(
                    Note.parse(receipt.checkpoint().getBytes(StandardCharsets.UTF_8)).text())
                .sign(impostor),
            receipt.entries());

    assertThat(resigned.verify().size()).isEqualTo(10);
    assertThatThrownBy(() -> resigned.verify(SIGNER.verifier()))
        .isInstanceOf(TlogException.class)
        .hasMessageContaining("the pinned key");

    String cp = receipt.checkpoint();
    String forged = cp.replace("\n10\n", "\n11\n");
    Receipt bad = new Receipt(receipt.origin(), receipt.verifierKey(), forged, receipt.entries());
    assertThatThrownBy(() -> bad.verify(SIGNER.verifier()))
        .isInstanceOf(TlogException.class)
        .satisfies(
            ex ->
                assertThat(((TlogException) ex).code())
                    .isEqualTo(TlogException.Code.BAD_SIGNATURE));
  }

  @Test
  void decode_isStrict() {
    String good = new String(ReceiptCodec.encode(receipt), StandardCharsets.UTF_8);

    assertMalformed(good.replace("\"version\" : 1", "\"version\" : 2"), "version");
    assertMalformed(
        good.replace("{\n  \"version\"", "{\n  \"extra\" : 1,\n  \"version\""), "extra");
    assertMalformed(good.replace("\"version\" : 1", "\"version\" : 1, \"version\" : 1"), "JSON");
    assertMalformed(good.replace("\"index\" : 3", "\"index\" : -3"), "index");
    assertMalformed(good.replace("\"index\" : 3", "\"index\" : 18446744073709551616"), "index");
    assertMalformed(good.replace("\"index\" : 3", "\"index\" : 3.0"), "index");
    assertMalformed(good + "{}", "JSON");
    assertMalformed(good.replace("\"entry_b64\" : \"", "\"entry_b64\" : \"!"), "entry_b64");
    assertMalformed("[]", "object");
  }

  @Test
  void decode_largestIndex_isUnsigned() {
    String good = new String(ReceiptCodec.encode(receipt), StandardCharsets.UTF_8);
    Receipt r =
        ReceiptCodec.decode(
            good.replace("\"index\" : 3", "\"index\" : 18446744073709551615")
                .getBytes(StandardCharsets.UTF_8));

    assertThat(r.entries().get(0).index()).isEqualTo(-1L);
    assertThat(new String(ReceiptCodec.encode(r), StandardCharsets.UTF_8))
        .contains("18446744073709551615");
  }

  @Property(tries = 500)
  void decode_mutatedOrRandomInput_throwsOnlyMalformed(
      @ForAll("noise") String text, @ForAll int at, @ForAll char c) {
    String good = new String(ReceiptCodec.encode(receipt), StandardCharsets.UTF_8);
    int i = Math.floorMod(at, good.length());
    String mutated = good.substring(0, i) + c + good.substring(i + 1);
    for (String input : List.of(text, mutated)) {
      try {
        ReceiptCodec.decode(input.getBytes(StandardCharsets.UTF_8)).verify(SIGNER.verifier());
      } catch (TlogException e) {
        assertThat(e.code())
            .as(String.valueOf(e.getMessage()))
            .isIn(
                TlogException.Code.MALFORMED,
                TlogException.Code.BAD_SIGNATURE,
                TlogException.Code.NO_TRUSTED_SIGNATURE,
                TlogException.Code.INVALID_PROOF);
      }
    }
  }

  @Provide
  Arbitrary<String> noise() {
    return Arbitraries.strings().withChars("{}[]\":,0123456789abc\\ \n").ofMaxLength(120);
  }

  private static Receipt withEntry(Receipt.Entry second) {
    return new Receipt(
        receipt.origin(),
        receipt.verifierKey(),
        receipt.checkpoint(),
        List.of(receipt.entries().get(0), second));
  }

  private static void assertMalformed(String json, String mentions) {
    assertThatThrownBy(() -> ReceiptCodec.decode(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(TlogException.class)
        .hasMessageContaining(mentions)
        .satisfies(
            e -> assertThat(((TlogException) e).code()).isEqualTo(TlogException.Code.MALFORMED));
  }
}
