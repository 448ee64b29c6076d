package dev.steward.inspect;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.inspect.InspectLogException.Code;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.jspecify.annotations.Nullable;

/**
 * Reads Inspect's {@code .eval} archive: a ZIP holding {@code header.json} (the log without its
 * samples; absent while the run is going, when {@code _journal/start.json} stands in for it), one
 * {@code samples/<id>_epoch_<epoch>.json} per sample, {@code reductions.json}, and summaries (a
 * digest of the samples, which are read in full instead). Entries are never extracted to disk;
 * still, names that could escape a directory (absolute, {@code ..}, backslashes, drive letters,
 * control characters) or that repeat are refused, and the entry count, each entry's size and the
 * total read are capped by {@link Limits}, so a ZIP bomb fails fast.
 */
final class EvalArchive {
  static final String HEADER = "header.json";
  static final String START = "_journal/start.json";
  static final String REDUCTIONS = "reductions.json";
  static final String SAMPLES = "samples/";

  private static final int MAX_NAME_LENGTH = 1024;

  private final Path file;
  private final Limits limits;
  private final ObjectMapper mapper;
  private long bytesRead;

  private EvalArchive(Path file, Limits limits) {
    this.file = file;
    this.limits = limits;
    this.mapper = LogReader.mapper(limits);
  }

  static EvalLog read(Path file, Limits limits) {
    return new EvalArchive(file, limits).read();
  }

  private EvalLog read() {
    try (ZipFile zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8)) {
      if (zip.size() > limits.maxEntries()) {
        throw new InspectLogException(
            Code.TOO_LARGE,
            file + ": " + zip.size() + " entries (expected: at most " + limits.maxEntries() + ")");
      }
      Map<String, ZipEntry> entries = entries(zip);
      ZipEntry header = entries.get(HEADER);
      ZipEntry start = entries.get(START);
      EvalLog log;
      if (header != null) {
        log = LogReader.log(json(zip, header));
      } else if (start != null) {
        log = LogReader.start(json(zip, start));
      } else {
        throw new InspectLogException(
            Code.MALFORMED,
            file + ": no " + HEADER + " or " + START + " (expected: an Inspect .eval log)");
      }
      ZipEntry reductionsEntry = entries.get(REDUCTIONS);
      List<EvalSampleReductions> reductions = log.reductions();
      // As Inspect: reductions belong to results, so a log without results has none.
      if (reductionsEntry != null && log.results() != null) {
        reductions = LogReader.reductions(json(zip, reductionsEntry));
      }
      List<EvalSample> samples = new ArrayList<>(log.samples());
      for (Map.Entry<String, ZipEntry> e : entries.entrySet()) {
        String name = e.getKey();
        if (name.startsWith(SAMPLES) && name.endsWith(".json") && !e.getValue().isDirectory()) {
          samples.add(LogReader.sample(json(zip, e.getValue())));
        }
      }
      samples.sort(INSPECT_ORDER);
      try {
        return new EvalLog(
            log.status(),
            log.eval(),
            log.plan(),
            log.results(),
            log.stats(),
            log.error(),
            samples,
            reductions);
      } catch (IllegalArgumentException e) {
        throw new InspectLogException(Code.MALFORMED, file + ": " + e.getMessage(), e);
      }
    } catch (ZipException e) {
      throw new InspectLogException(
          Code.MALFORMED, file + ": not a readable ZIP archive (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      throw new InspectLogException(Code.IO, file + ": " + e, e);
    }
  }

  /**
   * Samples in Inspect's order: by epoch, then by id, integer ids compared as numbers zero-padded
   * to 20 digits (as Inspect's {@code sort_samples}).
   */
  static final Comparator<EvalSample> INSPECT_ORDER =
      Comparator.comparingInt(EvalSample::epoch)
          .thenComparing(s -> Json.isInteger(s.id()) ? zeroPadded(s.id()) : s.id());

