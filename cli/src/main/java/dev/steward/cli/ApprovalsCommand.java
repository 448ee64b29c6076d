package dev.steward.cli;

import dev.steward.config.StewardConfig;
import dev.steward.config.UseCaseConfig;
import dev.steward.core.StewardException;
import dev.steward.policy.ApprovalRule;
import dev.steward.server.ApprovalControl;
import dev.steward.server.Evaluations;
import dev.steward.store.ApprovalStorage.ApprovalRow;
import dev.steward.store.Storage;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code steward approvals list | check | grant | revoke}: which model versions may serve which
 * gated use cases, granted only on passing, unexpired evaluation evidence, each change committed to
 * the transparency log.
 */
@Command(
    name = "approvals",
    description = "Approve models for use cases on evaluation evidence; revoke approvals.",
    subcommands = {
      ApprovalsCommand.ListApprovals.class,
      ApprovalsCommand.Check.class,
      ApprovalsCommand.Grant.class,
      ApprovalsCommand.Revoke.class
    })
final class ApprovalsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

  @Override
  public void run() {
    if (spec != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "a subcommand is required: list, check, grant or revoke");
    }
  }

  static ApprovalControl control(StewardConfig cfg, Storage storage) {
    return new ApprovalControl(
        cfg, storage.evals(), storage.approvals(), Instant::now, cfg.transparencyLog().enabled());
  }

  static void print(PrintWriter out, ApprovalRow a, Instant now) {
    String state =
        a.revokedAt() != null
            ? "revoked " + a.revokedAt() + " by " + a.revokedBy() + ": " + a.revokeReason()
            : a.activeAt(now) ? "in force until " + a.expiresAt() : "expired " + a.expiresAt();
    out.printf(
        "%s  %-48s %-40s %s  (evidence %s)%n",
        a.id(), a.useCase(), a.modelVersion(), state, String.join(", ", a.runIds()));
  }

  @Command(name = "list", description = "Approvals in force (--all: every one ever granted).")
  static final class ListApprovals extends KeysCommand.Common implements Runnable {
    private final Map<String, String> env;

    @Option(names = "--all", description = "Include expired and revoked approvals.")
    boolean all;

    ListApprovals(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public void run() {
      StewardConfig cfg = EvalCommand.required(loadConfig(env));
      try (Storage storage = open(env, cfg)) {
        List<ApprovalRow> rows = control(cfg, storage).list(all);
        PrintWriter out = out();
        if (rows.isEmpty()) {
          out.println(all ? "no approvals" : "no approval in force");
        }
        Instant now = Instant.now();
        rows.forEach(a -> print(out, a, now));
        out.flush();
      }
    }
  }

  /** Options naming a use case and a model. */
  abstract static class Target extends KeysCommand.Common {
    @Option(
        names = "--use-case",
        required = true,
        description = "The use case: department/service/use-case.")
    String useCase = "";

    @Option(names = "--model", required = true, description = "The model alias.")
    String model = "";

    @Option(names = "--route", description = "Only this route of the alias (provider/model).")
    @Nullable String route;
  }

  @Command(
      name = "check",
      description = "What the use case's rules say of each route's evidence now (changes nothing).")
  static final class Check extends Target implements Runnable {
    private final Map<String, String> env;

    Check(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public void run() {
      StewardConfig cfg = EvalCommand.required(loadConfig(env));
      UseCaseConfig uc = cfg.useCase(useCase).orElse(null);
      if (uc == null) {
        throw new CliException(
            ExitCode.USAGE,
            "--use-case: '" + useCase + "' not configured (expected: department/service/use-case)");
      }
      // The same refusals as a grant's: there is nothing to check otherwise.
      if (!uc.approvals().gated()) {
        throw new CliException(
            ExitCode.USAGE,
            "use case "
                + useCase
                + " has no approval rules (approvals.requires): it needs no grant");
      }
      if (!uc.allows(model)) {
        throw new CliException(
            ExitCode.USAGE, "model " + model + ": not one use case " + useCase + " may call");
      }
      try (Storage storage = open(env, cfg)) {
        ApprovalControl control = control(cfg, storage);
        PrintWriter out = out();
        boolean allMet = true;
        for (Evaluations.Target t : Evaluations.targets(cfg, model, route)) {
          switch (control.check(uc, t.modelVersion())) {
            case ApprovalRule.Met m ->
                out.println(t.modelVersion() + ": evidence meets the rules until " + m.expiresAt());
            case ApprovalRule.NotMet n -> {
              allMet = false;
              out.println(t.modelVersion() + ": not met: " + String.join("; ", n.problems()));
            }
          }
        }
        out.flush();
        if (!allMet) {
          throw new CliException(ExitCode.CASES_FAILED, "the evidence does not meet the rules");
        }
      } catch (StewardException e) {
        throw EvalCommand.failed(e);
      }
    }
  }

  @Command(
      name = "grant",
      description = "Approve a model for a use case, if its evidence meets the use case's rules.")
  static final class Grant extends Target implements Runnable {
    private final Map<String, String> env;

    @Option(names = "--note", required = true, description = "Why (one line; logged).")
    String note = "";

    Grant(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public void run() {
      StewardConfig cfg = EvalCommand.required(loadConfig(env));
      try (Storage storage = open(env, cfg)) {
        List<ApprovalRow> granted =
            control(cfg, storage).grant(useCase, model, route, KillSwitchCommand.actor(), note);
        PrintWriter out = out();
        Instant now = Instant.now();
        granted.forEach(a -> print(out, a, now));
        out.flush();
        EvalCommand.err(spec)
            .println("steward: granted; every node sharing this store applies it within a second");
        commitQueued(env, cfg, storage);
      } catch (StewardException e) {
        throw EvalCommand.failed(e);
      }
    }
  }

  @Command(
      name = "revoke",
      description = "Revoke an approval: the model stops serving the use case.")
  static final class Revoke extends KeysCommand.Common implements Runnable {
    private final Map<String, String> env;

    @Parameters(index = "0", description = "The approval's id (ap_…).")
    String id = "";

    @Option(names = "--note", required = true, description = "Why (one line; logged).")
    String note = "";

    Revoke(Map<String, String> env) {
      this.env = env;
    }

    @Override
    public void run() {
      StewardConfig cfg = EvalCommand.required(loadConfig(env));
      try (Storage storage = open(env, cfg)) {
        ApprovalRow a =
            control(cfg, storage)
                .revoke(id, KillSwitchCommand.actor(), note)
                .orElseThrow(
                    () ->
                        new CliException(
                            ExitCode.NOT_FOUND, "approval " + id + ": unknown or already revoked"));
        print(out(), a, Instant.now());
        out().flush();
        commitQueued(env, cfg, storage);
      } catch (StewardException e) {
        throw EvalCommand.failed(e);
      }
    }
  }
}
