package dev.steward.tlog;

import static dev.steward.tlog.TileLogTest.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A commit cut short at each point between its writes (simulated by failing there), then a reopen:
 * the batch is either entirely in the log (the checkpoint was replaced) or entirely gone, the log
 * audits clean, and it keeps growing correctly.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecoveryTest {
  private static final NoteSigner SIGNER = NoteSigner.generate("steward.example/recovery");
  private static final int COMMITTED = 250;
  private static final int BATCH = 20;

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(
      value = TileStore.Stage.class,
      mode = EnumSource.Mode.MATCH_NONE,
      names = "JOURNAL_.*")
  void crashAtEachStage_keepsOrDropsTheWholeBatch(TileStore.Stage stage) throws IOException {
    seed();
    crashNextBatchAt(stage);

    assertThat(dir.resolve("tile/0/000")).as("full tile beyond the checkpoint").exists();
    if (stage == TileStore.Stage.CHECKPOINT_WRITTEN) {
      assertThat(dir.resolve("checkpoint.tmp")).exists();
    }
    int expected = stage == TileStore.Stage.CHECKPOINT_RENAMED ? COMMITTED + BATCH : COMMITTED;
    try (TileLog log = TileLog.open(dir, SIGNER)) {
      assertThat(log.size()).isEqualTo(expected);
      assertThat(dir.resolve("checkpoint.tmp")).doesNotExist();
      assertEntries(LogAudit.verify(dir, SIGNER.verifier()), expected);
      List<CompletableFuture<Long>> more = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        more.add(log.append(ReferenceMerkle.entry(expected + i)));
      }
      assertThat(more.get(29).join()).isEqualTo(expected + 29);
    }
    assertEntries(LogAudit.verify(dir, SIGNER.verifier()), expected + 30);
  }

  @Test
  void tornAndStrayFilesBeyondCheckpoint_areDiscarded() throws IOException {
    seed();
    crashNextBatchAt(TileStore.Stage.TILES_WRITTEN);
    Files.write(dir.resolve("tile/0/001.p/14"), new byte[7]);
    Files.write(dir.resolve("tile/entries/001.p/14"), new byte[] {0, 9, 1});
    Files.write(dir.resolve("tile/0/000.p/junk"), new byte[3]);
    Files.createDirectories(dir.resolve("tile/0/002.p"));
    Files.write(dir.resolve("tile/0/002.p/1"), new byte[32]);
    Files.createDirectories(dir.resolve("tile/1/000.p"));
    Files.write(dir.resolve("tile/1/000.p/1"), new byte[32]);
    try (TileLog log = TileLog.open(dir, SIGNER)) {
      assertThat(log.size()).isEqualTo(COMMITTED);
    }
    assertEntries(LogAudit.verify(dir, SIGNER.verifier()), COMMITTED);
    assertThat(dir.resolve("tile/0/000.p/junk")).doesNotExist();
  }

  @Test
  void damagedCommittedTile_failsOpenWithCorrupt() throws IOException {
    seed();
    Files.write(dir.resolve("tile/0/000.p/250"), new byte[250 * 32]);
    assertThatThrownBy(() -> TileLog.open(dir, SIGNER))
        .isInstanceOfSatisfying(
            TlogException.class, e -> assertThat(e.code()).isEqualTo(TlogException.Code.CORRUPT));
    Files.delete(dir.resolve("tile/0/000.p/250"));
    assertThatThrownBy(() -> TileLog.open(dir, SIGNER))
        .isInstanceOfSatisfying(
            TlogException.class, e -> assertThat(e.code()).isEqualTo(TlogException.Code.CORRUPT));
  }

  @Test
  void tilesWithoutCheckpoint_failOpenWithCorrupt() throws IOException {
    seed();
    Files.delete(dir.resolve("checkpoint"));
    assertThatThrownBy(() -> TileLog.open(dir, SIGNER))
        .isInstanceOfSatisfying(
            TlogException.class, e -> assertThat(e.code()).isEqualTo(TlogException.Code.CORRUPT));
  }

  private void seed() {
    try (TileLog log = TileLog.open(dir, SIGNER)) {
      List<CompletableFuture<Long>> futures = new ArrayList<>();
      for (int i = 0; i < COMMITTED; i++) {
        futures.add(log.append(ReferenceMerkle.entry(i)));
      }
      futures.forEach(CompletableFuture::join);
    }
  }

  /** One batch of {@link #BATCH} entries, crossing the first tile boundary, failing at stage. */
  private void crashNextBatchAt(TileStore.Stage stage) {
    TileStore.Faults crash =
        s -> {
          if (s == stage) {
            throw new IOException("simulated crash at " + s);
          }
        };
    TileLog.Options oneBatch =
        TileLog.Options.defaults()
            .withMaxBatchEntries(BATCH)
            .withMaxBatchWait(Duration.ofSeconds(1));
    TileLog log = TileLog.open(dir, SIGNER, oneBatch, crash);
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      futures.add(log.append(ReferenceMerkle.entry(COMMITTED + i)));
    }
    for (CompletableFuture<Long> f : futures) {
      assertFailsWith(f, TlogException.Code.IO);
    }
    assertFailsWith(log.append(new byte[1]), TlogException.Code.IO);
    log.close();
  }

  private static void assertEntries(List<byte[]> entries, int size) {
    assertThat(entries).hasSize(size);
    for (int i = 0; i < size; i++) {
      assertThat(entries.get(i)).isEqualTo(ReferenceMerkle.entry(i));
    }
  }
}
