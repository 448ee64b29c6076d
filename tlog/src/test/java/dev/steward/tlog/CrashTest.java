package dev.steward.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM (SIGKILL) at random moments while it appends from several threads, then reopens
 * its log: the log audits clean and holds every entry the child reported acknowledged. The runs
 * alternate durability modes on one directory, starting with {@link TileLog.Durability#JOURNAL}, so
 * a checkpoint-mode child also opens a log a journal-mode one left behind.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CrashTest {
  private static final int RUNS = 5;

  @TempDir Path dir;

  @Test
  void killedAtRandomMoments_recoversWithEveryAcknowledgedAppend() throws Exception {
    long seed = new Random().nextLong();
    Random random = new Random(seed);
    NoteVerifier key = NoteVerifier.parse(TestData.TESSERA_VERIFIER);
    Map<Long, String> acknowledged = new ConcurrentHashMap<>();
    for (int run = 0; run < RUNS; run++) {
      int r = run;
      int killAfter = 1 + random.nextInt(300);
      TileLog.Durability mode =
          run % 2 == 0 ? TileLog.Durability.JOURNAL : TileLog.Durability.CHECKPOINT;
      Path stderr = dir.resolveSibling(dir.getFileName() + "-child-" + run + ".err");
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-XX:TieredStopAtLevel=1",
                  "-XX:+UseSerialGC",
                  "-cp",
                  System.getProperty("java.class.path"),
                  CrashChild.class.getName(),
                  dir.toString(),
                  "r" + run,
                  "8",
                  mode.name())
              .redirectError(stderr.toFile())
              .start();
      CountDownLatch opened = new CountDownLatch(1);
      CountDownLatch enough = new CountDownLatch(1);
      AtomicInteger acks = new AtomicInteger();
      Thread reader =
          Thread.ofPlatform()
              .start(() -> readAcks(child, acknowledged, acks, killAfter, opened, enough));
      try {
        assertThat(opened.await(30, TimeUnit.SECONDS))
            .as("child opened the log (seed %d, stderr %s)", seed, stderr)
            .isTrue();
        if (run == 0) {
          assertThatThrownBy(() -> TileLog.open(dir, NoteSigner.parse(TestData.TESSERA_SIGNER)))
              .isInstanceOfSatisfying(
                  TlogException.class,
                  e -> assertThat(e.code()).isEqualTo(TlogException.Code.LOCKED));
        }
        assertThat(enough.await(30, TimeUnit.SECONDS))
            .as("child acknowledged %d appends (seed %d, stderr %s)", killAfter, seed, stderr)
            .isTrue();
      } finally {
        child.destroyForcibly();
        child.waitFor();
        reader.join();
      }

      List<byte[]> published = LogAudit.verify(dir, key, true);
      TileLog.Options options = TileLog.Options.defaults().withDurability(mode);
      try (TileLog log = TileLog.open(dir, NoteSigner.parse(TestData.TESSERA_SIGNER), options)) {
        if (mode == TileLog.Durability.CHECKPOINT) {
          assertThat(log.size()).isEqualTo(published.size());
        } else {
          assertThat(log.size()).isGreaterThanOrEqualTo(published.size());
        }
        assertThat(log.acceptedSize()).isEqualTo(log.size());
      }
      List<byte[]> audited = LogAudit.verify(dir, key);
      for (int i = 0; i < published.size(); i++) {
        assertThat(audited.get(i))
            .as("published entry %d (seed %d)", i, seed)
            .isEqualTo(published.get(i));
      }
      acknowledged.forEach(
          (index, entry) -> {
            assertThat(index)
                .as("acknowledged index (seed %d, run %d, %s)", seed, r, mode)
                .isLessThan(audited.size());
            assertThat(new String(audited.get(Math.toIntExact(index)), StandardCharsets.UTF_8))
                .as("entry %d (seed %d, run %d, %s)", index, seed, r, mode)
                .isEqualTo(entry);
          });
      Files.deleteIfExists(stderr);
    }
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(RUNS);
  }

  private static void readAcks(
      Process child,
      Map<Long, String> acknowledged,
      AtomicInteger acks,
      int killAfter,
      CountDownLatch opened,
      CountDownLatch enough) {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith("open ")) {
          opened.countDown();
        } else if (line.startsWith("ack ")) {
          String[] parts = line.split(" ", 3);
          acknowledged.put(Long.parseLong(parts[1]), parts[2]);
          if (acks.incrementAndGet() >= killAfter) {
            enough.countDown();
          }
        }
      }
    } catch (IOException e) {
      // The child was killed mid-line: every complete line has been read.
    }
  }
}
