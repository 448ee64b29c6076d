package dev.steward.inspect;

import dev.steward.inspect.InspectLogException.Code;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes {@link EvalLog}s as Inspect JSON logs and reads Inspect logs, {@code .json} or {@code
 * .eval}, back; sums a log up as {@link ImportedEvidence}. Specified in {@code
 * docs/spec/inspect-export.md}.
 *
 * <p>Reading ignores what Steward does not model (events, attachments once resolved into messages,
 * tool calls, sandbox, …) and requires what it does: the version ({@value EvalLog#VERSION}), the
 * status, the eval's task, model and creation time, the stats' times and, when there are results,
 * every metric's value. Every failure is an {@link InspectLogException}.
 */
public final class InspectLogs {
  private static final byte[] ZIP_MAGIC = {'P', 'K'};

  private InspectLogs() {}

  /** The log as Inspect's JSON log file: UTF-8, indented. */
  public static byte[] writeJson(EvalLog log) {
    return LogWriter.write(log);
  }

  /**
   * Writes the log to {@code file} as Inspect's JSON log. The file is replaced in one step (written
   * beside it, then moved over it), so a reader never sees half a log.
   */
  public static void writeJson(EvalLog log, Path file) {
    byte[] json = writeJson(log);
    Path dir = file.toAbsolutePath().getParent();
    Path temp = null;
    try {
      temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
      Files.write(temp, json);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new InspectLogException(Code.IO, file + ": cannot write (" + e + ")", e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException e) {
          // The move failed and so did the clean-up; the first failure is the one reported.
        }
      }
    }
  }

  /**
   * Reads an Inspect log: a {@code .eval} archive (recognised by its ZIP signature, whatever the
   * file's name) or a {@code .json} log.
   */
  public static EvalLog read(Path file) {
    return read(file, EvalArchive.Limits.DEFAULT);
  }

  static EvalLog read(Path file, EvalArchive.Limits limits) {
    byte[] start;
    long size;
    try (InputStream in = Files.newInputStream(file)) {
      start = in.readNBytes(ZIP_MAGIC.length);
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new InspectLogException(Code.IO, file + ": no such file", e);
    } catch (IOException e) {
      throw new InspectLogException(Code.IO, file + ": cannot read (" + e + ")", e);
    }
    if (Arrays.equals(start, ZIP_MAGIC)) {
      return EvalArchive.read(file, limits);
    }
    if (size > limits.maxTotalBytes()) {
      throw new InspectLogException(
          Code.TOO_LARGE,
          file + ": " + size + " bytes (expected: at most " + limits.maxTotalBytes() + ")");
    }
    byte[] json;
    try {
      json = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new InspectLogException(Code.IO, file + ": cannot read (" + e + ")", e);
    }
    return readJson(file.toString(), json, limits);
  }

  /** Reads an Inspect JSON log from its bytes (named {@code <json>} in error messages). */
  public static EvalLog readJson(byte[] json) {
    return readJson("<json>", json, EvalArchive.Limits.DEFAULT);
  }

  private static EvalLog readJson(String source, byte[] json, EvalArchive.Limits limits) {
    if (json.length > limits.maxTotalBytes()) {
      throw new InspectLogException(
          Code.TOO_LARGE,
          source
              + ": "
              + json.length
              + " bytes (expected: at most "
              + limits.maxTotalBytes()
              + ")");
    }
    Node root = LogReader.parse(LogReader.mapper(limits), source, json);
    root.object();
    return LogReader.log(root);
  }

  /**
   * What an importer keeps of a log: its task, model, run, completion time, sample counts and every
   * metric by score name.
   *
   * @throws InspectLogException {@link Code#INCOMPLETE} unless the log records a successful
   *     evaluation with results and a completion time; {@link Code#MALFORMED} when two scores share
   *     a name
   */
  public static ImportedEvidence evidence(EvalLog log) {
    EvalSpec eval = log.eval();
    String which = "log of " + eval.task() + " on " + eval.model();
    if (log.status() != EvalLog.Status.SUCCESS) {
      throw new InspectLogException(
          Code.INCOMPLETE, which + ": status " + log.status().wire() + " (expected: success)");
    }
    EvalResults results = log.results();
    if (results == null) {
      throw new InspectLogException(
          Code.INCOMPLETE, which + ": no results (expected: the scores of a finished run)");
    }
    var completedAt = log.stats().completedAt();
    if (completedAt == null) {
      throw new InspectLogException(
          Code.INCOMPLETE, which + ": no stats.completed_at (expected: a completion time)");
    }
    Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
    Set<String> names = new HashSet<>();
    List<EvalScore> scores = results.scores();
    for (int i = 0; i < scores.size(); i++) {
      EvalScore score = scores.get(i);
      if (!names.add(score.name())) {
        throw new InspectLogException(
            Code.MALFORMED,
            which
                + ": results.scores["
                + i
                + "].name: a name used before (expected: each score named once)");
      }
      Map<String, Double> values = new LinkedHashMap<>();
      score.metrics().forEach((name, metric) -> values.put(name, metric.value()));
      metrics.put(score.name(), values);
    }
    return new ImportedEvidence(
        eval.task(),
        eval.model(),
        eval.runId(),
        completedAt.toInstant(),
        results.totalSamples(),
        results.completedSamples(),
        metrics);
  }
}
