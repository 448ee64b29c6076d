package dev.steward.cli;

import dev.steward.tlog.Checkpoint;
import dev.steward.tlog.Hash;
import dev.steward.tlog.LogReader;
import dev.steward.tlog.Merkle;
import dev.steward.tlog.ProofVerifier;
import dev.steward.tlog.TlogException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code steward log prove inclusion | consistency}: RFC 6962 proofs computed from a log's tiles,
 * printed as text (see {@code docs/spec/cli.md}). Each proof is checked against the log's
 * checkpoint before it is printed, so a damaged log yields an error, never a wrong proof.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "prove",
    description = "Print an inclusion or consistency proof computed from a log's tiles.",
    subcommands = {LogProveCommand.Inclusion.class, LogProveCommand.Consistency.class})
final class LogProveCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

  @Override
  public void run() {
    if (spec != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "a subcommand is required: inclusion or consistency");
    }
  }

  /** Options both proofs share. */
  abstract static class Common implements Runnable {
    @Parameters(
        index = "0",
        paramLabel = "DIR|URL",
        description = "A log directory, or the http(s) URL prefix serving checkpoint and tile/.")
    String log = "";

    @Option(
        names = "--key",
        paramLabel = "VKEY",
        description = "Verify the checkpoint's signature with this verifier key (or key file).")
    @Nullable String key;

    @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

    /** Reads from the log, naming the log in any failure. */
    <T> T read(java.util.function.Supplier<T> read) {
      try {
        return read.get();
      } catch (TlogException e) {
        throw new CliException(ExitCode.FAILURE, "log " + log + ": " + e.getMessage());
      }
    }

    static void requireEntries(long n) {
      if (n == 0) {
        throw new CliException(
            ExitCode.NOT_FOUND, "log: empty (expected: at least one entry to prove)");
      }
    }

    /** Runs {@code check} and turns a failure into "the log contradicts its checkpoint". */
    void selfCheck(Runnable check) {
      try {
        check.run();
      } catch (TlogException e) {
        throw new CliException(
            ExitCode.FAILURE,
            "log "
                + log
                + ": its tiles do not match its checkpoint: "
                + e.getMessage()
                + " (expected: a log that steward log verify accepts)");
      }
    }

    static void printHashes(PrintWriter out, List<Hash> hashes) {
      for (Hash h : hashes) {
        out.println(h.base64());
      }
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "inclusion",
      description =
          "Print the inclusion proof of entry --index in the tree of --size entries (default: the checkpoint's size).")
  static final class Inclusion extends Common {
    @Option(names = "--index", required = true, paramLabel = "N", description = "The entry.")
    long index;

    @Option(
        names = "--size",
        paramLabel = "S",
        description = "The tree size (default: the checkpoint's).")
    @Nullable Long size;

    @Option(
        names = "--tlog-proof",
        description =
            "Print a C2SP tlog-proof (c2sp.org/tlog-proof@v1: index, proof, signed checkpoint)"
                + " instead; only at the checkpoint's size.")
    boolean tlogProof;

    @Override
    public void run() {
      LogReading reading = LogReading.open(log, key);
      Checkpoint cp = reading.checkpoint();
      LogReader reader = reading.reader();
      long n = cp.size();
      requireEntries(n);
      long s = size == null ? n : size;
      if (s < 1 || s > n) {
        throw new CliException(
            s > n ? ExitCode.NOT_FOUND : ExitCode.USAGE,
            "--size: " + s + " (expected: 1.." + n + ", at most the checkpoint's size)");
      }
      if (index < 0 || index >= s) {
        throw new CliException(
            ExitCode.NOT_FOUND,
            "--index: " + index + " (expected: 0.." + (s - 1) + ", an entry of the tree)");
      }
      if (tlogProof && s != n) {
        throw new CliException(
            ExitCode.USAGE,
            "--tlog-proof: with --size " + s + " (expected: the checkpoint's size " + n + ")");
      }
      Hash leaf = read(() -> Merkle.leafHash(reader.entry(index)));
      List<Hash> proof = read(() -> reader.inclusionProof(index, s));
      Hash root = s == n ? cp.root() : read(() -> reader.rootHash(s));
      selfCheck(
          () -> {
            if (s < n) {
              ProofVerifier.verifyConsistency(s, n, reader.consistencyProof(s, n), root, cp.root());
            }
            ProofVerifier.verifyInclusion(leaf, index, s, proof, root);
          });
      PrintWriter out = LogArgs.out(spec);
      if (tlogProof) {
        out.println("c2sp.org/tlog-proof@v1");
        out.println("index " + index);
        printHashes(out, proof);
        out.println();
        out.print(new String(reading.signedNote(), StandardCharsets.UTF_8));
      } else {
        out.println("index " + index);
        out.println("size " + s);
        out.println("leaf " + leaf.base64());
        out.println("root " + root.base64());
        printHashes(out, proof);
      }
      out.flush();
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "consistency",
      description =
          "Print the consistency proof from the tree of --from entries to that of --to entries (default: the checkpoint's size).")
  static final class Consistency extends Common {
    @Option(names = "--from", required = true, paramLabel = "A", description = "The older size.")
    long from;

    @Option(
        names = "--to",
        paramLabel = "B",
        description = "The newer size (default: the checkpoint's).")
    @Nullable Long to;

    @Override
    public void run() {
      LogReading reading = LogReading.open(log, key);
      Checkpoint cp = reading.checkpoint();
      LogReader reader = reading.reader();
      long n = cp.size();
      requireEntries(n);
      long b = to == null ? n : to;
      if (b < 0 || b > n) {
        throw new CliException(
            b > n ? ExitCode.NOT_FOUND : ExitCode.USAGE,
            "--to: " + b + " (expected: 1.." + n + ", at most the checkpoint's size)");
      }
      if (from < 1 || from > b) {
        throw new CliException(
            ExitCode.USAGE,
            "--from: "
                + from
                + " (expected: 1.."
                + b
                + "; a proof from the empty tree proves nothing)");
      }
      List<Hash> proof = read(() -> reader.consistencyProof(from, b));
      Hash root1 = read(() -> reader.rootHash(from));
      Hash root2 = b == n ? cp.root() : read(() -> reader.rootHash(b));
      selfCheck(
          () -> {
            if (b < n) {
              ProofVerifier.verifyConsistency(
                  b, n, reader.consistencyProof(b, n), root2, cp.root());
            }
            ProofVerifier.verifyConsistency(from, b, proof, root1, root2);
          });
      PrintWriter out = LogArgs.out(spec);
      out.println("size1 " + from);
      out.println("size2 " + b);
      out.println("root1 " + root1.base64());
      out.println("root2 " + root2.base64());
      printHashes(out, proof);
      out.flush();
    }
  }
}
