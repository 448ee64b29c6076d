package dev.steward.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a log's users rely on, in both durability modes; in {@link TileLog.Durability#JOURNAL} mode
 * reads wait for {@link TileLog#published} first.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TileLogTest {
  private static final NoteSigner SIGNER = NoteSigner.generate("steward.example/test-log");

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(TileLog.Durability.class)
  void concurrentAppends_getDistinctIndexes_andEverythingVerifies(TileLog.Durability d)
      throws Exception {
    int n = 1300;
    AtomicReferenceArray<CompletableFuture<Long>> futures = new AtomicReferenceArray<>(n);
    try (TileLog log = TileLog.open(dir, SIGNER, options(d).withMaxBatchEntries(64))) {
      try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
        for (int t = 0; t < 8; t++) {
          int first = t;
          pool.execute(
              () -> {
                for (int i = first; i < n; i += 8) {
                  futures.set(i, log.append(ReferenceMerkle.entry(i)));
                }
              });
        }
      }
      Set<Long> indexes = new HashSet<>();
      for (int i = 0; i < n; i++) {
        long index = futures.get(i).join();
        indexes.add(index);
        assertThat(log.published(index + 1).join().size()).isGreaterThan(index);
        assertThat(log.entry(index)).isEqualTo(ReferenceMerkle.entry(i));
      }
      assertThat(indexes).hasSize(n).allMatch(i -> i >= 0 && i < n);
      assertThat(log.size()).isEqualTo(n);

      Checkpoint head = Checkpoint.verify(log.checkpoint(), SIGNER.verifier());
      assertThat(head).isEqualTo(log.treeHead());
      for (long i = 0; i < n; i += 37) {
        Hash leaf = Merkle.leafHash(log.entry(i));
        ProofVerifier.verifyInclusion(leaf, i, n, log.inclusionProof(i, n), head.root());
        long older = i + 1;
        ProofVerifier.verifyInclusion(
            leaf, i, older, log.inclusionProof(i, older), log.rootHash(older));
        ProofVerifier.verifyConsistency(
            older, n, log.consistencyProof(older, n), log.rootHash(older), head.root());
      }
    }
    LogAudit.verify(dir, SIGNER.verifier());
    assertThat(dir.resolve("tile/0/000.p")).doesNotExist();
    assertThat(dir.resolve("tile/0/005.p/20")).exists();
    assertThat(dir.resolve("tile/1/000.p/5")).exists();
  }

  @ParameterizedTest
  @EnumSource(TileLog.Durability.class)
  void reads_servePublishedTilesOnly(TileLog.Durability d) throws Exception {
    try (TileLog log = TileLog.open(dir, SIGNER, options(d))) {
      List<CompletableFuture<Long>> futures = new ArrayList<>();
      for (int i = 0; i <= 300; i++) {
        futures.add(log.append(ReferenceMerkle.entry(i)));
      }
      futures.forEach(CompletableFuture::join);
      assertThat(log.acceptedSize()).isEqualTo(301);
      assertThat(log.published(301).join().size()).isEqualTo(301);
      assertThat(log.size()).isEqualTo(301);
      assertThat(log.read("tile/0/000")).hasValueSatisfying(b -> assertThat(b).hasSize(8192));
      assertThat(log.read("tile/0/001.p/45"))
          .hasValueSatisfying(b -> assertThat(b).hasSize(45 * 32));
      assertThat(log.read("tile/1/000.p/1")).isPresent();
      assertThat(log.read("tile/entries/000")).isPresent();
      assertThat(log.read("tile/0/001.p/46")).isEmpty();
      assertThat(log.read("tile/0/001")).isEmpty();
      assertThat(log.read("tile/0/002.p/1")).isEmpty();
      assertThat(log.read("../checkpoint")).isEmpty();
      assertThat(log.read("tile/0/x000/001")).isEmpty();
      assertThat(log.read(".lock")).isEmpty();
      assertThat(log.read("journal")).isEmpty();
      assertThatThrownBy(() -> log.entry(301)).isInstanceOf(TlogException.class);
      assertThatThrownBy(() -> log.inclusionProof(0, 302))
          .isInstanceOfSatisfying(
              TlogException.class,
              e -> assertThat(e.code()).isEqualTo(TlogException.Code.OUT_OF_RANGE));
      assertThatThrownBy(() -> log.consistencyProof(0, 10))
          .isInstanceOfSatisfying(
              TlogException.class,
              e -> assertThat(e.code()).isEqualTo(TlogException.Code.OUT_OF_RANGE));
    }
  }

  @ParameterizedTest
  @EnumSource(TileLog.Durability.class)
  void entrySizeLimit_isTheBundleLengthPrefix(TileLog.Durability d) throws Exception {
    try (TileLog log = TileLog.open(dir, SIGNER, options(d))) {
      assertThat(log.append(new byte[65_535]).join()).isZero();
      log.published(1).join();
      assertThat(log.entry(0)).hasSize(65_535);
      assertThat(log.append(new byte[0]).join()).isEqualTo(1);
      assertFailsWith(log.append(new byte[65_536]), TlogException.Code.ENTRY_TOO_LARGE);
      assertThat(log.published(2).join().size()).isEqualTo(2);
      assertThat(log.size()).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(TileLog.Durability.class)
  void secondOpen_ofSameDirectory_failsWithLocked_untilClosed(TileLog.Durability d) {
    TileLog first = TileLog.open(dir, SIGNER, options(d));
    assertThatThrownBy(() -> TileLog.open(dir, SIGNER, options(d)))
        .isInstanceOfSatisfying(
            TlogException.class, e -> assertThat(e.code()).isEqualTo(TlogException.Code.LOCKED));
    first.append("x".getBytes(StandardCharsets.UTF_8)).join();
    Checkpoint head = first.published(1).join();
    assertThat(first.treeHead()).isEqualTo(head);
    first.close();
    assertFailsWith(first.append(new byte[1]), TlogException.Code.CLOSED);
    try (TileLog again = TileLog.open(dir, SIGNER, options(d))) {
      assertThat(again.treeHead()).isEqualTo(head);
      assertThat(again.append(new byte[1]).join()).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(TileLog.Durability.class)
  void close_publishesAppendsAlreadyAccepted(TileLog.Durability d) {
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    TileLog log = TileLog.open(dir, SIGNER, options(d).withMaxBatchEntries(7));
    for (int i = 0; i < 100; i++) {
      futures.add(log.append(ReferenceMerkle.entry(i)));
    }
    log.close();
    assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    assertThat(log.size()).isEqualTo(100);
    assertThat(log.published(100)).isCompletedWithValueMatching(cp -> cp.size() == 100);
    assertFailsWith(log.published(101), TlogException.Code.OUT_OF_RANGE);
    assertThat(LogAudit.verify(dir, SIGNER.verifier())).hasSize(100);
  }

  @Test
  void maxBatchWait_groupsAppendsIntoFewCommits() throws Exception {
    TileLog.Options opts = TileLog.Options.defaults().withMaxBatchWait(Duration.ofMillis(200));
    try (TileLog log = TileLog.open(dir, SIGNER, opts)) {
      List<CompletableFuture<Long>> futures = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        futures.add(log.append(ReferenceMerkle.entry(i)));
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
    }
    assertThat(partialWidths("tile/0/000.p")).hasSizeLessThanOrEqualTo(2).contains(100);
  }

  @Test
  void maxBatchEntries_capsEachCommit() throws Exception {
    TileLog.Options opts =
        TileLog.Options.defaults().withMaxBatchEntries(10).withMaxBatchWait(Duration.ofMillis(500));
    try (TileLog log = TileLog.open(dir, SIGNER, opts)) {
      List<CompletableFuture<Long>> futures = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        futures.add(log.append(ReferenceMerkle.entry(i)));
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
    }
    assertThat(partialWidths("tile/0/000.p"))
        .containsExactlyInAnyOrder(10, 20, 30, 40, 50, 60, 70, 80, 90, 100);
  }

  @ParameterizedTest
  @EnumSource(TileLog.Durability.class)
  void pendingLimit_refusesWithOverloaded_whileWriterIsBusy(TileLog.Durability d) throws Exception {
    CountDownLatch inCommit = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TileStore.Stage writing =
        d == TileLog.Durability.JOURNAL
            ? TileStore.Stage.JOURNAL_WRITTEN
            : TileStore.Stage.TILES_WRITTEN;
    TileStore.Faults blockFirstCommit =
        stage -> {
          if (stage == writing && inCommit.getCount() > 0) {
            inCommit.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    TileLog.Options opts = options(d).withMaxPendingEntries(2);
    try (TileLog log = TileLog.open(dir, SIGNER, opts, blockFirstCommit)) {
      CompletableFuture<Long> first = log.append(new byte[] {1});
      inCommit.await();
      CompletableFuture<Long> second = log.append(new byte[] {2});
      CompletableFuture<Long> third = log.append(new byte[] {3});
      assertFailsWith(log.append(new byte[] {4}), TlogException.Code.OVERLOADED);
      release.countDown();
      assertThat(List.of(first.join(), second.join(), third.join())).containsExactly(0L, 1L, 2L);
    }
  }

  @ParameterizedTest
  @EnumSource(TileLog.Durability.class)
  void reopenWithNewKeyOfSameName_resignsTheCheckpoint(TileLog.Durability d) {
    try (TileLog log = TileLog.open(dir, SIGNER, options(d))) {
      log.append(new byte[] {1}).join();
    }
    NoteSigner rotated = NoteSigner.generate(SIGNER.name());
    try (TileLog log = TileLog.open(dir, rotated, options(d))) {
      assertThat(Checkpoint.verify(log.checkpoint(), rotated.verifier()).size()).isEqualTo(1);
    }
    assertThatThrownBy(() -> TileLog.open(dir, NoteSigner.generate("other.example/log")))
        .isInstanceOfSatisfying(
            TlogException.class, e -> assertThat(e.code()).isEqualTo(TlogException.Code.CORRUPT));
  }

  @Test
  void options_keepTheirThreeArgumentForm_andDefaultToCheckpointDurability() {
    TileLog.Options three = new TileLog.Options(16, Duration.ofMillis(3), 100);
    assertThat(three.durability()).isEqualTo(TileLog.Durability.CHECKPOINT);
    assertThat(TileLog.Options.defaults().durability()).isEqualTo(TileLog.Durability.CHECKPOINT);
    TileLog.Options journal = three.withDurability(TileLog.Durability.JOURNAL);
    assertThat(journal)
        .isEqualTo(new TileLog.Options(16, Duration.ofMillis(3), 100, TileLog.Durability.JOURNAL));
    assertThat(journal.withMaxBatchEntries(8).durability()).isEqualTo(TileLog.Durability.JOURNAL);
  }

  @Test
  @Timeout(30)
  void journal_publisherDyingOfAnError_failsTheLogClosed_insteadOfHanging() throws Exception {
    TileStore.Faults outOfMemory =
        stage -> {
          if (stage == TileStore.Stage.TILES_WRITTEN) {
            throw new OutOfMemoryError("simulated");
          }
        };
    TileLog.Options opts = options(TileLog.Durability.JOURNAL);
    try (TileLog log = TileLog.open(dir, SIGNER, opts, outOfMemory)) {
      // Journaled (so acknowledged), then its publication fails.
      assertThat(log.append(new byte[] {1}).get(10, TimeUnit.SECONDS)).isZero();
      assertThatThrownBy(() -> log.published(1).get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(TlogException.class);
      assertThatThrownBy(() -> log.append(new byte[] {2}).get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOfSatisfying(
              TlogException.class, e -> assertThat(e.code()).isEqualTo(TlogException.Code.IO));
    }
  }

  @Test
  @Timeout(30)
  void journal_aBacklogOfAWholePublication_isPublishedWithoutWaitingOutTheInterval()
      throws Exception {
    CountDownLatch inFirst = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TileStore.Faults holdFirstPublication =
        stage -> {
          if (stage == TileStore.Stage.TILES_WRITTEN && inFirst.getCount() > 0) {
            inFirst.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    TileLog.Options opts =
        options(TileLog.Durability.JOURNAL).withPublishInterval(Duration.ofSeconds(10));
    try (TileLog log = TileLog.open(dir, SIGNER, opts, holdFirstPublication)) {
      log.append(new byte[] {0}).join();
      assertThat(inFirst.await(5, TimeUnit.SECONDS)).isTrue();
      List<CompletableFuture<Long>> appended = new ArrayList<>();
      for (int i = 0; i < Sequencer.MAX_PUBLICATION + 100; i++) {
        appended.add(log.append(new byte[] {(byte) i, (byte) (i >> 8)}));
        if (appended.size() % 1_000 == 0) {
          appended.getLast().join(); // stays under the pending limit
        }
      }
      CompletableFuture.allOf(appended.toArray(CompletableFuture[]::new)).join();
      release.countDown();
      // The first publication, then at once a second of MAX_PUBLICATION entries: well within the
      // 10 s interval. The rest waits for the interval.
      Checkpoint cp = log.published(Sequencer.MAX_PUBLICATION).get(5, TimeUnit.SECONDS);
      assertThat(cp.size()).isLessThan(Sequencer.MAX_PUBLICATION + 101L);
    }
  }

  static TileLog.Options options(TileLog.Durability d) {
    return TileLog.Options.defaults().withDurability(d);
  }

  private List<Integer> partialWidths(String partialDir) throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve(partialDir))) {
      return files.map(p -> Integer.parseInt(p.getFileName().toString())).toList();
    }
  }

  static void assertFailsWith(CompletableFuture<?> future, TlogException.Code code) {
    assertThatThrownBy(future::join)
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(TlogException.class, e -> assertThat(e.code()).isEqualTo(code));
  }
}
