package dev.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.steward.tlog.Checkpoint;
import dev.steward.tlog.Hash;
import dev.steward.tlog.LogReader;
import dev.steward.tlog.Merkle;
import dev.steward.tlog.NoteSigner;
import dev.steward.tlog.NoteVerifier;
import dev.steward.tlog.ProofVerifier;
import dev.steward.tlog.Receipt;
import dev.steward.tlog.ReceiptCodec;
import dev.steward.tlog.TileSource;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code steward log} and {@code steward receipt}, run in-process on real log directories. */
class LogCommandTest {
  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private Run run(String... args) {
    return runWithStdin(new byte[0], args);
  }

  private Run runWithStdin(byte[] stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    InputStream original = System.in;
    System.setIn(new ByteArrayInputStream(stdin));
    try {
      int code =
          Main.run(
              args,
              new PrintWriter(out, true),
              new PrintWriter(err, true),
              Map.of(
                  "STEWARD_DATA_DIR", dir.resolve("data").toString(),
                  "XDG_STATE_HOME", dir.resolve("state").toString()));
      return new Run(code, out.toString(), err.toString());
    } finally {
      System.setIn(original);
    }
  }

  /** A new key for {@code origin}: the key file and the verifier key string. */
  private record Key(Path file, String verifier) {}

  private Key keygen(String origin) {
    Path file = dir.resolve(origin.replace('/', '_') + ".key");
    Run r = run("log", "keygen", origin, "--out", file.toString());
    assertThat(r.code()).as(r.err()).isZero();
    return new Key(file, r.out().strip());
  }

  private Run append(Path log, Key key, String lines) {
    return runWithStdin(
        lines.getBytes(StandardCharsets.UTF_8),
        "log",
        "append",
        log.toString(),
        "--signer-key",
        key.file().toString());
  }

  private static String lines(int from, int to) {
    return IntStream.range(from, to)
        .mapToObj(i -> "entry " + i + "\n")
        .collect(Collectors.joining());
  }

  private Run verify(String log, Key key) {
    return run("log", "verify", log, "--key", key.verifier());
  }

  private Run verify(Path log, Key key, Path state) {
    return run(
        "log", "verify", log.toString(), "--key", key.verifier(), "--state", state.toString());
  }

  @Test
  void keygen_writesAnOwnerOnlyKeyOnce_andPrintsTheVerifierKey() throws Exception {
    Path file = dir.resolve("k.key");

    Run r = run("log", "keygen", "example.gov.uk/ai-log", "--out", file.toString());

    assertThat(r.code()).isZero();
    String skey = Files.readString(file).strip();
    NoteSigner signer = NoteSigner.parse(skey);
    assertThat(skey).startsWith("PRIVATE+KEY+example.gov.uk/ai-log+");
    assertThat(r.out().strip()).isEqualTo(signer.verifier().toString());
    assertThat(r.out()).doesNotContain("PRIVATE");
    assertThat(r.err()).doesNotContain("PRIVATE");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");

    Run again = run("log", "keygen", "example.gov.uk/ai-log", "--out", file.toString());
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("exists");
    assertThat(Files.readString(file).strip()).isEqualTo(skey);
  }

