package dev.steward.cli;

import dev.steward.tlog.NoteSigner;
import dev.steward.tlog.TileCodec;
import dev.steward.tlog.TileLog;
import dev.steward.tlog.TlogException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code steward log append DIR --signer-key FILE}: appends stdin to a log, one entry per line (the
 * line's bytes without its {@code \n}), and prints each entry's index once it is durable. For
 * building, importing and testing logs; the gateway appends to its own log itself.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "append",
    description =
        "Append entries read from stdin, one per line (the line's bytes without its newline), creating the log if needed; print each entry's index once it is durable.")
final class LogAppendCommand implements Runnable {
  /** Appends waiting for their commit at once: well below TileLog's pending limit. */
  private static final int IN_FLIGHT = 4096;

  @Parameters(index = "0", paramLabel = "DIR", description = "The log directory.")
  Path dir = Path.of(".");

  @Option(
      names = "--signer-key",
      required = true,
      paramLabel = "FILE",
      description = "The log's signer key, as written by steward log keygen.")
  Path signerKey = Path.of("");

  @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

  @Override
  public void run() {
    NoteSigner signer = LogArgs.signerKey(signerKey);
    PrintWriter out = LogArgs.out(spec);
    InputStream in = new BufferedInputStream(System.in, 1 << 16);
    long appended = 0;
    long size;
    try (TileLog log = TileLog.open(dir, signer)) {
      ArrayDeque<CompletableFuture<Long>> inFlight = new ArrayDeque<>();
      try {
        for (long line = 1; ; line++) {
          byte @Nullable [] entry = readLine(in, line);
          if (entry == null) {
            break;
          }
          inFlight.add(log.append(entry));
          if (inFlight.size() >= IN_FLIGHT) {
            out.println(await(inFlight.remove()));
            appended++;
          }
        }
      } finally {
        while (!inFlight.isEmpty()) {
          out.println(await(inFlight.remove()));
          appended++;
        }
        out.flush();
      }
      size = log.size();
    } catch (TlogException e) {
      throw new CliException(
          ExitCode.FAILURE, "log " + dir + ": " + e.getMessage() + appendedNote(appended));
    } catch (CliException e) {
      throw new CliException(e.exitCode(), e.getMessage() + appendedNote(appended));
    }
    LogArgs.err(spec)
        .println(
            "steward: appended "
                + appended
                + (appended == 1 ? " entry" : " entries")
                + " to "
                + dir
                + "; the log holds "
                + size
                + ", all durable");
    LogArgs.err(spec).flush();
  }

  private static String appendedNote(long appended) {
    return appended == 0
        ? "; nothing was appended"
        : "; the " + appended + " entries before it were appended and are durable";
  }

  /**
   * The next line without its {@code \n}, or null at the end of input. A last line without a
   * newline counts; a line longer than a tlog-tiles entry is an error.
   */
  private static byte @Nullable [] readLine(InputStream in, long line) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try {
      int b;
      while ((b = in.read()) != -1 && b != '\n') {
        if (buf.size() == TileCodec.MAX_ENTRY_BYTES) {
          throw new CliException(
              ExitCode.FAILURE,
              "stdin line "
                  + line
                  + ": longer than "
                  + TileCodec.MAX_ENTRY_BYTES
                  + " bytes (expected: at most that, the tlog-tiles entry limit)");
        }
        buf.write(b);
      }
      return b == -1 && buf.size() == 0 ? null : buf.toByteArray();
    } catch (IOException e) {
      throw new CliException(ExitCode.FAILURE, "stdin line " + line + ": cannot read: " + e);
    }
  }

  private static long await(CompletableFuture<Long> append) {
    try {
      return append.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof TlogException t) {
        throw t;
      }
      throw e;
    }
  }
}
