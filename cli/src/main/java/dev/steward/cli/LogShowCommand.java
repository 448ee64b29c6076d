package dev.steward.cli;

import dev.steward.tlog.Checkpoint;
import dev.steward.tlog.Merkle;
import dev.steward.tlog.TlogException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code steward log show DIR|URL INDEX}: one entry, as text when it is printable UTF-8 and as
 * base64 otherwise, with its RFC 6962 leaf hash.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "show",
    description =
        "Print one entry (as text when it is printable UTF-8, else as base64) and its leaf hash.")
final class LogShowCommand implements Runnable {
  @Parameters(
      index = "0",
      paramLabel = "DIR|URL",
      description = "A log directory, or the http(s) URL prefix serving checkpoint and tile/.")
  String log = "";

  @Parameters(index = "1", paramLabel = "INDEX", description = "The entry's index, from 0.")
  long index;

  @Option(
      names = "--key",
      paramLabel = "VKEY",
      description = "Verify the checkpoint's signature with this verifier key (or key file).")
  @Nullable String key;

  @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

  @Override
  public void run() {
    LogReading reading = LogReading.open(log, key);
    Checkpoint cp = reading.checkpoint();
    if (index < 0 || index >= cp.size()) {
      throw new CliException(
          ExitCode.NOT_FOUND,
          "INDEX: "
              + index
              + (cp.size() == 0
                  ? " (expected: none, the log is empty)"
                  : " (expected: 0.." + (cp.size() - 1) + ", the log's entries)"));
    }
    byte[] entry;
    try {
      entry = reading.reader().entry(index);
    } catch (TlogException e) {
      throw new CliException(ExitCode.FAILURE, "log " + log + ": " + e.getMessage());
    }
    PrintWriter out = LogArgs.out(spec);
    out.println("index " + index);
    out.println("leaf " + Merkle.leafHash(entry).base64());
    Optional<String> text = printable(entry);
    if (text.isPresent()) {
      out.println("text " + text.get());
    } else {
      out.println("base64 " + Base64.getEncoder().encodeToString(entry));
    }
    out.flush();
  }

  /** The entry as text if it is valid UTF-8 without control characters (tab and newline too). */
  static Optional<String> printable(byte[] entry) {
    String s;
    try {
      s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(entry))
              .toString();
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
    return s.codePoints().anyMatch(Character::isISOControl) ? Optional.empty() : Optional.of(s);
  }
}