  @Test
  void keygen_invalidOrigin_isAUsageError() {
    Run r = run("log", "keygen", "has space", "--out", dir.resolve("x.key").toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("ORIGIN: 'has space' (expected:");
    assertThat(dir.resolve("x.key")).doesNotExist();
  }

  @Test
  void appendVerify_thenTamperedTileOrBundle_fails() throws Exception {
    Key key = keygen("example.gov.uk/cli-test");
    Path log = dir.resolve("log");

    Run appended = append(log, key, lines(0, 300));
    assertThat(appended.code()).as(appended.err()).isZero();
    assertThat(appended.out().lines().toList())
        .containsExactlyElementsOf(IntStream.range(0, 300).mapToObj(Integer::toString).toList());
    assertThat(appended.err()).contains("appended 300 entries").contains("holds 300");

    Run ok = verify(log.toString(), key);
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("ok: example.gov.uk/cli-test size 300");

    for (String tile : List.of("tile/0/000", "tile/0/001.p/44", "tile/entries/001.p/44")) {
      Path f = log.resolve(tile);
      byte[] original = Files.readAllBytes(f);
      byte[] bad = original.clone();
      bad[bad.length - 1] ^= 0x01;
      Files.write(f, bad);

      Run failed = verify(log.toString(), key);

      assertThat(failed.code()).as(tile).isEqualTo(1);
      assertThat(failed.err()).contains("verification failed").contains("tile/0/00");
      Files.write(f, original);
    }
    assertThat(verify(log.toString(), key).code()).isZero();
  }

  @Test
  void append_isDurableAcrossRuns_andKeepsEmptyLinesAndTheLastLine() throws Exception {
    Key key = keygen("example.gov.uk/lines");
    Path log = dir.resolve("log");

    assertThat(append(log, key, "a\n\nb").out()).isEqualTo("0\n1\n2\n");
    assertThat(append(log, key, "c\n").out()).isEqualTo("3\n");

    LogReader reader =
        LogReader.latest(TileSource.directory(log), NoteVerifier.parse(key.verifier()));
    assertThat(reader.checkpoint().size()).isEqualTo(4);
    assertThat(reader.entry(1)).isEmpty();
    assertThat(reader.entry(2)).isEqualTo("b".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void append_lineTooLong_failsAfterCommittingTheLinesBeforeIt() {
    Key key = keygen("example.gov.uk/long");
    Path log = dir.resolve("log");

    Run r = append(log, key, "ok\n" + "x".repeat(65_536) + "\nnever\n");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEqualTo("0\n");
    assertThat(r.err()).contains("stdin line 2: longer than 65535 bytes");
    assertThat(verify(log.toString(), key).out()).contains("size 1 ");
  }

  @Test
  void append_wrongKeyForTheLog_fails() {
    Key key = keygen("example.gov.uk/one");
    Key other = keygen("example.gov.uk/two");
    Path log = dir.resolve("log");
    append(log, key, "a\n");

    Run r = append(log, other, "b\n");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("log " + log);
  }

  @Test
  void verify_overHttp() throws Exception {
    Key key = keygen("example.gov.uk/http");
    Path log = dir.resolve("log");
    append(log, key, lines(0, 40));
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/log/",
        exchange -> {
          byte[] body;
          try {
            body =
                Files.readAllBytes(
                    log.resolve(exchange.getRequestURI().getPath().substring("/log/".length())));
          } catch (NoSuchFileException e) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
          }
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();

      Run ok = verify(base + "/log/", key);
      assertThat(ok.code()).as(ok.err()).isZero();
      assertThat(ok.out()).contains("size 40");
      // the same log from the directory shares the state: consistent with what the URL showed
      assertThat(verify(log.toString(), key).out()).contains("consistent with the checkpoint");

      Run missing = verify(base + "/nothing/", key);
      assertThat(missing.code()).isEqualTo(1);
      assertThat(missing.err()).contains("checkpoint: missing");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void verify_forkAgainstTheStateFile_fails_andKeepsTheEvidence() throws Exception {
    Key key = keygen("example.gov.uk/forked");
    Path honest = dir.resolve("honest");
    Path forked = dir.resolve("forked");
    append(honest, key, lines(0, 10));
    append(forked, key, lines(0, 5) + "rewritten history\n" + lines(6, 12));
    Path state = dir.resolve("seen.json");

    Run first = verify(honest, key, state);
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("first verification");
    String remembered = Files.readString(state);

    Run fork = verify(forked, key, state);

    assertThat(fork.code()).isEqualTo(1);
    assertThat(fork.err())
        .contains("tree at size 10")
        .contains("forked")
        .contains(state.toString());
    assertThat(Files.readString(state)).isEqualTo(remembered);
    // a fresh state knows nothing of the honest log, so the fork alone verifies
    assertThat(verify(forked, key, dir.resolve("fresh.json")).code()).isZero();
  }

  @Test
  void verify_rollback_fails() throws Exception {
    Key key = keygen("example.gov.uk/rollback");
    Path small = dir.resolve("small");
    Path big = dir.resolve("big");
    append(small, key, lines(0, 5));
    append(big, key, lines(0, 8));
    assertThat(verify(big.toString(), key).code()).isZero();

    Run r = verify(small.toString(), key);

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("checkpoint size: 5 (expected: at least 8");
    assertThat(dir.resolve("state/steward/seen-checkpoints.json")).exists();
  }

  @Test
  void verify_missingDirectory_exits4_badKey_exits2() {
    Key key = keygen("example.gov.uk/x");

    assertThat(verify(dir.resolve("nope").toString(), key).code()).isEqualTo(4);
    Run bad = run("log", "verify", dir.toString(), "--key", "not-a-key");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--key: 'not-a-key' (expected:");
  }

  @Test
  void proveInclusionAndConsistency_printProofsThatVerify() throws Exception {
    Key key = keygen("example.gov.uk/proofs");
    Path log = dir.resolve("log");
    append(log, key, lines(0, 700));
    NoteVerifier verifier = NoteVerifier.parse(key.verifier());
    Checkpoint head = Checkpoint.verify(Files.readAllBytes(log.resolve("checkpoint")), verifier);

    for (long[] is : new long[][] {{0, 700}, {299, 700}, {699, 700}, {5, 6}, {300, 513}}) {
      Run r =
          run(
              "log",
              "prove",
              "inclusion",
              log.toString(),
              "--index",
              "" + is[0],
              "--size",
              "" + is[1],
              "--key",
              key.verifier());
      assertThat(r.code()).as(r.err()).isZero();
      List<String> out = r.out().lines().toList();
      assertThat(out.subList(0, 2)).containsExactly("index " + is[0], "size " + is[1]);
      Hash leaf = Hash.fromBase64(field(out.get(2), "leaf"));
      Hash root = Hash.fromBase64(field(out.get(3), "root"));
      assertThat(leaf)
          .isEqualTo(Merkle.leafHash(("entry " + is[0]).getBytes(StandardCharsets.UTF_8)));
      ProofVerifier.verifyInclusion(leaf, is[0], is[1], hashes(out.subList(4, out.size())), root);
      if (is[1] == 700) {
        assertThat(root).isEqualTo(head.root());
      }
    }

    Run c = run("log", "prove", "consistency", log.toString(), "--from", "300");
    assertThat(c.code()).as(c.err()).isZero();
    List<String> out = c.out().lines().toList();
    assertThat(out.subList(0, 2)).containsExactly("size1 300", "size2 700");
    Hash root1 = Hash.fromBase64(field(out.get(2), "root1"));
    Hash root2 = Hash.fromBase64(field(out.get(3), "root2"));
    assertThat(root2).isEqualTo(head.root());
    ProofVerifier.verifyConsistency(300, 700, hashes(out.subList(4, out.size())), root1, root2);
    // root1 is the root the inclusion proofs at size 300 lead to
    Run at300 = run("log", "prove", "inclusion", log.toString(), "--index", "7", "--size", "300");
    assertThat(at300.out()).contains("root " + root1.base64());
  }

  @Test
  void proveInclusion_tlogProof_embedsTheSignedCheckpoint() throws Exception {
    Key key = keygen("example.gov.uk/tlog-proof");
    Path log = dir.resolve("log");
    append(log, key, lines(0, 20));

    Run r = run("log", "prove", "inclusion", log.toString(), "--index", "13", "--tlog-proof");

    assertThat(r.code()).as(r.err()).isZero();
    String[] parts = r.out().split("\n\n", 2);
    List<String> head = parts[0].lines().toList();
    assertThat(head.subList(0, 2)).containsExactly("c2sp.org/tlog-proof@v1", "index 13");
    assertThat(parts[1]).isEqualTo(Files.readString(log.resolve("checkpoint")));
    Checkpoint cp =
        Checkpoint.verify(
            parts[1].getBytes(StandardCharsets.UTF_8), NoteVerifier.parse(key.verifier()));
    ProofVerifier.verifyInclusion(
        Merkle.leafHash("entry 13".getBytes(StandardCharsets.UTF_8)),
        13,
        cp.size(),
        hashes(head.subList(2, head.size())),
        cp.root());
  }

  @Test
  void prove_outOfRange_exits4_fromZero_exits2() {
    Key key = keygen("example.gov.uk/range");
    Path log = dir.resolve("log");
    append(log, key, lines(0, 5));

    assertThat(run("log", "prove", "inclusion", log.toString(), "--index", "5").code())
        .isEqualTo(4);
    assertThat(
            run("log", "prove", "inclusion", log.toString(), "--index", "1", "--size", "6").code())
        .isEqualTo(4);
    assertThat(run("log", "prove", "consistency", log.toString(), "--from", "0").code())
        .isEqualTo(2);
    assertThat(
            run("log", "prove", "consistency", log.toString(), "--from", "3", "--to", "9").code())
        .isEqualTo(4);
  }

  @Test
  void prove_tamperedTile_refusesToPrintAProof() throws Exception {
    Key key = keygen("example.gov.uk/tampered-proof");
    Path log = dir.resolve("log");
    append(log, key, lines(0, 300));
    Path tile = log.resolve("tile/0/000");
    byte[] bad = Files.readAllBytes(tile);
    bad[40] ^= 1; // hash 1: the sibling of entry 0
    Files.write(tile, bad);

    Run r = run("log", "prove", "inclusion", log.toString(), "--index", "0");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("do not match its checkpoint");
  }

  @Test
  void show_printsTextOrBase64_andTheLeafHash() throws Exception {
    Key key = keygen("example.gov.uk/show");
    Path log = dir.resolve("log");
    byte[] binary = {(byte) 0xff, 0x00, 0x01};
    byte[] line = "hi \u00e9\n".getBytes(StandardCharsets.UTF_8);
    byte[] stdin = java.util.Arrays.copyOf(line, line.length + 4);
    System.arraycopy(new byte[] {(byte) 0xff, 0x00, 0x01, '\n'}, 0, stdin, line.length, 4);
    Run appended =
        runWithStdin(stdin, "log", "append", log.toString(), "--signer-key", key.file().toString());
    assertThat(appended.code()).as(appended.err()).isZero();

    Run text = run("log", "show", log.toString(), "0");
    assertThat(text.code()).isZero();
    assertThat(text.out())
        .isEqualTo(
            "index 0\nleaf "
                + Merkle.leafHash("hi \u00e9".getBytes(StandardCharsets.UTF_8)).base64()
                + "\ntext hi \u00e9\n");

    Run bin = run("log", "show", log.toString(), "1", "--key", key.verifier());
    assertThat(bin.out())
        .contains("leaf " + Merkle.leafHash(binary).base64())
        .contains("base64 /wAB\n");

    assertThat(run("log", "show", log.toString(), "2").code()).isEqualTo(4);
  }

  @Test
  void receiptVerify_goodTamperedAndPinned() throws Exception {
    Key key = keygen("example.gov.uk/receipts");
    Path log = dir.resolve("log");
    append(log, key, lines(0, 30));
    NoteVerifier verifier = NoteVerifier.parse(key.verifier());
    LogReader reader = LogReader.latest(TileSource.directory(log), verifier);
    Receipt receipt =
        Receipt.of(
            verifier,
            Files.readAllBytes(log.resolve("checkpoint")),
            List.of(
                new Receipt.Entry(4, reader.entry(4), reader.inclusionProof(4, 30)),
                new Receipt.Entry(29, reader.entry(29), reader.inclusionProof(29, 30))));
    Path good = dir.resolve("good.json");
    Files.write(good, ReceiptCodec.encode(receipt));

    Run ok = run("receipt", "verify", good.toString(), "--key", key.verifier());
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out())
        .contains("ok: 2 entries in example.gov.uk/receipts at size 30")
        .contains("index 29 leaf ");
    assertThat(ok.err()).isEmpty();

    Run unpinned = run("receipt", "verify", good.toString());
    assertThat(unpinned.code()).isZero();
    assertThat(unpinned.err()).contains("warning").contains("--key");

    Path tampered = dir.resolve("tampered.json");
    String entry29 =
        java.util.Base64.getEncoder().encodeToString("entry 29".getBytes(StandardCharsets.UTF_8));
    String entry28 =
        java.util.Base64.getEncoder().encodeToString("entry 28".getBytes(StandardCharsets.UTF_8));
    Files.writeString(tampered, Files.readString(good).replace(entry29, entry28));
    Run bad = run("receipt", "verify", tampered.toString(), "--key", key.verifier());
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).contains("receipt entry 1 (index 29)");

    Key other = keygen("example.gov.uk/receipts-other");
    Run wrongKey = run("receipt", "verify", good.toString(), "--key", other.verifier());
    assertThat(wrongKey.code()).isEqualTo(1);
    assertThat(wrongKey.err()).contains("the pinned key");

    assertThat(run("receipt", "verify", dir.resolve("none.json").toString()).code()).isEqualTo(4);
  }

  @Test
  void log_withoutASubcommand_isAUsageError() {
    assertThat(run("log").code()).isEqualTo(2);
    assertThat(run("log", "prove").code()).isEqualTo(2);
    assertThat(run("receipt").code()).isEqualTo(2);
  }

  private static String field(String line, String name) {
    assertThat(line).startsWith(name + " ");
    return line.substring(name.length() + 1);
  }

  private static List<Hash> hashes(List<String> lines) {
    return lines.stream().map(Hash::fromBase64).toList();
  }
}