  /** Python's {@code str.zfill(20)}: zeros after any sign, up to 20 characters. */
  private static String zeroPadded(String id) {
    if (id.length() >= 20) {
      return id;
    }
    String zeros = "0".repeat(20 - id.length());
    return id.startsWith("-") ? "-" + zeros + id.substring(1) : zeros + id;
  }

  private Map<String, ZipEntry> entries(ZipFile zip) {
    Map<String, ZipEntry> entries = new LinkedHashMap<>();
    Enumeration<? extends ZipEntry> all = zip.entries();
    while (all.hasMoreElements()) {
      ZipEntry entry = all.nextElement();
      String name = entry.getName();
      String problem = unsafe(name);
      if (problem != null) {
        throw new InspectLogException(
            Code.MALFORMED, file + ": an entry name " + problem + " (expected: a relative path)");
      }
      if (entries.put(name, entry) != null) {
        throw new InspectLogException(
            Code.MALFORMED, file + "!/" + name + ": twice (expected: each entry once)");
      }
    }
    return entries;
  }

  /** What is wrong with an entry name, or null when nothing is. */
  static @Nullable String unsafe(String name) {
    if (name.isEmpty()) {
      return "that is empty";
    }
    if (name.length() > MAX_NAME_LENGTH) {
      return "longer than " + MAX_NAME_LENGTH + " characters";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return "with a control character";
      }
      if (c == '\\') {
        return "with a backslash";
      }
    }
    if (name.startsWith("/")) {
      return "that is absolute";
    }
    if (name.length() >= 2 && name.charAt(1) == ':') {
      return "with a drive letter";
    }
    String[] segments = name.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String s = segments[i];
      if (s.equals("..") || s.equals(".")) {
        return "with a '" + s + "' segment";
      }
      if (s.isEmpty() && i < segments.length - 1) {
        return "with an empty segment";
      }
    }
    return null;
  }

  private Node json(ZipFile zip, ZipEntry entry) throws IOException {
    String source = file + "!/" + entry.getName();
    return LogReader.parse(mapper, source, bytes(zip, entry, source));
  }

  /** The entry's bytes, never more than the limits allow whatever its header claims. */
  private byte[] bytes(ZipFile zip, ZipEntry entry, String source) throws IOException {
    long cap = Math.min(limits.maxEntryBytes(), limits.maxTotalBytes() - bytesRead);
    if (entry.getSize() > cap) {
      throw tooLarge(source, entry.getSize() + " bytes", cap);
    }
    byte[] bytes;
    try (InputStream in = zip.getInputStream(entry)) {
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, cap + 1));
    }
    if (bytes.length > cap) {
      throw tooLarge(source, "more than " + cap + " bytes", cap);
    }
    bytesRead += bytes.length;
    return bytes;
  }

  private InspectLogException tooLarge(String source, String size, long cap) {
    return new InspectLogException(
        Code.TOO_LARGE,
        source
            + ": "
            + size
            + " (expected: at most "
            + cap
            + " more bytes; limits: "
            + limits.maxEntryBytes()
            + " per entry, "
            + limits.maxTotalBytes()
            + " in all)");
  }

  /**
   * How much of an archive the reader accepts.
   *
   * @param maxEntries entries in the archive, read or not
   * @param maxEntryBytes uncompressed bytes of one entry (and the longest string in a log)
   * @param maxTotalBytes uncompressed bytes read from one archive in all, and the size of a {@code
   *     .json} log
   */
  record Limits(int maxEntries, long maxEntryBytes, long maxTotalBytes) {
    /** 100,000 entries, 256 MiB an entry, 1 GiB in all. */
    static final Limits DEFAULT = new Limits(100_000, 256L << 20, 1L << 30);

    Limits {
      Json.atLeast("max_entries", maxEntries, 1);
      Json.atLeast("max_entry_bytes", maxEntryBytes, 1);
      Json.atLeast("max_total_bytes", maxTotalBytes, 1);
    }
  }
}
