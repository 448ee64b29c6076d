package dev.steward.cli;

import dev.steward.tlog.NoteSigner;
import dev.steward.tlog.NoteVerifier;
import dev.steward.tlog.TileSource;
import dev.steward.tlog.TlogException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/** What the {@code log} and {@code receipt} commands share: reading logs, keys and files. */
final class LogArgs {
  /** Key files are one line; anything much larger is not a key. */
  private static final long MAX_KEY_FILE_BYTES = 4096;

  private LogArgs() {}

  /** A log directory, or an http(s) URL serving the log's {@code checkpoint} and tiles. */
  static TileSource source(String dirOrUrl) {
    String lower = dirOrUrl.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      try {
        return TileSource.http(URI.create(dirOrUrl));
      } catch (IllegalArgumentException e) {
        throw new CliException(
            ExitCode.USAGE, "log URL: " + dirOrUrl + " (expected: an http:// or https:// URL)");
      }
    }
    Path dir = Path.of(dirOrUrl);
    if (!Files.isDirectory(dir)) {
      throw new CliException(
          ExitCode.NOT_FOUND,
          "log directory: "
              + dirOrUrl
              + " does not exist (expected: a log directory or an http(s) URL)");
    }
    return TileSource.directory(dir);
  }

  /** A verifier key given as the key string itself, or as a file holding it. */
  static NoteVerifier verifierKey(String value) {
    try {
      return NoteVerifier.parse(value);
    } catch (TlogException notAKey) {
      Path file = Path.of(value);
      if (!Files.isRegularFile(file)) {
        throw new CliException(
            ExitCode.USAGE,
            "--key: '"
                + shorten(value)
                + "' (expected: a verifier key <name>+<hex id>+<base64 key>, or a file holding"
                + " one; as a key: "
                + notAKey.getMessage()
                + ")");
      }
      try {
        return NoteVerifier.parse(readKeyFile(file));
      } catch (TlogException e) {
        throw new CliException(ExitCode.FAILURE, "--key " + file + ": " + e.getMessage());
      }
    }
  }

  /** The signer key in {@code file}, as {@code steward log keygen} writes it. */
  static NoteSigner signerKey(Path file) {
    try {
      return NoteSigner.parse(readKeyFile(file));
    } catch (TlogException e) {
      // NoteSigner's messages never quote the key.
      throw new CliException(ExitCode.FAILURE, "--signer-key " + file + ": " + e.getMessage());
    }
  }

  /** A file's bytes; a missing file exits with {@link ExitCode#NOT_FOUND}. */
  static byte[] read(Path file, String what, long maxBytes) {
    try {
      if (Files.size(file) > maxBytes) {
        throw new CliException(
            ExitCode.FAILURE,
            what + " " + file + ": larger than " + maxBytes + " bytes (expected: at most that)");
      }
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CliException(ExitCode.NOT_FOUND, what + " " + file + ": does not exist");
    } catch (IOException e) {
      throw new CliException(ExitCode.FAILURE, what + " " + file + ": cannot read: " + e);
    }
  }

  private static String readKeyFile(Path file) {
    String text = new String(read(file, "key file", MAX_KEY_FILE_BYTES), StandardCharsets.UTF_8);
    return text.strip();
  }

  static PrintWriter out(CommandLine.Model.@Nullable CommandSpec spec) {
    return spec == null
        ? new PrintWriter(System.out, true, StandardCharsets.UTF_8)
        : spec.commandLine().getOut();
  }

  static PrintWriter err(CommandLine.Model.@Nullable CommandSpec spec) {
    return spec == null
        ? new PrintWriter(System.err, true, StandardCharsets.UTF_8)
        : spec.commandLine().getErr();
  }

  static String shorten(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
