package dev.steward.tlog;

import static dev.steward.tlog.TileLogTest.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link TileLog.Durability#JOURNAL} mode: appends are acknowledged once journaled and published
 * afterwards; a crash or failure at each new stage (journal write, journal force, each step of the
 * publication, the replay at open) loses nothing acknowledged, and a journal record is replayed
 * only if it is whole, of the current epoch and continues the checkpoint.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JournalTest {
  private static final NoteSigner SIGNER = NoteSigner.generate("steward.example/journal");
  private static final int COMMITTED = 250;
  private static final int BATCH = 20;
  private static final long REGION = Journal.MIN_REGION_BYTES;

  @TempDir Path dir;

  @Test
  void append_isAcknowledgedOnceJournaled_andReadableOncePublished() throws Exception {
    CountDownLatch inPublication = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TileStore.Faults blockFirstPublication =
        stage -> {
          if (stage == TileStore.Stage.TILES_WRITTEN && inPublication.getCount() > 0) {
            inPublication.countDown();
            await(release);
          }
        };
    try (TileLog log = TileLog.open(dir, SIGNER, journal(), blockFirstPublication)) {
      assertThat(log.append(ReferenceMerkle.entry(0)).join()).isZero();
      assertThat(inPublication.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(log.acceptedSize()).isEqualTo(1);
      assertThat(log.size()).isZero();
      CompletableFuture<Checkpoint> published = log.published(1);
      assertThat(published).isNotDone();
      assertThat(log.read("tile/entries/000.p/1")).isEmpty();
      assertThatThrownBy(() -> log.entry(0))
          .isInstanceOfSatisfying(
              TlogException.class,
              e -> assertThat(e.code()).isEqualTo(TlogException.Code.OUT_OF_RANGE));
      assertThat(Checkpoint.verify(log.checkpoint(), SIGNER.verifier()).size()).isZero();

      release.countDown();
      Checkpoint cp = published.get(10, TimeUnit.SECONDS);
      assertThat(cp.size()).isEqualTo(1);
      assertThat(log.treeHead()).isEqualTo(cp);
      assertThat(log.entry(0)).isEqualTo(ReferenceMerkle.entry(0));
      ProofVerifier.verifyInclusion(
          Merkle.leafHash(ReferenceMerkle.entry(0)), 0, 1, log.inclusionProof(0, 1), cp.root());
      assertThat(log.published(0)).isCompletedWithValueMatching(c -> c.size() == 1);
    }
  }

  @Test
  void publishInterval_spacesPublications_butAcknowledgesAtOnce_andCloseDoesNotWait()
      throws Exception {
    Duration interval = Duration.ofMillis(300);
    try (TileLog log = TileLog.open(dir, SIGNER, journal().withPublishInterval(interval))) {
      log.append(ReferenceMerkle.entry(0)).join();
      log.published(1).get(10, TimeUnit.SECONDS);
      long start = System.nanoTime();
      assertThat(log.append(ReferenceMerkle.entry(1)).get(10, TimeUnit.SECONDS)).isEqualTo(1);
      long acknowledged = System.nanoTime() - start;
      log.published(2).get(10, TimeUnit.SECONDS);
      long published = System.nanoTime() - start;
      assertThat(Duration.ofNanos(acknowledged)).isLessThan(Duration.ofMillis(150));
      // The second publication began at least the interval after the first one began.
      assertThat(Duration.ofNanos(published)).isGreaterThan(Duration.ofMillis(150));
      log.append(ReferenceMerkle.entry(2)).join();
      long closing = System.nanoTime();
      log.close();
      assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(interval);
    }
    try (TileLog reopened = TileLog.open(dir, SIGNER, journal())) {
      assertThat(reopened.size()).isEqualTo(3);
    }
  }

  @Test
  void published_outsideTheAcceptedEntries_failsWithOutOfRange() {
    try (TileLog log = TileLog.open(dir, SIGNER, journal())) {
      assertThat(log.published(0)).isCompletedWithValueMatching(c -> c.size() == 0);
      assertFailsWith(log.published(1), TlogException.Code.OUT_OF_RANGE);
      assertFailsWith(log.published(-1), TlogException.Code.OUT_OF_RANGE);
      log.append(new byte[] {1}).join();
      assertThat(log.published(1).join().size()).isEqualTo(1);
      assertFailsWith(log.published(2), TlogException.Code.OUT_OF_RANGE);
    }
  }

  @Test
  void publication_coalescesTheBatchesJournaledMeanwhile() throws Exception {
    CountDownLatch inPublication = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger journaled = new AtomicInteger();
    AtomicInteger published = new AtomicInteger();
    TileStore.Faults faults =
        stage -> {
          switch (stage) {
            case JOURNAL_SYNCED -> {
              if (journaled.incrementAndGet() == 2) {
                await(inPublication); // the first publication holds the first batch only
              }
            }
            case TILES_SYNCED -> published.incrementAndGet();
            case TILES_WRITTEN -> {
              if (inPublication.getCount() > 0) {
                inPublication.countDown();
                await(release);
              }
            }
            default -> {}
          }
        };
    try (TileLog log = TileLog.open(dir, SIGNER, journal().withMaxBatchEntries(10), faults)) {
      List<CompletableFuture<Long>> futures = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        futures.add(log.append(ReferenceMerkle.entry(i)));
      }
      for (int i = 0; i < 100; i++) {
        assertThat(futures.get(i).join()).isEqualTo(i);
      }
      assertThat(inPublication.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(log.size()).isZero();
      release.countDown();
      assertThat(log.published(100).get(10, TimeUnit.SECONDS).size()).isEqualTo(100);
    }
    assertThat(journaled.get()).isGreaterThanOrEqualTo(10);
    assertThat(published.get()).isEqualTo(2);
    assertThat(partialWidths()).hasSize(2).contains(100);
    assertEntries(LogAudit.verify(dir, SIGNER.verifier()), 100);
  }

  @Test
  void fullRegion_movesToTheOther_waitingForItsEntriesToBePublished() throws Exception {
    int n = 600;
    CountDownLatch full = new CountDownLatch(1);
    TileStore.Faults faults =
        stage -> {
          if (stage == TileStore.Stage.JOURNAL_FULL) {
            full.countDown();
          } else if (stage == TileStore.Stage.TILES_WRITTEN) {
            await(full); // the first publication waits until both regions have filled up
          }
        };
    try (TileLog log = TileLog.open(dir, SIGNER, journal().withMaxBatchEntries(4), faults, REGION);
        ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<CompletableFuture<CompletableFuture<Long>>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int entry = i;
        futures.add(CompletableFuture.supplyAsync(() -> log.append(large(entry)), pool));
      }
      Map<Long, Integer> indexes = new ConcurrentHashMap<>();
      for (int i = 0; i < n; i++) {
        indexes.put(futures.get(i).join().join(), i);
      }
      log.published(n).join();
      for (Map.Entry<Long, Integer> e : indexes.entrySet()) {
        assertThat(log.entry(e.getKey())).isEqualTo(large(e.getValue()));
      }
    }
    assertThat(full.getCount()).isZero();
    assertThat(LogAudit.verify(dir, SIGNER.verifier())).hasSize(n);
    List<JournalCodec.Record> kept = Journal.records(dir.resolve(Journal.FILE));
    assertThat(kept.stream().mapToInt(r -> r.entries().size()).sum())
        .as("entries still in the journal, overwritten since")
        .isPositive()
        .isLessThan(n / 2);
    assertThat(Files.size(dir.resolve(Journal.FILE)))
        .isLessThanOrEqualTo(Journal.HEADER_BLOCK + 2 * REGION);
  }

  @Test
  void unpublishedEntriesInBothRegions_arePublishedAtReopen() throws Exception {
    CountDownLatch full = new CountDownLatch(1);
    TileStore.Faults faults =
        stage -> {
          if (stage == TileStore.Stage.JOURNAL_FULL) {
            full.countDown();
          } else if (stage == TileStore.Stage.TILES_WRITTEN) {
            await(full);
            throw new IOException("simulated crash in the first publication");
          }
        };
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    TileLog log = TileLog.open(dir, SIGNER, journal().withMaxBatchEntries(4), faults, REGION);
    for (int i = 0; i < 400; i++) {
      futures.add(log.append(large(i)));
    }
    log.close();
    int acknowledged = 0;
    while (acknowledged < futures.size() && !futures.get(acknowledged).isCompletedExceptionally()) {
      assertThat(futures.get(acknowledged).join()).isEqualTo(acknowledged);
      acknowledged++;
    }
    for (CompletableFuture<Long> f : futures.subList(acknowledged, futures.size())) {
      assertFailsWith(f, TlogException.Code.IO);
    }
    assertThat(log.size()).isZero();
    assertThat(acknowledged).as("two regions' worth").isGreaterThan(200).isLessThan(400);
    List<JournalCodec.Record> kept = Journal.records(dir.resolve(Journal.FILE));
    assertThat(kept.get(0).first()).isZero();
    assertThat(kept.stream().mapToLong(JournalCodec.Record::end).max()).hasValue(acknowledged);

    try (TileLog reopened = TileLog.open(dir, SIGNER)) {
      assertThat(reopened.size()).isEqualTo(acknowledged);
      for (int i = 0; i < acknowledged; i++) {
        assertThat(reopened.entry(i)).isEqualTo(large(i));
      }
    }
    assertThat(LogAudit.verify(dir, SIGNER.verifier())).hasSize(acknowledged);
  }

  /** A 1,000-byte entry: {@link ReferenceMerkle#entry} and padding. */
  private static byte[] large(int i) {
    byte[] e = Arrays.copyOf(ReferenceMerkle.entry(i), 1000);
    Arrays.fill(e, ReferenceMerkle.entry(i).length, e.length, (byte) i);
    return e;
  }

  @ParameterizedTest
  @EnumSource(
      value = TileStore.Stage.class,
      names = {"JOURNAL_WRITTEN", "JOURNAL_SYNCED"})
  void crashBeforeAcknowledgement_wholeRecord_isPublishedAtReopen(TileStore.Stage stage)
      throws IOException {
    seed();
    crashNextBatchAt(stage, false);
    assertThat(Journal.entriesBeyond(dir, COMMITTED)).hasSize(BATCH);
    try (TileLog log = TileLog.open(dir, SIGNER, journal())) {
      assertThat(log.size()).isEqualTo(COMMITTED + BATCH);
      assertGrows(log, COMMITTED + BATCH);
    }
    assertEntries(LogAudit.verify(dir, SIGNER.verifier()), COMMITTED + BATCH + 30);
  }

  @Test
  void crashBeforeAcknowledgement_tornRecord_isDiscarded() throws IOException {
    seed();
    crashNextBatchAt(TileStore.Stage.JOURNAL_WRITTEN, false);
    overwrite(dir.resolve(Journal.FILE), Journal.HEADER_BLOCK + 60, new byte[20]);
    assertThat(Journal.entriesBeyond(dir, COMMITTED)).isEmpty();
    try (TileLog log = TileLog.open(dir, SIGNER, journal())) {
      assertThat(log.size()).isEqualTo(COMMITTED);
      assertGrows(log, COMMITTED);
    }
    assertEntries(LogAudit.verify(dir, SIGNER.verifier()), COMMITTED + 30);
  }

  @ParameterizedTest
  @EnumSource(
      value = TileStore.Stage.class,
      mode = EnumSource.Mode.MATCH_NONE,
      names = "JOURNAL_.*")
  void failedPublication_stopsTheLog_andAcknowledgedEntriesArePublishedAtReopen(
      TileStore.Stage stage) throws IOException {
    seed();
    crashNextBatchAt(stage, true);
    assertThat(LogAudit.verify(dir, SIGNER.verifier(), true))
        .hasSize(stage == TileStore.Stage.CHECKPOINT_RENAMED ? COMMITTED + BATCH : COMMITTED);
    try (TileLog log = TileLog.open(dir, SIGNER)) {
      assertThat(log.size()).isEqualTo(COMMITTED + BATCH);
      assertThat(dir.resolve(Journal.FILE))
          .as("a checkpoint-mode open deletes the journal")
          .doesNotExist();
      assertGrows(log, COMMITTED + BATCH);
    }
    assertEntries(LogAudit.verify(dir, SIGNER.verifier()), COMMITTED + BATCH + 30);
  }

  @ParameterizedTest
  @EnumSource(
      value = TileStore.Stage.class,
      mode = EnumSource.Mode.MATCH_NONE,
      names = "JOURNAL_.*")
  void crashWhileReplayingAtOpen_isRecoveredByTheNextOpen(TileStore.Stage stage)
      throws IOException {
    seed();
    crashNextBatchAt(TileStore.Stage.TILES_WRITTEN, true);
    TileStore.Faults crash = crashAt(stage);
    assertThatThrownBy(() -> TileLog.open(dir, SIGNER, journal(), crash))
        .isInstanceOfSatisfying(
            TlogException.class, e -> assertThat(e.code()).isEqualTo(TlogException.Code.IO));
    try (TileLog log = TileLog.open(dir, SIGNER, journal())) {
      assertThat(log.size()).isEqualTo(COMMITTED + BATCH);
      assertGrows(log, COMMITTED + BATCH);
    }
    assertEntries(LogAudit.verify(dir, SIGNER.verifier()), COMMITTED + BATCH + 30);
  }

  @Test
  void recordOverlappingTheCheckpoint_continuesTheLog() throws IOException {
    seed();
    writeJournal(JournalCodec.encode(7, COMMITTED - 10, entries(COMMITTED - 10, 20)));
    try (TileLog log = TileLog.open(dir, SIGNER, journal())) {
      assertThat(log.size()).isEqualTo(COMMITTED + 10);
      assertGrows(log, COMMITTED + 10);
    }
    assertEntries(LogAudit.verify(dir, SIGNER.verifier()), COMMITTED + 40);
  }

  @Test
  void recordBeyondTheCheckpoint_failsOpenWithCorrupt() throws IOException {
    seed();
    writeJournal(JournalCodec.encode(7, COMMITTED + 1, entries(COMMITTED + 1, 5)));
    for (TileLog.Durability d : TileLog.Durability.values()) {
      assertThatThrownBy(() -> TileLog.open(dir, SIGNER, TileLogTest.options(d)))
          .isInstanceOfSatisfying(
              TlogException.class, e -> assertThat(e.code()).isEqualTo(TlogException.Code.CORRUPT));
    }
  }

  @Test
  void recordsOfAnotherEpochOrNotContinuing_areStale() throws IOException {
    seed();
    List<byte[]> records = new ArrayList<>();
    records.addAll(JournalCodec.encode(1, COMMITTED, entries(COMMITTED, 5)));
    records.addAll(JournalCodec.encode(2, COMMITTED + 5, entries(COMMITTED + 5, 5)));
    writeJournal(records);
    assertThat(Journal.entriesBeyond(dir, COMMITTED)).hasSize(5);

    records.set(1, JournalCodec.encode(1, COMMITTED + 6, entries(COMMITTED + 6, 5)).get(0));
    writeJournal(records);
    assertThat(Journal.entriesBeyond(dir, COMMITTED)).hasSize(5);

    records.set(1, JournalCodec.encode(1, COMMITTED + 5, entries(COMMITTED + 5, 5)).get(0));
    writeJournal(records);
    try (TileLog log = TileLog.open(dir, SIGNER, journal())) {
      assertThat(log.size()).isEqualTo(COMMITTED + 10);
    }
    assertEntries(LogAudit.verify(dir, SIGNER.verifier()), COMMITTED + 10);
  }

  private static TileLog.Options journal() {
    return TileLog.Options.defaults().withDurability(TileLog.Durability.JOURNAL);
  }

  /** {@link #COMMITTED} entries, published, in journal mode. */
  private void seed() {
    try (TileLog log = TileLog.open(dir, SIGNER, journal())) {
      List<CompletableFuture<Long>> futures = new ArrayList<>();
      for (int i = 0; i < COMMITTED; i++) {
        futures.add(log.append(ReferenceMerkle.entry(i)));
      }
      futures.forEach(CompletableFuture::join);
    }
  }

  /**
   * One batch of {@link #BATCH} entries failing at {@code stage}: before its acknowledgement (the
   * appends fail), or in its publication ({@code acknowledged}: the appends succeed, their
   * publication fails); either way the log refuses further appends.
   */
  private void crashNextBatchAt(TileStore.Stage stage, boolean acknowledged) {
    TileLog.Options oneBatch =
        journal().withMaxBatchEntries(BATCH).withMaxBatchWait(Duration.ofSeconds(1));
    TileLog log = TileLog.open(dir, SIGNER, oneBatch, crashAt(stage));
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      futures.add(log.append(ReferenceMerkle.entry(COMMITTED + i)));
    }
    if (acknowledged) {
      for (int i = 0; i < BATCH; i++) {
        assertThat(futures.get(i).join()).isEqualTo(COMMITTED + i);
      }
      assertFailsWith(log.published(COMMITTED + BATCH), TlogException.Code.IO);
    } else {
      for (CompletableFuture<Long> f : futures) {
        assertFailsWith(f, TlogException.Code.IO);
      }
    }
    assertFailsWith(log.append(new byte[1]), TlogException.Code.IO);
    log.close();
    assertThat(log.size()).isEqualTo(COMMITTED);
  }

  private static TileStore.Faults crashAt(TileStore.Stage stage) {
    return s -> {
      if (s == stage) {
        throw new IOException("simulated crash at " + s);
      }
    };
  }

  /** Appends 30 more entries, which get the next indexes. */
  private static void assertGrows(TileLog log, int size) {
    List<CompletableFuture<Long>> more = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      more.add(log.append(ReferenceMerkle.entry(size + i)));
    }
    assertThat(more.get(29).join()).isEqualTo(size + 29);
    assertThat(log.published(size + 30).join().size()).isEqualTo(size + 30);
  }

  /** A journal with regions of {@link #REGION} bytes holding {@code records} in region 0. */
  private void writeJournal(List<byte[]> records) throws IOException {
    writeJournal(dir, records);
  }

  static void writeJournal(Path dir, List<byte[]> records) throws IOException {
    Journal.open(dir, REGION, TileStore.Faults.NONE).close();
    long at = Journal.HEADER_BLOCK;
    for (byte[] r : records) {
      overwrite(dir.resolve(Journal.FILE), at, r);
      at += r.length;
    }
    overwrite(dir.resolve(Journal.FILE), at, new byte[JournalCodec.HEADER_BYTES]);
  }

  static void overwrite(Path file, long at, byte[] data) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(data);
      long pos = at;
      while (b.hasRemaining()) {
        pos += ch.write(b, pos);
      }
    }
  }

  private static List<byte[]> entries(long first, int n) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(ReferenceMerkle.entry(first + i));
    }
    return out;
  }

  private List<Integer> partialWidths() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("tile/0/000.p"))) {
      return files.map(p -> Integer.parseInt(p.getFileName().toString())).toList();
    }
  }

  private static void assertEntries(List<byte[]> entries, int size) {
    assertThat(entries).hasSize(size);
    for (int i = 0; i < size; i++) {
      assertThat(entries.get(i)).isEqualTo(ReferenceMerkle.entry(i));
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
