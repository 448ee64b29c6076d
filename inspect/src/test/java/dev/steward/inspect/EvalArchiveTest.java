package dev.steward.inspect;

import static dev.steward.inspect.InspectLogsTest.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.inspect.EvalArchive.Limits;
import dev.steward.inspect.InspectLogException.Code;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EvalArchiveTest {
  private static final Limits SMALL = new Limits(16, 64 << 10, 256 << 10);

  @TempDir Path dir;

  /** The fixture as Inspect lays out a finished run: header, one entry per sample, reductions. */
  private Map<String, byte[]> finishedRun() throws IOException {
    ObjectNode log = (ObjectNode) Fixtures.json(InspectLogs.writeJson(Fixtures.log()));
    JsonNode samples = log.remove("samples");
    JsonNode reductions = log.remove("reductions");
    Map<String, byte[]> entries = new LinkedHashMap<>();
    ObjectNode start = Fixtures.NODES.objectNode();
    start.put("version", 2);
    start.set("eval", log.get("eval"));
    start.set("plan", log.get("plan"));
    entries.put("_journal/start.json", json(start));
    // written in reverse: the reader sorts as Inspect does
    for (int i = samples.size() - 1; i >= 0; i--) {
      JsonNode s = samples.get(i);
      entries.put("samples/" + s.get("id").asText() + "_epoch_1.json", json(s));
    }
    entries.put("summaries.json", "[]".getBytes(StandardCharsets.UTF_8));
    entries.put("reductions.json", json(reductions));
    entries.put("header.json", json(log));
    return entries;
  }

  private static byte[] json(JsonNode node) throws IOException {
    return Fixtures.MAPPER.writeValueAsBytes(node);
  }

  private Path zip(String name, Map<String, byte[]> entries) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, zipBytes(entries));
    return file;
  }

  private static byte[] zipBytes(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  @Test
  void read_finishedRun_isTheLogWrittenWithSamplesInInspectOrder() throws IOException {
    Path file = zip("run.eval", finishedRun());
    EvalLog log = Fixtures.log();

    EvalLog read = InspectLogs.read(file);

    assertThat(read.samples())
        .extracting(EvalSample::id)
        .containsExactly("7", "pii-001", "pii-002");
    assertThat(read)
        .isEqualTo(
            new EvalLog(
                log.status(),
                log.eval(),
                log.plan(),
                log.results(),
                log.stats(),
                log.error(),
                log.samples().stream().sorted(EvalArchive.INSPECT_ORDER).toList(),
                log.reductions()));
  }

  @Test
  void read_samples_inInspectOrder() {
    EvalSample a = sampleWithId("10");
    EvalSample b = sampleWithId("9");
    EvalSample c = sampleWithId("a-1");
    EvalSample d = sampleWithId("-3");

    assertThat(java.util.stream.Stream.of(c, a, d, b).sorted(EvalArchive.INSPECT_ORDER))
        .extracting(EvalSample::id)
        .containsExactly("-3", "9", "10", "a-1");
  }

  @Test
  void read_whateverTheFileName_recognisesTheArchive() throws IOException {
    Path file = zip("run.json", finishedRun());

    assertThat(InspectLogs.read(file).eval().task()).isEqualTo("steward/pii-leak");
  }

  @Test
  void read_onlyJournalStart_isAStartedRunWithItsSamples() throws IOException {
    Map<String, byte[]> entries = finishedRun();
    entries.remove("header.json");

    EvalLog log = InspectLogs.read(zip("running.eval", entries));

    assertThat(log.status()).isEqualTo(EvalLog.Status.STARTED);
    assertThat(log.results()).isNull();
    assertThat(log.stats().startedAt()).isNull();
    assertThat(log.reductions()).isEmpty();
    assertThat(log.samples()).hasSize(3);
    assertThat(log.eval()).isEqualTo(Fixtures.log().eval());
  }

  @Test
  void read_noHeader_isMalformed() throws IOException {
    Map<String, byte[]> entries = finishedRun();
    entries.remove("header.json");
    entries.remove("_journal/start.json");
    Path file = zip("headless.eval", entries);

    assertFails(
        () -> InspectLogs.read(file),
        Code.MALFORMED,
        file + ": no header.json or _journal/start.json (expected: an Inspect .eval log)");
  }

  @Test
  void read_emptyArchive_isMalformed() throws IOException {
    Path file = zip("empty.eval", Map.of());

    assertFails(() -> InspectLogs.read(file), Code.MALFORMED, "no header.json");
  }

  @Test
  void read_notAZip_isMalformed() throws IOException {
    Path file = dir.resolve("fake.eval");
    Files.writeString(file, "PK but nothing else");

    assertFails(() -> InspectLogs.read(file), Code.MALFORMED, "not a readable ZIP archive");
  }

  @Test
  void read_brokenSampleEntry_namesTheEntryAndPath() throws IOException {
    Map<String, byte[]> entries = finishedRun();
    ObjectNode sample =
        (ObjectNode) Fixtures.json(Fixtures.present(entries.get("samples/7_epoch_1.json")));
    sample.put("epoch", "one");
    entries.put("samples/7_epoch_1.json", json(sample));
    Path file = zip("broken.eval", entries);

    assertFails(
        () -> InspectLogs.read(file),
        Code.MALFORMED,
        file + "!/samples/7_epoch_1.json: $.epoch: a string (expected: an integer)");
  }

  @Test
  void read_headerOfOtherVersion_isUnsupported() throws IOException {
    Map<String, byte[]> entries = finishedRun();
    ObjectNode header = (ObjectNode) Fixtures.json(Fixtures.present(entries.get("header.json")));
    header.put("version", 1);
    entries.put("header.json", json(header));
    Path file = zip("old.eval", entries);

    assertFails(
        () -> InspectLogs.read(file),
        Code.UNSUPPORTED_VERSION,
        file + "!/header.json: $.version: 1 (expected: 2)");
  }

  @Test
  void read_oversizedEntry_isTooLarge() throws IOException {
    Map<String, byte[]> entries = finishedRun();
    byte[] bomb = new byte[1 << 20]; // 1 MiB of spaces: a few KiB compressed
    Arrays.fill(bomb, (byte) ' ');
    entries.put("samples/bomb_epoch_1.json", bomb);
    Path file = zip("bomb.eval", entries);

    assertThat(Files.size(file)).isLessThan(64 << 10);
    assertFails(
        () -> InspectLogs.read(file, SMALL),
        Code.TOO_LARGE,
        file + "!/samples/bomb_epoch_1.json: 1048576 bytes (expected: at most 65536 more bytes");
  }

  @Test
  void read_entriesTogetherOverTheTotal_isTooLarge() throws IOException {
    Map<String, byte[]> entries = finishedRun();
    long read =
        entries.entrySet().stream()
            // what the reader reads: the header, the reductions and the samples
            .filter(
                e ->
                    e.getKey().startsWith("samples/")
                        || e.getKey().equals("header.json")
                        || e.getKey().equals("reductions.json"))
            .mapToLong(e -> e.getValue().length)
            .sum();
    Path file = zip("many.eval", entries);

    assertThat(InspectLogs.read(file, new Limits(16, 64 << 10, read)).samples()).hasSize(3);
    assertFails(
        () -> InspectLogs.read(file, new Limits(16, 64 << 10, read - 1)),
        Code.TOO_LARGE,
        (read - 1) + " in all");
  }

  @Test
  void read_tooManyEntries_isTooLarge() throws IOException {
    Map<String, byte[]> entries = finishedRun();
    for (int i = 0; i < 20; i++) {
      entries.put("extra/" + i + ".txt", new byte[0]);
    }
    Path file = zip("crowded.eval", entries);

    assertFails(
        () -> InspectLogs.read(file, SMALL),
        Code.TOO_LARGE,
        file + ": 27 entries (expected: at most 16)");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../evil.json",
        "samples/../../evil.json",
        "/etc/passwd",
        "samples\\1_epoch_1.json",
        "C:/evil.json",
        "samples//1_epoch_1.json",
        "./header.json",
        "samples/\u0000.json"
      })
  void read_unsafeEntryName_isMalformed(String name) throws IOException {
    Map<String, byte[]> entries = finishedRun();
    entries.put(name, "{}".getBytes(StandardCharsets.UTF_8));
    Path file = zip("weird.eval", entries);

    assertFails(() -> InspectLogs.read(file), Code.MALFORMED, file + ": an entry name");
  }

  @Test
  void unsafe_ordinaryNames_areAccepted() {
    assertThat(EvalArchive.unsafe("header.json")).isNull();
    assertThat(EvalArchive.unsafe("samples/task:1_epoch_2.json")).isNull();
    assertThat(EvalArchive.unsafe("_journal/summaries/")).isNull();
  }

  @Test
  void read_repeatedEntry_isMalformed() throws IOException {
    Map<String, byte[]> entries = finishedRun();
    // ZipOutputStream refuses a repeated name, so write two names of one length and patch one.
    byte[] from = "samples/7_epoch_1.json".getBytes(StandardCharsets.UTF_8);
    byte[] to = "samples/8_epoch_1.json".getBytes(StandardCharsets.UTF_8);
    entries.put("samples/8_epoch_1.json", Fixtures.present(entries.get("samples/7_epoch_1.json")));
    byte[] zip = zipBytes(entries);
    int patched = replaceAll(zip, to, from);
    Path file = dir.resolve("twice.eval");
    Files.write(file, zip);

    assertThat(patched).isEqualTo(2); // local header and central directory
    assertFails(
        () -> InspectLogs.read(file),
        Code.MALFORMED,
        file + "!/samples/7_epoch_1.json: twice (expected: each entry once)");
  }

  private static int replaceAll(byte[] haystack, byte[] from, byte[] to) {
    int count = 0;
    for (int i = 0; i + from.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + from.length, from, 0, from.length)) {
        System.arraycopy(to, 0, haystack, i, to.length);
        count++;
      }
    }
    return count;
  }

  private static EvalSample sampleWithId(String id) {
    EvalSample s = Fixtures.log().samples().get(0);
    return new EvalSample(
        id,
        s.epoch(),
        s.input(),
        s.target(),
        s.messages(),
        s.output(),
        s.scores(),
        s.metadata(),
        s.store(),
        s.modelUsage(),
        s.totalTime(),
        s.workingTime(),
        s.error());
  }
}
