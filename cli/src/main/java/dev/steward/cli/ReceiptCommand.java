package dev.steward.cli;

import dev.steward.tlog.Checkpoint;
import dev.steward.tlog.Receipt;
import dev.steward.tlog.ReceiptCodec;
import dev.steward.tlog.TlogException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code steward receipt verify FILE}: checks a receipt (docs/spec/receipt.md) offline: its
 * checkpoint's signature and each entry's inclusion proof.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "receipt",
    description = "Verify receipts: proof that entries are in a transparency log.",
    subcommands = {ReceiptCommand.Verify.class})
final class ReceiptCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

  @Override
  public void run() {
    if (spec != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "a subcommand is required: verify");
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "verify",
      description =
          "Verify a receipt offline: the checkpoint's signature, and each entry's inclusion proof to the checkpoint's root.")
  static final class Verify implements Runnable {
    @Parameters(index = "0", paramLabel = "FILE", description = "The receipt (JSON).")
    Path file = Path.of("");

    @Option(
        names = "--key",
        paramLabel = "VKEY",
        description =
            "The log's verifier key (or a file holding it), obtained independently; without it"
                + " the key named in the receipt is used, which proves only self-consistency.")
    @Nullable String key;

    @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

    @Override
    public void run() {
      byte[] json = LogArgs.read(file, "receipt", ReceiptCodec.MAX_BYTES);
      Receipt receipt;
      Checkpoint cp;
      try {
        receipt = ReceiptCodec.decode(json);
        cp = key == null ? receipt.verify() : receipt.verify(LogArgs.verifierKey(key));
      } catch (TlogException e) {
        throw new CliException(
            ExitCode.FAILURE, "receipt " + file + ": verification failed: " + e.getMessage());
      }
      PrintWriter out = LogArgs.out(spec);
      out.println(
          "ok: "
              + receipt.entries().size()
              + (receipt.entries().size() == 1 ? " entry" : " entries")
              + " in "
              + cp.origin()
              + " at size "
              + cp.size()
              + " root "
              + cp.root());
      for (Receipt.Entry e : receipt.entries()) {
        out.println("index " + Long.toUnsignedString(e.index()) + " leaf " + e.leafHash());
      }
      out.flush();
      if (key == null) {
        LogArgs.err(spec)
            .println(
                "steward: warning: checked with the key the receipt names ("
                    + receipt.verifierKey()
                    + "); pass --key with the log's key to prove it came from that log");
        LogArgs.err(spec).flush();
      }
    }
  }
}
