package dev.steward.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LogAuditorTest {
  private static final NoteSigner SIGNER = NoteSigner.generate("steward.example/audit-test");

  @TempDir Path dir;

  @Test
  void audit_tesseraLog_passesAndIsConsistentWithEveryEarlierCheckpoint() throws IOException {
    Path log = TestData.path("tessera-log/log");
    NoteVerifier key = NoteVerifier.parse(TestData.TESSERA_VERIFIER);
    List<Checkpoint> earlier = new ArrayList<>();
    for (int n = 0; n <= 15; n++) {
      earlier.add(Checkpoint.verify(Files.readAllBytes(log.resolve("checkpoint." + n)), key));
    }

    LogAuditor.Report r = LogAuditor.of(TileSource.directory(log), key).audit(earlier);

    assertThat(r.checkpoint().size()).isEqualTo(15);
    assertThat(r.bundles()).isEqualTo(1);
    assertThat(r.tiles()).isEqualTo(1);
    assertThat(r.signedNote()).isEqualTo(Files.readString(log.resolve("checkpoint")));
  }

  @Test
  void audit_agreesWithTheReferenceAudit_atTileBoundaries() throws Exception {
    int[] sizes = {0, 1, 2, 255, 256, 257, 511, 512, 700};
    int appended = 0;
    try (TileLog log = TileLog.open(dir, SIGNER)) {
      for (int size : sizes) {
        appended = appendUpTo(log, appended, size);
        LogAuditor.Report r = LogAuditor.of(TileSource.of(log), SIGNER.verifier()).audit();
        LogAuditor.Report fromDisk =
            LogAuditor.of(TileSource.directory(dir), SIGNER.verifier()).audit();

        assertThat(r.checkpoint().size()).isEqualTo(size);
        assertThat(fromDisk.checkpoint()).isEqualTo(r.checkpoint());
        assertThat(LogAudit.verify(dir, SIGNER.verifier())).hasSize(size);
        assertThat(r.bundles()).isEqualTo((size + 255) / 256);
      }
    }
  }

  @Test
  void audit_levelTwoTree_checksTheTopTile() throws Exception {
    int size = 65_536 + 300;
    try (TileLog log = TileLog.open(dir, SIGNER)) {
      appendUpTo(log, 0, size);
    }

    LogAuditor.Report r = LogAuditor.of(TileSource.directory(dir), SIGNER.verifier()).audit();

    // level 0: 257 full and one of width 44; level 1: one full, one of width 1; level 2: width 1
    assertThat(r.tiles()).isEqualTo(258 + 2 + 1);
    assertThat(r.checkpoint().size()).isEqualTo(size);
  }

  @Test
  void audit_anyFlippedByteOfACoveredTileOrBundle_fails() throws Exception {
    try (TileLog log = TileLog.open(dir, SIGNER)) {
      appendUpTo(log, 0, 600);
    }
    Random random = new Random(7);
    List<Path> covered = coveredFiles(dir, 600);
    assertThat(covered)
        .hasSize(3 + 3 + 1); // bundles 0, 1, 2.p/88; tiles 0/0, 0/1, 0/2.p/88, 1/0.p/2

    for (Path f : covered) {
      byte[] original = Files.readAllBytes(f);
      for (int trial = 0; trial < 5; trial++) {
        byte[] bad = original.clone();
        bad[random.nextInt(bad.length)] ^= (byte) (1 << random.nextInt(8));
        Files.write(f, bad);

        assertThatThrownBy(
                () -> LogAuditor.of(TileSource.directory(dir), SIGNER.verifier()).audit(),
                dir.relativize(f).toString())
            .isInstanceOf(TlogException.class)
            .satisfies(
                e ->
                    assertThat(((TlogException) e).code())
                        .isIn(TlogException.Code.CORRUPT, TlogException.Code.MALFORMED));
      }
      Files.write(f, original);
    }
    LogAuditor.of(TileSource.directory(dir), SIGNER.verifier()).audit();
  }

  @Test
  void audit_changedEntry_namesTheTileAndTheEntry() throws Exception {
    try (TileLog log = TileLog.open(dir, SIGNER)) {
      appendUpTo(log, 0, 10);
    }
    Path bundle = dir.resolve("tile/entries/000.p/10");
    byte[] b = Files.readAllBytes(bundle);
    b[b.length - 1] ^= 1; // last byte of entry 9
    Files.write(bundle, b);

    assertThatThrownBy(() -> LogAuditor.of(TileSource.directory(dir), SIGNER.verifier()).audit())
        .isInstanceOf(TlogException.class)
        .hasMessageContaining("tile/0/000.p/10: hash 9")
        .hasMessageContaining("entry 9");
  }

  @Test
  void audit_missingTile_failsCorrupt() throws Exception {
    try (TileLog log = TileLog.open(dir, SIGNER)) {
      appendUpTo(log, 0, 300);
    }
    Files.delete(dir.resolve("tile/0/000"));

    assertThatThrownBy(() -> LogAuditor.of(TileSource.directory(dir), SIGNER.verifier()).audit())
        .isInstanceOf(TlogException.class)
        .hasMessageContaining("tile/0/000: missing")
        .satisfies(
            e -> assertThat(((TlogException) e).code()).isEqualTo(TlogException.Code.CORRUPT));
  }

  @Test
  void audit_wrongKey_rejectsTheCheckpoint() throws Exception {
    try (TileLog log = TileLog.open(dir, SIGNER)) {
      appendUpTo(log, 0, 3);
    }
    NoteVerifier other = NoteSigner.generate(SIGNER.name()).verifier();

    assertThatThrownBy(() -> LogAuditor.of(TileSource.directory(dir), other).audit())
        .isInstanceOf(TlogException.class)
        .satisfies(
            e ->
                assertThat(((TlogException) e).code())
                    .isEqualTo(TlogException.Code.NO_TRUSTED_SIGNATURE));
  }

  @Test
  void audit_partialTilesGone_fallsBackToFullTiles() throws Exception {
    byte[] older;
    try (TileLog log = TileLog.open(dir, SIGNER)) {
      appendUpTo(log, 0, 300);
      older = log.checkpoint();
      appendUpTo(log, 300, 600);
    }
    assertThat(dir.resolve("tile/0/001.p")).doesNotExist();
    TileSource disk = TileSource.directory(dir);
    TileSource lagging =
        path -> path.equals(TileSource.CHECKPOINT) ? Optional.of(older) : disk.read(path);

    LogAuditor.Report r = LogAuditor.of(lagging, SIGNER.verifier()).audit();

    assertThat(r.checkpoint().size()).isEqualTo(300);
  }

  @Test
  void audit_earlierCheckpointOfAFork_isInconsistent() throws Exception {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    List<Checkpoint> seenOfA = new ArrayList<>();
    try (TileLog log = TileLog.open(a, SIGNER)) {
      for (int i = 0; i < 10; i++) {
        log.append(ReferenceMerkle.entry(i)).join();
        seenOfA.add(log.treeHead());
      }
    }
    try (TileLog log = TileLog.open(b, SIGNER)) {
      for (int i = 0; i < 12; i++) {
        log.append(ReferenceMerkle.entry(i == 6 ? 1000 : i)).join();
      }
    }
    LogAuditor auditB = LogAuditor.of(TileSource.directory(b), SIGNER.verifier());

    assertThat(auditB.audit(seenOfA.subList(0, 6)).checkpoint().size()).isEqualTo(12);
    assertThatThrownBy(() -> auditB.audit(List.of(seenOfA.get(6))))
        .isInstanceOf(TlogException.class)
        .hasMessageContaining("tree at size 7")
        .hasMessageContaining("forked")
        .satisfies(
            e -> assertThat(((TlogException) e).code()).isEqualTo(TlogException.Code.INCONSISTENT));
  }

  @Test
  void audit_earlierCheckpointLarger_isARollback() throws Exception {
    Checkpoint seen;
    try (TileLog log = TileLog.open(dir, SIGNER)) {
      appendUpTo(log, 0, 5);
      seen = Checkpoint.of(SIGNER.name(), 9, Merkle.emptyRoot());
    }

    assertThatThrownBy(
            () -> LogAuditor.of(TileSource.directory(dir), SIGNER.verifier()).audit(List.of(seen)))
        .isInstanceOf(TlogException.class)
        .hasMessageContaining("checkpoint size: 5 (expected: at least 9")
        .satisfies(
            e -> assertThat(((TlogException) e).code()).isEqualTo(TlogException.Code.INCONSISTENT));
  }

  @Test
  void audit_overHttp_withGzipAndNotFound() throws Exception {
    try (TileLog log = TileLog.open(dir, SIGNER)) {
      appendUpTo(log, 0, 260);
    }
    AtomicInteger requests = new AtomicInteger();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/log/",
        exchange -> {
          requests.incrementAndGet();
          String rel = exchange.getRequestURI().getPath().substring("/log/".length());
          byte[] body;
          try {
            body = Files.readAllBytes(dir.resolve(rel));
          } catch (NoSuchFileException e) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
          }
          if (rel.startsWith("tile/entries/")) {
            ByteArrayOutputStream z = new ByteArrayOutputStream();
            try (OutputStream gz = new GZIPOutputStream(z)) {
              gz.write(body);
            }
            body = z.toByteArray();
            exchange.getResponseHeaders().add("Content-Encoding", "gzip");
          }
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    try {
      URI prefix = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/log");
      LogAuditor.Report r = LogAuditor.of(TileSource.http(prefix), SIGNER.verifier()).audit();

      assertThat(r.checkpoint().size()).isEqualTo(260);
      assertThat(requests.get()).isEqualTo(1 + 2 + 3);
      assertThat(TileSource.http(prefix).read("tile/9/000")).isEmpty();
    } finally {
      server.stop(0);
    }
  }

  static int appendUpTo(TileLog log, int from, int to) {
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    for (int i = from; i < to; i++) {
      futures.add(log.append(ReferenceMerkle.entry(i)));
    }
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
    return to;
  }

  /** The tile and bundle files the checkpoint of {@code size} covers (not older partial tiles). */
  private static List<Path> coveredFiles(Path dir, long size) throws IOException {
    try (Stream<Path> files = Files.walk(dir.resolve("tile"))) {
      return files
          .filter(Files::isRegularFile)
          .filter(
              f -> {
                TilePath p = TilePath.parse(dir.relativize(f).toString());
                long count = size >>> (8 * p.level());
                return p.partial()
                    ? p.index() == count >>> 8 && p.width() == (count & 0xff)
                    : p.index() < count >>> 8;
              })
          .sorted()
          .toList();
    }
  }
}
