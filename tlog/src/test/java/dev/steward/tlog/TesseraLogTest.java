package dev.steward.tlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Appending Tessera's 15 test entries one at a time reproduces its log byte for byte. */
class TesseraLogTest {
  private static final Path TESSERA = TestData.path("tessera-log/log");

  @TempDir Path dir;

  @Test
  void appendingTesseraEntries_reproducesEveryCheckpointTileAndBundle() throws IOException {
    NoteSigner signer = NoteSigner.parse(TestData.TESSERA_SIGNER);
    try (TileLog log = TileLog.open(dir, signer)) {
      assertThat(log.checkpoint()).isEqualTo(Files.readAllBytes(TESSERA.resolve("checkpoint.0")));
      for (int n = 1; n <= TestData.TESSERA_ENTRIES.length; n++) {
        long index = log.append(utf8(TestData.TESSERA_ENTRIES[n - 1])).join();
        assertThat(index).isEqualTo(n - 1);
        assertThat(new String(log.checkpoint(), StandardCharsets.UTF_8))
            .as("checkpoint.%d", n)
            .isEqualTo(Files.readString(TESSERA.resolve("checkpoint." + n)));
        assertThat(Files.readAllBytes(dir.resolve("checkpoint"))).isEqualTo(log.checkpoint());
      }
    }
    assertThat(Files.readAllBytes(dir.resolve("checkpoint")))
        .isEqualTo(Files.readAllBytes(TESSERA.resolve("checkpoint")));
    Map<String, byte[]> ours = tiles(dir);
    Map<String, byte[]> theirs = tiles(TESSERA);
    assertThat(ours.keySet()).containsExactlyElementsOf(theirs.keySet()).hasSize(30);
    theirs.forEach((path, bytes) -> assertThat(ours.get(path)).as(path).isEqualTo(bytes));
  }

  @Test
  void tesseraLog_servedPathsProofsAndEntriesAgree() throws IOException {
    NoteSigner signer = NoteSigner.parse(TestData.TESSERA_SIGNER);
    NoteVerifier key = NoteVerifier.parse(TestData.TESSERA_VERIFIER);
    try (TileLog log = TileLog.open(dir, signer)) {
      for (String e : TestData.TESSERA_ENTRIES) {
        log.append(utf8(e)).join();
      }
      for (Map.Entry<String, byte[]> t : tiles(TESSERA).entrySet()) {
        assertThat(log.read(t.getKey()))
            .as(t.getKey())
            .hasValueSatisfying(b -> assertThat(b).isEqualTo(t.getValue()));
      }
      Checkpoint head = Checkpoint.verify(log.checkpoint(), key);
      for (int i = 0; i < 15; i++) {
        assertThat(log.entry(i)).isEqualTo(utf8(TestData.TESSERA_ENTRIES[i]));
        ProofVerifier.verifyInclusion(
            Merkle.leafHash(log.entry(i)), i, 15, log.inclusionProof(i, 15), head.root());
      }
      for (int m = 1; m <= 15; m++) {
        Checkpoint older =
            Checkpoint.verify(Files.readAllBytes(TESSERA.resolve("checkpoint." + m)), key);
        assertThat(log.rootHash(m)).isEqualTo(older.root());
        ProofVerifier.verifyConsistency(
            m, 15, log.consistencyProof(m, 15), older.root(), head.root());
      }
    }
  }

  private static Map<String, byte[]> tiles(Path root) throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root.resolve("tile"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(f).toString(), Files.readAllBytes(f));
      }
    }
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static List<String> entries() {
    return List.of(TestData.TESSERA_ENTRIES);
  }
}
