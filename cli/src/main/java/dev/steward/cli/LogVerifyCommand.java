package dev.steward.cli;

import dev.steward.tlog.Checkpoint;
import dev.steward.tlog.LogAuditor;
import dev.steward.tlog.NoteVerifier;
import dev.steward.tlog.TileSource;
import dev.steward.tlog.TlogException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code steward log verify DIR|URL --key VKEY}: audits a whole log with {@link LogAuditor} and
 * checks it only grew since the checkpoint this machine last verified, which it then remembers.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "verify",
    description =
        "Verify a log: its checkpoint's signature, every entry bundle and hash tile against it, and consistency with the checkpoint of this log verified before (kept in a state file).")
final class LogVerifyCommand implements Runnable {
  private final Map<String, String> env;

  @Parameters(
      index = "0",
      paramLabel = "DIR|URL",
      description = "A log directory, or the http(s) URL prefix serving checkpoint and tile/.")
  String log = "";

  @Option(
      names = "--key",
      required = true,
      paramLabel = "VKEY",
      description = "The log's verifier key (name+hex+base64), or a file holding it.")
  String key = "";

  @Option(
      names = "--state",
      paramLabel = "FILE",
      description =
          "Where checkpoints seen before are kept (default:"
              + " $XDG_STATE_HOME/steward/seen-checkpoints.json, ~/.local/state/...).")
  @Nullable Path state;

  @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

  LogVerifyCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public void run() {
    NoteVerifier verifier = LogArgs.verifierKey(key);
    TileSource source = LogArgs.source(log);
    SeenCheckpoints seen =
        SeenCheckpoints.load(state != null ? state : SeenCheckpoints.defaultPath(env));
    Optional<Checkpoint> before = seen.checkpoint(verifier);
    LogAuditor.Report report;
    try {
      report = LogAuditor.of(source, verifier).audit(before.stream().toList());
    } catch (TlogException e) {
      String hint =
          e.code() == TlogException.Code.INCONSISTENT
              ? " (the checkpoint seen before is kept in " + seen.file() + ")"
              : "";
      throw new CliException(
          ExitCode.FAILURE, "log " + log + ": verification failed: " + e.getMessage() + hint);
    }
    Checkpoint now = report.checkpoint();
    if (before.isEmpty() || !before.get().equals(now)) {
      seen.remember(verifier, report.signedNote());
      seen.save();
    }
    PrintWriter out = LogArgs.out(spec);
    out.println(
        "ok: "
            + now.origin()
            + " size "
            + now.size()
            + " root "
            + now.root()
            + " ("
            + count(report.bundles(), "entry bundle")
            + " and "
            + count(report.tiles(), "hash tile")
            + " checked)");
    out.println(
        before
            .map(
                b ->
                    "consistent with the checkpoint of size "
                        + b.size()
                        + " verified before ("
                        + seen.file()
                        + ")")
            .orElse("first verification of this log key; remembered in " + seen.file()));
    out.flush();
  }

  private static String count(long n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }
}
