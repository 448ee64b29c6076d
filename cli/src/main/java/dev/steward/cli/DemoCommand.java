package dev.steward.cli;

import dev.steward.audit.AuditEntry;
import dev.steward.config.ApprovalRules;
import dev.steward.config.DepartmentConfig;
import dev.steward.config.ModelConfig;
import dev.steward.config.ModelKind;
import dev.steward.config.ServiceConfig;
import dev.steward.config.StewardConfig;
import dev.steward.config.UseCaseConfig;
import dev.steward.server.StewardServer;
import dev.steward.server.TransparencyLogs;
import dev.steward.store.ApiKeys;
import dev.steward.store.NewApiKey;
import dev.steward.store.Principal;
import dev.steward.store.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code steward demo}: the gateway on the bundled demo configuration (sandbox models only, no keys
 * or network needed), with a fresh demo API key and suggestions of what to try.
 */
@Command(name = "demo", description = "Run a demo gateway on sandbox models; prints a key to try.")
final class DemoCommand implements Runnable {
  static final String RESOURCE = "/dev/steward/cli/demo.yaml";

  private final Map<String, String> env;

  @Option(
      names = "--data-dir",
      description = "Where the demo keeps its database (default: ~/.local/share/steward/demo).")
  @Nullable Path dataDir;

  @Option(
      names = "--port",
      description = "Port to listen on (default 8080; any free port if taken; 0: any free port).")
  @Nullable Integer port;

  @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

  DemoCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public void run() {
    Path dir =
        dataDir != null || env.containsKey("STEWARD_DATA_DIR")
            ? DataDir.resolve(dataDir, env, null)
            : DataDir.resolve(null, env, null).resolve("demo");
    Path configFile = writeDemoConfig(dir);
    Map<String, String> env = withAdminKey(this.env);
    StewardConfig cfg = ServeCommand.load(configFile, env);
    PrintWriter out =
        spec == null ? new PrintWriter(System.out, true) : spec.commandLine().getOut();
    String adminKey = java.util.Objects.requireNonNull(env.get(ADMIN_KEY), ADMIN_KEY);
    ServeCommand.StartedListener announce =
        (server, storage) -> {
          int sent = DemoTraffic.send(cfg, server, storage);
          announce(out, cfg, server, storage, configFile);
          pages(out, server, adminKey, sent, configFile);
        };
    if (port != null) {
      ServeCommand.runServer(cfg, dir, port, env, announce);
      return;
    }
    try {
      ServeCommand.runServer(cfg, dir, null, env, announce);
    } catch (RuntimeException e) {
      if (!isBindFailure(e)) {
        throw e;
      }
      out.println("Port " + cfg.server().port() + " is taken; the demo uses a free port instead.");
      out.flush();
      ServeCommand.runServer(cfg, dir, 0, env, announce);
    }
  }

