package dev.steward.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LogReaderTest {
  private static final NoteSigner SIGNER = NoteSigner.generate("steward.example/reader-test");

  @TempDir Path dir;

  @Test
  void proofsAndEntries_fromTiles_equalTheWritersAndVerify() {
    int n = 1000;
    try (TileLog log = TileLog.open(dir, SIGNER)) {
      LogAuditorTest.appendUpTo(log, 0, n);
      LogReader reader = LogReader.latest(TileSource.directory(dir), SIGNER.verifier());
      Checkpoint head = reader.checkpoint();
      assertThat(head.size()).isEqualTo(n);
      Random random = new Random(42);

      for (int trial = 0; trial < 300; trial++) {
        long size = 1L + random.nextInt(n);
        long index = random.nextInt((int) size);
        long older = 1L + random.nextInt((int) size);

        assertThat(reader.entry(index)).isEqualTo(ReferenceMerkle.entry(index));
        assertThat(reader.inclusionProof(index, size)).isEqualTo(log.inclusionProof(index, size));
        assertThat(reader.consistencyProof(older, size))
            .isEqualTo(log.consistencyProof(older, size));
        assertThat(reader.rootHash(size)).isEqualTo(log.rootHash(size));
        ProofVerifier.verifyInclusion(
            Merkle.leafHash(reader.entry(index)),
            index,
            n,
            reader.inclusionProof(index, n),
            head.root());
      }
      assertThat(reader.rootHash(n)).isEqualTo(head.root());
    }
  }

  @Test
  void tesseraLog_inclusionProofsVerifyAgainstItsCheckpoint() {
    NoteVerifier key = NoteVerifier.parse(TestData.TESSERA_VERIFIER);
    LogReader reader =
        LogReader.latest(TileSource.directory(TestData.path("tessera-log/log")), key);

    for (int i = 0; i < TestData.TESSERA_ENTRIES.length; i++) {
      byte[] entry = reader.entry(i);
      assertThat(new String(entry, StandardCharsets.UTF_8)).isEqualTo(TestData.TESSERA_ENTRIES[i]);
      ProofVerifier.verifyInclusion(
          Merkle.leafHash(entry), i, 15, reader.inclusionProof(i, 15), reader.checkpoint().root());
    }
  }

  @Test
  void beyondTheCheckpoint_outOfRange() {
    LogReader reader =
        LogReader.latest(
            TileSource.directory(TestData.path("tessera-log/log")),
            NoteVerifier.parse(TestData.TESSERA_VERIFIER));

    assertThatThrownBy(() -> reader.entry(15))
        .isInstanceOf(TlogException.class)
        .hasMessageContaining("index: 15 (expected: 0..14");
    assertThatThrownBy(() -> reader.inclusionProof(3, 16))
        .isInstanceOf(TlogException.class)
        .satisfies(
            e -> assertThat(((TlogException) e).code()).isEqualTo(TlogException.Code.OUT_OF_RANGE));
  }
}
