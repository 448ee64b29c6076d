package dev.steward.tlog;

import static dev.steward.tlog.NoteTest.assertMalformed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointTest {
  @Test
  void tesseraCheckpoints_verifyWithTheLogKey() throws IOException {
    NoteVerifier key = NoteVerifier.parse(TestData.TESSERA_VERIFIER);
    for (int n = 0; n <= 15; n++) {
      byte[] note = Files.readAllBytes(TestData.path("tessera-log/log/checkpoint." + n));
      Checkpoint c = Checkpoint.verify(note, key);
      assertThat(c.origin()).isEqualTo("example.com/log/testdata");
      assertThat(c.size()).isEqualTo(n);
      assertThat(c.extensions()).isEmpty();
    }
  }

  @Test
  void verify_originOtherThanKeyName_rejects() {
    NoteSigner s = NoteSigner.generate("example.com/a");
    byte[] note = s.sign(Checkpoint.of("example.com/b", 1, Merkle.emptyRoot()).text());
    assertThatThrownBy(() -> Checkpoint.verify(note, s.verifier()))
        .isInstanceOfSatisfying(
            TlogException.class,
            e -> assertThat(e.code()).isEqualTo(TlogException.Code.BAD_SIGNATURE));
  }

  @Test
  void parse_roundTripsExtensionsAndUnsignedSizes() {
    Checkpoint c =
        new Checkpoint(
            "example.com/log", -1L, Merkle.leafHash(new byte[] {1}), List.of("ext one", "two"));
    assertThat(c.text())
        .startsWith("example.com/log\n18446744073709551615\n")
        .endsWith("\next one\ntwo\n");
    assertThat(Checkpoint.parse(c.text())).isEqualTo(c);
  }

  @Test
  void parse_rejectsMalformedBodies() {
    String root = Merkle.emptyRoot().base64();
    assertMalformed(() -> Checkpoint.parse("origin\n1\n" + root));
    assertMalformed(() -> Checkpoint.parse("origin\n1\n"));
    assertMalformed(() -> Checkpoint.parse("\n1\n" + root + "\n"));
    assertMalformed(() -> Checkpoint.parse("origin\n01\n" + root + "\n"));
    assertMalformed(() -> Checkpoint.parse("origin\n+1\n" + root + "\n"));
    assertMalformed(() -> Checkpoint.parse("origin\n18446744073709551616\n" + root + "\n"));
    assertMalformed(() -> Checkpoint.parse("origin\n1\n" + root.substring(4) + "\n"));
    assertMalformed(() -> Checkpoint.parse("origin\n1\n" + root + "\n\n"));
    assertMalformed(() -> Checkpoint.parse("origin\n1\nAAAA\n"));
  }
}