  private static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException
          || (t.getMessage() != null && t.getMessage().contains("BindException"))) {
        return true;
      }
      String m = t.getMessage();
      if (m != null && m.contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }

  /** A key the demo makes for {@code principal}, committed to the log like any key. */
  static NewApiKey newKey(
      StewardServer server, Storage storage, Principal principal, String label) {
    NewApiKey key = ApiKeys.create(principal, label, "steward demo", Instant.now());
    storage
        .keys()
        .insert(
            key.record(),
            server.logVerifierKey() == null
                ? null
                : TransparencyLogs.keyChange(
                    AuditEntry.KeyAction.CREATED, key.record(), "cli", Instant.now()));
    return key;
  }

  /** The environment variable the demo configuration reads its admin key from. */
  static final String ADMIN_KEY = "STEWARD_ADMIN_KEY";

  /**
   * The environment, with a fresh random admin key when none is set, so the demo's admin pages work
   * out of the box (the key is printed with the other demo suggestions).
   */
  static Map<String, String> withAdminKey(Map<String, String> env) {
    String set = env.get(ADMIN_KEY);
    if (set != null && !set.isBlank()) {
      return env;
    }
    byte[] random = new byte[24];
    new java.security.SecureRandom().nextBytes(random);
    Map<String, String> out = new java.util.HashMap<>(env);
    out.put(
        ADMIN_KEY,
        "sk-steward-admin-"
            + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random));
    return Map.copyOf(out);
  }

  private static void pages(
      PrintWriter out, StewardServer server, String adminKey, int sent, Path configFile) {
    String url = server.baseUri().toString();
    out.println();
    if (sent > 0) {
      out.println(
          "Sent "
              + sent
              + " demo requests through the gateway, with an outcome for each, so the pages have"
              + " something to show.");
    }
    out.println("Web pages (GOV.UK Design System; they work without JavaScript):");
    out.println(
        "  " + url + "/                  public: transparency log, receipts, ATRS, benefits");
    out.println(
        "  " + url + "/atrs              algorithmic transparency records, one per service");
    out.println("  " + url + "/benefits          spend and time saved");
    out.println("  " + url + "/admin             admin; sign in with the admin key:");
    out.println();
    out.println("  export STEWARD_ADMIN_KEY=" + adminKey);
    out.println();
    out.println("Reports: benefits as CSV, and a service's transparency record as one HTML page");
    String where = " --config " + configFile + " --data-dir " + configFile.getParent();
    out.println(
        "  ./steward report benefits --period "
            + java.time.YearMonth.now(java.time.ZoneOffset.UTC)
            + " --format csv"
            + where);
    out.println(
        "  ./steward report atrs justice/probation-notes --format html --out record.html" + where);
    out.println();
    out.println("Press Ctrl+C to stop.");
    out.flush();
  }

  static Path writeDemoConfig(Path dir) {
    try (InputStream in = DemoCommand.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new CliException(
            ExitCode.FAILURE, "the demo configuration is missing from the build");
      }
      Files.createDirectories(dir);
      Path file = dir.resolve("demo.yaml");
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void announce(
      PrintWriter out, StewardConfig cfg, StewardServer server, Storage storage, Path configFile) {
    Principal principal = firstUseCase(cfg);
    NewApiKey key = newKey(server, storage, principal, "demo");
    UseCaseConfig useCase =
        cfg.useCase(principal.department(), principal.service(), principal.useCase()).orElseThrow();
    String chat = firstModel(cfg, useCase, ModelKind.CHAT).orElse("sandbox-chat");
    Optional<String> embed = firstModel(cfg, useCase, ModelKind.EMBEDDING);
    String url = server.baseUri().toString();
    String k = key.plaintext();
    out.println();
    out.println(
        "Steward demo is running at " + url + " (sandbox models only: no keys or network needed)");
    out.println("  configuration: " + configFile);
    out.println("  pipeline:      " + server.pipeline());
    out.println();
    out.println(
        "Demo API key for "
            + principal.department()
            + " / "
            + principal.service()
            + " / "
            + principal.useCase()
            + ":");
    out.println();
    out.println("  export STEWARD_KEY=" + k);
    out.println();
    out.println("Try:");
    out.println("  curl -s " + url + "/v1/models -H \"Authorization: Bearer $STEWARD_KEY\"");
    out.println();
    out.println(
        "  curl -s " + url + "/v1/chat/completions -H \"Authorization: Bearer $STEWARD_KEY\" \\");
    out.println("    -H 'Content-Type: application/json' \\");
    out.println(
        "    -d '{\"model\":\""
            + chat
            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Summarise the hearing notes\"}]}'");
    out.println();
    out.println("  # streaming, with usage at the end");
    out.println(
        "  curl -sN " + url + "/v1/chat/completions -H \"Authorization: Bearer $STEWARD_KEY\" \\");
    out.println("    -H 'Content-Type: application/json' \\");
    out.println(
        "    -d '{\"model\":\""
            + chat
            + "\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}'");
    out.println();
    out.println("  # Anthropic's Messages API, same key");
    out.println(
        "  curl -s "
            + url
            + "/v1/messages -H \"x-api-key: $STEWARD_KEY\" -H 'anthropic-version: 2023-06-01' \\");
    out.println("    -H 'Content-Type: application/json' \\");
    out.println(
        "    -d '{\"model\":\""
            + chat
            + "\",\"max_tokens\":200,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}'");
    out.println();
    out.println("  # ask the sandbox to refuse, call a tool, stream slowly or fail");
    out.println(
        "  curl -s " + url + "/v1/chat/completions -H \"Authorization: Bearer $STEWARD_KEY\" \\");
    out.println(
        "    -H 'X-Steward-Sandbox-Behaviour: refuse' -H 'Content-Type: application/json' \\");
    out.println(
        "    -d '{\"model\":\""
            + chat
            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}'");
    out.println();
    out.println(
        "  # guards: the NI number goes upstream as <UK_NINO_1> and comes back restored (the"
            + " sandbox echoes); the answer is marked as a draft for review (-i shows the headers)");
    out.println(
        "  curl -si " + url + "/v1/chat/completions -H \"Authorization: Bearer $STEWARD_KEY\" \\");
    out.println(
        "    -H 'X-Steward-Sandbox-Behaviour: echo' -H 'Content-Type: application/json' \\");
    out.println(
        "    -d '{\"model\":\""
            + chat
            + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Client AB123456C missed"
            + " the appointment\"}]}'");
    out.println();
    out.println("  # stop a model everywhere within a second, with an incident note in the log");
    out.println(
        "  ./steward killswitch engage --config "
            + configFile
            + " --data-dir "
            + configFile.getParent()
            + " --scope model --target "
            + chat
            + " --note 'INC-1: demo'");
    List<String> gated = approvalHints(cfg, configFile);
    if (!gated.isEmpty()) {
      out.println();
      gated.forEach(l -> out.println("  " + l));
    }
    out.println();
    out.println("  # test the policy as a department's CI would");
    out.println("  ./steward policy lint " + configFile);
    embed.ifPresent(
        e -> {
          out.println();
          out.println(
              "  curl -s " + url + "/v1/embeddings -H \"Authorization: Bearer $STEWARD_KEY\" \\");
          out.println(
              "    -H 'Content-Type: application/json' -d '{\"model\":\""
                  + e
                  + "\",\"input\":[\"alpha\",\"beta\"]}'");
        });
    String vkey = server.logVerifierKey();
    if (vkey != null) {
      out.println();
      out.println(
          "  # every exchange is committed to the transparency log: a receipt for one (the id is in"
              + " its X-Steward-Request-Id header), then check it and the whole log offline");
      out.println(
          "  curl -s "
              + url
              + "/v1/steward/receipts/REQUEST_ID -H \"Authorization: Bearer $STEWARD_KEY\""
              + " > receipt.json");
      out.println("  ./steward receipt verify receipt.json --key " + vkey);
      out.println("  ./steward log verify " + url + "/log --key " + vkey);
    }
    out.println();
    out.println("  curl -s " + url + "/metrics | grep steward_requests_total");
    out.println();
    out.println(
        "OpenAI SDKs: base URL "
            + url
            + "/v1 with the key above; Anthropic SDKs: base URL "
            + url
            + ".");
    out.flush();
  }

  /**
   * The demo key's use case: the one that may call the most model aliases (ties broken by
   * department, service and use-case id), so the suggestions printed work with it.
   */
  static Principal firstUseCase(StewardConfig cfg) {
    Principal best = null;
    long bestCount = -1;
    for (DepartmentConfig d :
        cfg.departments().values().stream()
            .sorted(Comparator.comparing(DepartmentConfig::id))
            .toList()) {
      for (ServiceConfig s :
          d.services().values().stream().sorted(Comparator.comparing(ServiceConfig::id)).toList()) {
        for (UseCaseConfig u :
            s.useCases().values().stream()
                .sorted(Comparator.comparing(UseCaseConfig::id))
                .toList()) {
          long count = cfg.models().keySet().stream().filter(u::allows).count();
          if (count > bestCount) {
            best = Principal.of(d.id(), s.id(), u.id());
            bestCount = count;
          }
        }
      }
    }
    if (best == null) {
      throw new CliException(ExitCode.CONFIG_INVALID, "the demo configuration has no use case");
    }
    return best;
  }

  /**
   * What to try on the first use case gated on safety evidence (by department, service and use-case
   * id), as a comment and commands: evaluate one of its chat models (the first by alias) on each
   * suite its rules name, approve it for the use case, export the run as an Inspect log. Empty when
   * no use case is gated, or a gated one can call no chat model.
   */
  static List<String> approvalHints(StewardConfig cfg, Path configFile) {
    for (DepartmentConfig d : sorted(cfg.departments().values(), DepartmentConfig::id)) {
      for (ServiceConfig s : sorted(d.services().values(), ServiceConfig::id)) {
        for (UseCaseConfig u : sorted(s.useCases().values(), UseCaseConfig::id)) {
          if (!u.approvals().gated()) {
            continue;
          }
          Optional<String> model = firstModel(cfg, u, ModelKind.CHAT);
          if (model.isEmpty()) {
            continue;
          }
          String useCase = d.id() + "/" + s.id() + "/" + u.id();
          String where = " --config " + configFile + " --data-dir " + configFile.getParent();
          List<String> lines = new ArrayList<>();
          lines.add(
              "# safety evidence gates "
                  + useCase
                  + ": evaluate a model, approve it on the result, and export the run"
                  + " (RUN_ID: the ev_… id it printed) as an Inspect log");
          u.approvals().requires().stream()
              .map(ApprovalRules.Requirement::suite)
              .distinct()
              .forEach(
                  suite ->
                      lines.add("./steward eval run " + suite + " --model " + model.get() + where));
          lines.add(
              "./steward approvals grant --use-case "
                  + useCase
                  + " --model "
                  + model.get()
                  + " --note 'CAB-1: demo evidence'"
                  + where);
          lines.add("./steward eval export RUN_ID --format inspect --output run.json" + where);
          return lines;
        }
      }
    }
    return List.of();
  }

  private static <T> List<T> sorted(Collection<T> values, Function<T, String> id) {
    return values.stream().sorted(Comparator.comparing(id)).toList();
  }

  static Optional<String> firstModel(StewardConfig cfg, UseCaseConfig useCase, ModelKind kind) {
    return cfg.models().values().stream()
        .filter(m -> m.kind() == kind && useCase.allows(m.alias()))
        .map(ModelConfig::alias)
        .sorted()
        .findFirst();
  }
}
