package dev.steward.cli;

import dev.steward.tlog.Checkpoint;
import dev.steward.tlog.LogReader;
import dev.steward.tlog.Note;
import dev.steward.tlog.TileSource;
import dev.steward.tlog.TlogException;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A log opened for reading by {@code prove} and {@code show}: its checkpoint (verified when a key
 * is given, else only parsed) and a reader of its tiles.
 */
final class LogReading {
  private final byte[] signedNote;
  private final LogReader reader;

  private LogReading(byte[] signedNote, LogReader reader) {
    this.signedNote = signedNote;
    this.reader = reader;
  }

  static LogReading open(String dirOrUrl, @Nullable String key) {
    TileSource source = LogArgs.source(dirOrUrl);
    byte[] note;
    try {
      note =
          source
              .read(TileSource.CHECKPOINT)
              .orElseThrow(
                  () ->
                      new CliException(
                          ExitCode.FAILURE,
                          "log "
                              + dirOrUrl
                              + ": no checkpoint (expected: a tlog-tiles log with a checkpoint)"));
    } catch (IOException e) {
      throw new CliException(ExitCode.FAILURE, "log " + dirOrUrl + ": checkpoint: " + e);
    }
    try {
      Checkpoint cp =
          key == null
              ? Checkpoint.parse(Note.parse(note).text())
              : Checkpoint.verify(note, LogArgs.verifierKey(key));
      return new LogReading(note, LogReader.of(source, cp));
    } catch (TlogException e) {
      throw new CliException(ExitCode.FAILURE, "log " + dirOrUrl + ": " + e.getMessage());
    }
  }

  /** The checkpoint as served: text, blank line, signatures. */
  byte[] signedNote() {
    return signedNote.clone();
  }

  LogReader reader() {
    return reader;
  }

  Checkpoint checkpoint() {
    return reader.checkpoint();
  }
}
