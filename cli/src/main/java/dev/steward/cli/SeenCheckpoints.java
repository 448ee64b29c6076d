package dev.steward.cli;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.tlog.Checkpoint;
import dev.steward.tlog.NoteVerifier;
import dev.steward.tlog.TlogException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The newest checkpoint {@code steward log verify} has verified for each log key, kept in a small
 * JSON file so that the next run can check the log only grew: {@code
 * {"version":1,"logs":{"<verifier key>":"<signed checkpoint note>"}}}. Logs are told apart by their
 * verifier key, so the same log read from a directory and from a URL shares one entry, and a log
 * that shows two views of itself is caught. Stored notes are signed, so a damaged entry is detected
 * when read back.
 */
final class SeenCheckpoints {
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final long MAX_BYTES = 16 << 20;

  private final Path file;
  private final Map<String, String> notes;

  private SeenCheckpoints(Path file, Map<String, String> notes) {
    this.file = file;
    this.notes = notes;
  }

  /**
   * {@code $XDG_STATE_HOME/steward/seen-checkpoints.json}, by default under {@code ~/.local/state}.
   */
  static Path defaultPath(Map<String, String> env) {
    String xdg = env.get("XDG_STATE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".local", "state");
    return base.resolve("steward").resolve("seen-checkpoints.json").toAbsolutePath();
  }

  /** The state in {@code file}; a file that does not exist yet is empty state. */
  static SeenCheckpoints load(Path file) {
    Map<String, String> notes = new TreeMap<>();
    if (!Files.exists(file)) {
      return new SeenCheckpoints(file, notes);
    }
    JsonNode root;
    try {
      root = JSON.readTree(LogArgs.read(file, "state", MAX_BYTES));
    } catch (IOException e) {
      throw bad(file, "not JSON: " + e.getMessage());
    }
    if (root == null
        || !root.isObject()
        || !root.path("version").isInt()
        || root.path("version").intValue() != 1
        || !root.path("logs").isObject()) {
      throw bad(file, "not a version 1 state file");
    }
    for (Map.Entry<String, JsonNode> e : root.path("logs").properties()) {
      if (!e.getValue().isTextual()) {
        throw bad(file, "logs." + LogArgs.shorten(e.getKey()) + ": not a string");
      }
      notes.put(e.getKey(), e.getValue().textValue());
    }
    return new SeenCheckpoints(file, notes);
  }

  Path file() {
    return file;
  }

  /** The checkpoint seen before for {@code key}, checked again with the key. */
  Optional<Checkpoint> checkpoint(NoteVerifier key) {
    String note = notes.get(key.toString());
    if (note == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Checkpoint.verify(note.getBytes(StandardCharsets.UTF_8), key));
    } catch (TlogException e) {
      throw bad(
          file,
          "the checkpoint kept for "
              + key.name()
              + " does not verify with its key: "
              + e.getMessage()
              + "; remove that entry only if you know why it changed");
    }
  }

  /** Keeps {@code signedNote} as the newest checkpoint seen for {@code key}; call {@link #save}. */
  void remember(NoteVerifier key, String signedNote) {
    notes.put(key.toString(), signedNote);
  }

  /**
   * Writes the state atomically: a temporary file beside it, then a rename. Of two runs saving at
   * once, the last rename wins.
   */
  void save() {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", 1);
    ObjectNode logs = root.putObject("logs");
    notes.forEach(logs::put);
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null) {
      throw new CliException(ExitCode.USAGE, "--state: " + file + " (expected: a file path)");
    }
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".seen-checkpoints", ".tmp");
      Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new CliException(ExitCode.FAILURE, "state " + file + ": cannot write: " + e);
    }
  }

  private static CliException bad(Path file, String why) {
    return new CliException(
        ExitCode.FAILURE,
        "state " + file + ": " + why + " (expected: a file written by steward log verify)");
  }
}
