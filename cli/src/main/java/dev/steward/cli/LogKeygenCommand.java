package dev.steward.cli;

import dev.steward.tlog.NoteSigner;
import dev.steward.tlog.TlogException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code steward log keygen ORIGIN}: a new Ed25519 signer key for a log, written to a new file
 * readable by its owner only, in golang.org/x/mod's {@code PRIVATE+KEY+…} form; prints the public
 * verifier key on stdout.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "keygen",
    description =
        "Create a log signing key: write the signer key (PRIVATE+KEY+...) to a new file, mode 0600, and print the verifier key on stdout.")
final class LogKeygenCommand implements Runnable {
  @Parameters(
      index = "0",
      paramLabel = "ORIGIN",
      description = "The log's origin and the key's name, e.g. example.gov.uk/ai-log.")
  String origin = "";

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description =
          "Where to write the signer key (default: ./<ORIGIN>.key, characters other than"
              + " letters, digits, '.', '-' and '_' replaced by '_'). An existing file is never"
              + " overwritten.")
  @Nullable Path out;

  @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

  @Override
  public void run() {
    NoteSigner signer;
    try {
      signer = NoteSigner.generate(origin);
    } catch (TlogException e) {
      throw new CliException(
          ExitCode.USAGE,
          "ORIGIN: '"
              + LogArgs.shorten(origin)
              + "' (expected: non-empty, no spaces, no '+', e.g. example.gov.uk/ai-log)");
    }
    Path file = out != null ? out : Path.of(defaultFileName(origin));
    write(file, signer.privateKeyString() + "\n");
    LogArgs.out(spec).println(signer.verifier());
    LogArgs.out(spec).flush();
    LogArgs.err(spec)
        .println(
            "steward: wrote the signer key of "
                + origin
                + " to "
                + file
                + " (mode 0600): keep it secret. The verifier key above is public.");
    LogArgs.err(spec).flush();
  }

  static String defaultFileName(String origin) {
    return origin.replaceAll("[^A-Za-z0-9._-]", "_") + ".key";
  }

  private static void write(Path file, String key) {
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    Set<StandardOpenOption> options =
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try (FileChannel ch =
        posix
            ? FileChannel.open(
                file,
                options,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
            : FileChannel.open(file, options)) {
      ByteBuffer data = ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8));
      while (data.hasRemaining()) {
        ch.write(data);
      }
      ch.force(true);
    } catch (FileAlreadyExistsException e) {
      throw new CliException(
          ExitCode.FAILURE,
          "--out: " + file + " exists (expected: a new file; keygen never overwrites a key)");
    } catch (NoSuchFileException e) {
      throw new CliException(
          ExitCode.NOT_FOUND,
          "--out: " + file + ": its directory does not exist (expected: an existing directory)");
    } catch (IOException e) {
      throw new CliException(ExitCode.FAILURE, "--out: " + file + ": cannot write: " + e);
    }
  }
}
