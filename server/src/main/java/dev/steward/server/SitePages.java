package dev.steward.server;

import dev.steward.config.DepartmentConfig;
import dev.steward.config.ModelConfig;
import dev.steward.config.ProviderConfig;
import dev.steward.config.RouteConfig;
import dev.steward.config.ServiceConfig;
import dev.steward.config.StewardConfig;
import dev.steward.config.UseCaseConfig;
import dev.steward.policy.ModelVersion;
import dev.steward.store.ApiKeyRecord;
import dev.steward.store.ApprovalStorage.ApprovalRow;
import dev.steward.store.EvalStorage.EvalRunRow;
import dev.steward.store.KillSwitchStorage.KillSwitch;
import dev.steward.store.OutcomeStorage.Outcome;
import dev.steward.store.Storage;
import dev.steward.tlog.Checkpoint;
import dev.steward.tlog.Receipt;
import dev.steward.tlog.TileLog;
import dev.steward.web.Form;
import dev.steward.web.Form.Field;
import dev.steward.web.Form.Option;
import dev.steward.web.Page;
import dev.steward.web.Section;
import dev.steward.web.Section.Summary;
import dev.steward.web.Table;
import dev.steward.web.Table.Cell;
import dev.steward.web.Table.Header;
import dev.steward.web.Table.Row;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The content of Steward's web pages, built from the configuration and the store: one method per
 * page, each returning a {@link Page} model (rendered by {@code dev.steward.web.Pages}). Blocks
 * (database): call off the event loop.
 */
final class SitePages {
  /** How many days the daily charts show. */
  static final int CHART_DAYS = 30;

  private final StewardConfig config;
  private final Storage storage;
  private final InstantSource clock;
  private final @Nullable TileLog log;

  SitePages(StewardConfig config, Storage storage, InstantSource clock, @Nullable TileLog log) {
    this.config = config;
    this.storage = storage;
    this.clock = clock;
    this.log = log;
  }

  // ------------------------------------------------------------------------------------ public

  Page home() {
    return Page.of(
            "Steward",
            List.of(
                Section.of("What you can check here")
                    .links(
                        List.of(
                            new Page.Link(
                                "The transparency log: its current checkpoint, how to verify it,"
                                    + " and receipts",
                                "/transparency"),
                            new Page.Link(
                                "Algorithmic transparency records of each service", "/atrs"),
                            new Page.Link(
                                "Benefits: what AI costs and what it saves", "/benefits"))),
                Section.of("Departments using Steward")
                    .table(
                        Table.of(
                            "Departments and their services",
                            List.of(
                                Header.text("Department"),
                                Header.number("Services"),
                                Header.number("Use cases")),
                            config.departments().values().stream()
                                .map(
                                    d ->
                                        Row.of(
                                            Cell.text(d.name()),
                                            Cell.number(String.valueOf(d.services().size())),
                                            Cell.number(
                                                String.valueOf(
                                                    d.services().values().stream()
                                                        .mapToInt(s -> s.useCases().size())
                                                        .sum()))))
                                .toList(),
                            "No departments are configured."))))
        .withLead(
            "Steward is the gateway through which public services reach AI models. Everything it"
                + " serves is recorded in a public log that anyone can verify without our help.");
  }

  Page transparency() {
    List<Section> sections = new ArrayList<>();
    TileLog l = log;
    if (l == null) {
      sections.add(
          Section.of("The log is off")
              .paragraphs(
                  "This gateway's configuration turns the transparency log off"
                      + " (transparency-log.enabled: false): its exchanges are not committed to"
                      + " any log."));
      return Page.of("Transparency log", sections);
    }
    Checkpoint cp = l.treeHead();
    String key = l.verifier().toString();
    sections.add(
        Section.of("Current checkpoint")
            .id("checkpoint")
            .summary(
                List.of(
                    Summary.of("Log name (origin)", cp.origin()),
                    Summary.of("Entries", String.format(Locale.UK, "%,d", cp.size())),
                    Summary.of("Root hash (base64)", cp.root().base64()),
                    Summary.of("Verifier key", key)))
            .pre(new String(l.checkpoint(), StandardCharsets.UTF_8)));
    sections.add(
        Section.of("How to verify the log yourself")
            .id("verify")
            .paragraphs(
                "The log is a C2SP tlog-tiles log: a Merkle tree (RFC 6962) published as static"
                    + " files, its head a checkpoint signed with Ed25519 as a C2SP signed note."
                    + " Any tlog-tiles client can read and audit it; you need only the verifier"
                    + " key above, from a source you trust.",
                "1. Fetch the signed checkpoint from /log/checkpoint and check its signature with"
                    + " the verifier key (for example with Go's golang.org/x/mod/sumdb/note).",
                "2. Fetch the hash tiles under /log/tile/ and the entries under"
                    + " /log/tile/entries/, recompute the root hash and compare it with the"
                    + " checkpoint's.",
                "3. Keep the checkpoint. Next time, ask for a consistency proof to check that the"
                    + " log only grew: nothing was changed or removed.",
                "Steward's own command does all three:")
            .pre(
                "curl -s BASE/log/checkpoint\n"
                    + "steward log verify BASE/log --key '"
                    + key
                    + "' --state seen.json\n"
                    + "steward receipt verify receipt.json --key '"
                    + key
                    + "'"));
    sections.add(
        Section.of("Look up a receipt")
            .id("receipt")
            .paragraphs(
                "A service that used AI for you can give you the request id and the commitment"
                    + " salt of that exchange. With both, you can see the exchange's entries in"
                    + " the log and the proof that they are in it. The log never holds the words"
                    + " of a prompt or a response: only a salted commitment to them.")
            .form(
                Form.search(
                    "/transparency/receipt",
                    List.of(
                        Field.text("request-id", "Request id", "For example, req_01J…"),
                        Field.text(
                            "salt",
                            "Commitment salt",
                            "The X-Steward-Commitment-Salt the service was given")),
                    "Look up receipt")));
    return Page.of("Transparency log", sections)
        .withLead(
            "Every exchange Steward serves, every key issued or revoked, every policy change,"
                + " kill switch and approval is committed to this append-only log.");
  }

  /** The receipt page: the receipt when found, else the lookup form with an error. */
  Page receipt(String requestId, String salt, @Nullable Receipt receipt) {
    if (receipt == null) {
      String error =
          requestId.isBlank() || salt.isBlank()
              ? "Enter the request id and the commitment salt"
              : "No receipt matches this request id and salt";
      return Page.of(
              "Look up a receipt",
              List.of(
                  Section.of("Request id and salt")
                      .form(
                          Form.search(
                              "/transparency/receipt",
                              List.of(
                                  Field.text("request-id", "Request id", null)
                                      .value(requestId)
                                      .error(requestId.isBlank() ? error : null),
                                  Field.text("salt", "Commitment salt", null)
                                      .value(salt)
                                      .error(requestId.isBlank() ? null : error)),
                              "Look up receipt"))))
          .withErrors(
              List.of(new Page.Link(error, requestId.isBlank() ? "#f-request-id" : "#f-salt")));
    }
    List<Section> sections = new ArrayList<>();
    sections.add(
        Section.of("Checkpoint the proofs lead to")
            .summary(
                List.of(
                    Summary.of("Log name (origin)", receipt.origin()),
                    Summary.of("Verifier key", receipt.verifierKey())))
            .pre(receipt.checkpoint()));
    for (Receipt.Entry e : receipt.entries()) {
      sections.add(
          Section.of("Entry " + e.index())
              .summary(
                  List.of(
                      Summary.of("Leaf hash (base64)", e.leafHash().base64()),
                      new Summary(
                          "Inclusion proof",
                          e.inclusionProof().stream().map(h -> h.base64()).toList(),
                          null)))
              .pre(new String(e.entry(), StandardCharsets.UTF_8)));
    }
    sections.add(
        Section.of("Check it yourself")
            .paragraphs("Download the receipt and verify it offline with the log's verifier key:")
            .pre("steward receipt verify receipt.json --key '" + receipt.verifierKey() + "'")
            .links(
                List.of(
                    new Page.Link(
                        "Download the receipt (JSON)",
                        "/transparency/receipt.json?request-id="
                            + Urls.encode(requestId)
                            + "&salt="
                            + Urls.encode(salt)))));
    return Page.of("Receipt for " + requestId, sections)
        .withCaption("Transparency log")
        .withLead(
            "This exchange is in the log. The entries below are exactly what was committed: no"
                + " prompt or response text, only a salted commitment to them.");
  }

  Page benefits() {
    YearMonth month = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC));
    BenefitsReport report = report(BenefitsReport.Period.parse(month.toString()), Grouping.DEPT);
    return Page.of(
            "Benefits",
            List.of(
                Section.of("This month by department")
                    .paragraphs(
                        "Time saved is what services report for each answer they used, or the use"
                            + " case's baseline minutes for an accepted answer (half for an"
                            + " edited one).")
                    .table(byGroup(report, "Department", "No exchanges yet this month.")),
                Section.of("The last " + CHART_DAYS + " days")
                    .table(daily(false).chart("Requests and hours saved per day"))))
        .withCaption(month.toString())
        .withLead("What AI in public services costs, and what it saves, measured per exchange.");
  }

  // ------------------------------------------------------------------------------------ admin

  Page signIn(@Nullable String error) {
    Field key =
        Field.text("admin-key", "Admin key", "The server.admin-key of this gateway's configuration")
            .kind("password")
            .autocomplete("current-password")
            .error(error);
    Page page =
        Page.of(
            "Sign in to Steward admin",
            List.of(
                Section.of("Admin key").form(Form.post("/admin/login", List.of(key), "Sign in"))));
    return error == null ? page : page.withErrors(List.of(new Page.Link(error, "#f-admin-key")));
  }

  Page overview(List<ApprovalRow> approvals, List<KillSwitch> switches, List<ApiKeyRecord> keys) {
    Instant now = clock.instant();
    long useCases = config.useCases().size();
    return Page.of(
        "Overview",
        List.of(
            Section.of("At a glance")
                .summary(
                    List.of(
                        Summary.of("Policy version", config.policyVersion()),
                        Summary.of("Departments", String.valueOf(config.departments().size())),
                        Summary.of("Use cases", String.valueOf(useCases)),
                        Summary.of(
                            "Active keys",
                            String.valueOf(
                                keys.stream().filter(k -> k.revokedAt() == null).count())),
                        Summary.of(
                            "Active approvals",
                            String.valueOf(
                                approvals.stream().filter(a -> a.activeAt(now)).count())),
                        new Summary(
                            "Kill switches engaged",
                            List.of(
                                String.valueOf(switches.stream().filter(s -> !s.lifted()).count())),
                            switches.stream().anyMatch(s -> !s.lifted()) ? "Engaged" : null))),
            Section.of("Manage")
                .links(
                    List.of(
                        new Page.Link("Services and keys", "/admin/services"),
                        new Page.Link("Models and approvals", "/admin/models"),
                        new Page.Link("Evaluations", "/admin/evaluations"),
                        new Page.Link("Spend and benefits", "/admin/spend"),
                        new Page.Link("Policy", "/admin/policy"),
                        new Page.Link("Kill switches", "/admin/kill-switches")))));
  }

  Page services(List<ApiKeyRecord> keys, Map<String, String> form, Map<String, String> errors) {
    List<Row> useCases = new ArrayList<>();
    List<Option> options = new ArrayList<>();
    options.add(Option.of("", "Choose a use case"));
    for (Place p : places()) {
      UseCaseConfig u = p.useCase();
      useCases.add(
          Row.of(
              Cell.text(p.path()),
              Cell.text(u.purpose()),
              Cell.text(String.join(", ", u.models())),
              Cell.text(u.defaultClassification().toString()),
              Cell.text(u.humanReview() ? "Required" : "No")));
      options.add(new Option(p.path(), p.path(), p.path().equals(form.get("use-case"))));
    }
    List<Row> keyRows =
        keys.stream()
            .map(
                k ->
                    Row.of(
                        Cell.text(k.display()),
                        Cell.text(k.principal().toString()),
                        Cell.text(k.label()),
                        Cell.text(day(k.createdAt())),
                        k.revokedAt() == null ? Cell.tag("Active") : Cell.text("Revoked"),
                        k.revokedAt() == null
                            ? Cell.button(
                                new Form.Button(
                                    "/admin/keys/" + Urls.encode(k.id()) + "/revoke",
                                    "Revoke",
                                    "key " + k.display(),
                                    true))
                            : Cell.text("")))
            .toList();
    Page page =
        Page.of(
            "Services and keys",
            List.of(
                Section.of("Use cases")
                    .table(
                        Table.of(
                            "Departments, services and their use cases",
                            List.of(
                                Header.text("Use case"),
                                Header.text("Purpose"),
                                Header.text("Models"),
                                Header.text("Default classification"),
                                Header.text("Human review")),
                            useCases,
                            "No use cases are configured.")),
                Section.of("API keys")
                    .table(
                        Table.of(
                            "Keys, revoked ones included",
                            List.of(
                                Header.text("Key"),
                                Header.text("Use case"),
                                Header.text("Label"),
                                Header.text("Created"),
                                Header.text("Status"),
                                Header.text("Action")),
                            keyRows,
                            "No keys yet.")),
                Section.of("Create a key")
                    .id("create-key")
                    .paragraphs(
                        "The key is shown once, on the next page. Steward keeps only its hash.")
                    .form(
                        Form.post(
                            "/admin/keys",
                            List.of(
                                Field.select("use-case", "Use case", options)
                                    .error(errors.get("use-case")),
                                Field.text("label", "Label", "Who or what will use it")
                                    .value(form.get("label"))
                                    .error(errors.get("label"))),
                            "Create key"))));
    return withErrors(page, errors);
  }

  Page models(List<ApprovalRow> approvals, Map<String, String> form, Map<String, String> errors) {
    Instant now = clock.instant();
    List<Row> models = new ArrayList<>();
    for (ModelConfig m : config.models().values()) {
      for (RouteConfig r : m.routes()) {
        ProviderConfig p = config.providers().get(r.provider());
        models.add(
            Row.of(
                Cell.text(m.alias()),
                Cell.text(r.id()),
                Cell.text(ModelVersion.of(r)),
                Cell.text(p == null ? "" : p.residency().toString()),
                Cell.text(p != null && p.sovereign() ? "Yes" : "No"),
                Cell.number(String.valueOf(r.priority()))));
      }
    }
    List<Row> granted =
        approvals.stream()
            .map(
                a ->
                    Row.of(
                        Cell.text(a.useCase()),
                        Cell.text(a.modelVersion()),
                        Cell.text(day(a.grantedAt()) + " by " + a.grantedBy()),
                        Cell.text(day(a.expiresAt())),
                        a.activeAt(now)
                            ? Cell.tag("Active")
                            : Cell.text(a.revokedAt() != null ? "Revoked" : "Expired")))
            .toList();
    List<Option> gated = new ArrayList<>();
    gated.add(Option.of("", "Choose a use case"));
    for (Place p : places()) {
      if (p.useCase().approvals().gated()) {
        gated.add(new Option(p.path(), p.path(), p.path().equals(form.get("use-case"))));
      }
    }
    List<Option> aliases = new ArrayList<>();
    aliases.add(Option.of("", "Choose a model"));
    config
        .models()
        .keySet()
        .forEach(a -> aliases.add(new Option(a, a, a.equals(form.get("model")))));
    List<Option> active = new ArrayList<>();
    active.add(Option.of("", "Choose an approval"));
    approvals.stream()
        .filter(a -> a.activeAt(now))
        .forEach(
            a ->
                active.add(
                    new Option(
                        a.id(),
                        a.useCase() + " – " + a.modelVersion(),
                        a.id().equals(form.get("approval")))));
    Page page =
        Page.of(
            "Models and approvals",
            List.of(
                Section.of("Models and their routes")
                    .table(
                        Table.of(
                            "Model aliases, the routes that serve them and their versions",
                            List.of(
                                Header.text("Alias"),
                                Header.text("Route"),
                                Header.text("Model version"),
                                Header.text("Residency"),
                                Header.text("Sovereign"),
                                Header.number("Priority")),
                            models,
                            "No models are configured.")),
                Section.of("Approvals")
                    .table(
                        Table.of(
                            "Approvals of model versions for gated use cases, newest first",
                            List.of(
                                Header.text("Use case"),
                                Header.text("Model version"),
                                Header.text("Granted"),
                                Header.text("Expires"),
                                Header.text("Status")),
                            granted,
                            "No approvals granted yet.")),
                Section.of("Grant an approval")
                    .id("grant")
                    .paragraphs(
                        "Steward grants it only when the stored evaluation evidence meets the use"
                            + " case's rules, and commits it to the log.")
                    .form(
                        Form.post(
                            "/admin/approvals",
                            List.of(
                                Field.select("use-case", "Use case", gated)
                                    .error(errors.get("use-case")),
                                Field.select("model", "Model", aliases).error(errors.get("model")),
                                Field.text("note", "Note", "Why, for the public log")
                                    .kind("textarea")
                                    .value(form.get("note"))
                                    .error(errors.get("note"))),
                            "Grant approval")),
                Section.of("Revoke an approval")
                    .id("revoke")
                    .form(
                        Form.post(
                                "/admin/approvals/revoke",
                                List.of(
                                    Field.select("approval", "Approval", active)
                                        .error(errors.get("approval")),
                                    Field.text("revoke-note", "Note", "Why, for the public log")
                                        .kind("textarea")
                                        .error(errors.get("revoke-note"))),
                                "Revoke approval")
                            .asWarning())));
    return withErrors(page, errors);
  }

  Page evaluations(List<EvalRunRow> runs) {
    List<Row> rows =
        runs.stream()
            .map(
                r ->
                    Row.of(
                        Cell.text(r.id()),
                        Cell.text(r.suite()),
                        Cell.text(r.modelVersion()),
                        Cell.text(r.status().name().toLowerCase(Locale.ROOT)),
                        Cell.number(r.samplesDone() + " of " + r.samplesTotal()),
                        Cell.number(String.valueOf(r.errors())),
                        Cell.text(day(r.startedAt()))))
            .toList();
    return Page.of(
            "Evaluations",
            List.of(
                Section.of("Runs")
                    .paragraphs(
                        "Start a run with steward eval run SUITE --model ALIAS; its results are"
                            + " the evidence approvals rest on.")
                    .table(
                        Table.of(
                            "The latest 100 evaluation runs, newest first",
                            List.of(
                                Header.text("Run"),
                                Header.text("Suite"),
                                Header.text("Model version"),
                                Header.text("Status"),
                                Header.number("Samples"),
                                Header.number("Errors"),
                                Header.text("Started")),
                            rows,
                            "No evaluation runs yet."))))
        .withLead(
            "Safety evaluations of each model version, run by Steward or imported from Inspect.");
  }

  Page spend() {
    YearMonth month = YearMonth.from(clock.instant().atZone(ZoneOffset.UTC));
    BenefitsReport.Period period = BenefitsReport.Period.parse(month.toString());
    BenefitsReport byDepartment = report(period, Grouping.DEPT);
    return Page.of(
            "Spend and benefits",
            List.of(
                Section.of("Spend per day")
                    .table(daily(true).chart("Spend (GBP) and hours saved per day")),
                Section.of("This month by department")
                    .table(byGroup(byDepartment, "Department", "No exchanges yet.")),
                Section.of("Denials and redactions this month")
                    .paragraphs(
                        "Requests refused, by reason code (docs/spec/reasons.md), and what the"
                            + " guards masked, redacted, pseudonymised, blocked or stripped, by"
                            + " action and type. Never the content.")
                    .table(reasons(byDepartment.total())),
                Section.of("This month by service")
                    .table(
                        byGroup(report(period, Grouping.SERVICE), "Service", "No exchanges yet."))))
        .withCaption(month.toString())
        .withLead(
            "Export any period as JSON or CSV with steward report benefits --period … --format"
                + " csv.");
  }

  Page policy() {
    List<Row> useCases =
        places().stream()
            .map(
                p -> {
                  UseCaseConfig u = p.useCase();
                  return Row.of(
                      Cell.text(p.path()),
                      Cell.text(u.models().isEmpty() ? "Any" : String.join(", ", u.models())),
                      Cell.text(
                          u.defaultClassification()
                              + (u.refuseUnlabelled() ? ", unlabelled refused" : "")),
                      Cell.text(
                          String.join(
                              ", ",
                              u.residencies().stream().map(Object::toString).sorted().toList())),
                      Cell.text(u.humanReview() ? "Required" : "No"),
                      Cell.text(u.approvals().gated() ? "Gated on evidence" : "Not gated"));
                })
            .toList();
    List<Row> providers =
        config.providers().values().stream()
            .map(
                p ->
                    Row.of(
                        Cell.text(p.name()),
                        Cell.text(p.protocol().toString()),
                        Cell.text(p.residency().toString()),
                        Cell.text(p.maxClassification().toString()),
                        Cell.text(p.sovereign() ? "Yes" : "No")))
            .toList();
    return Page.of(
            "Policy",
            List.of(
                Section.of("Version")
                    .summary(
                        List.of(
                            Summary.of("Policy version", config.policyVersion()),
                            Summary.of("SHA-256 of the configuration", config.sourceSha256())))
                    .paragraphs(
                        "Each new version is committed to the transparency log with this hash"
                            + " when a gateway adopts it."),
                Section.of("Use cases")
                    .table(
                        Table.of(
                            "What each use case may do",
                            List.of(
                                Header.text("Use case"),
                                Header.text("Models"),
                                Header.text("Classification"),
                                Header.text("Residency"),
                                Header.text("Human review"),
                                Header.text("Approvals")),
                            useCases,
                            "No use cases are configured.")),
                Section.of("Providers")
                    .table(
                        Table.of(
                            "Providers and their ceilings",
                            List.of(
                                Header.text("Provider"),
                                Header.text("Protocol"),
                                Header.text("Residency"),
                                Header.text("Highest classification"),
                                Header.text("Sovereign")),
                            providers,
                            "No providers are configured."))))
        .withLead("The policy this gateway enforces, as loaded from its configuration.");
  }

  Page killSwitches(List<KillSwitch> recent, Map<String, String> form, Map<String, String> errors) {
    List<Row> rows =
        recent.stream()
            .map(
                s ->
                    Row.of(
                        Cell.text(s.id()),
                        Cell.text(s.scope() + " " + s.target()),
                        Cell.text(s.note()),
                        Cell.text(day(s.engagedAt()) + " by " + s.actor()),
                        s.lifted() ? Cell.text("Lifted") : Cell.tag("Engaged")))
            .toList();
    List<Option> scopes = new ArrayList<>();
    scopes.add(Option.of("", "Choose what to stop"));
    for (String scope : List.of("provider", "model", "use-case")) {
      scopes.add(new Option(scope, scope, scope.equals(form.get("scope"))));
    }
    List<Option> engaged = new ArrayList<>();
    engaged.add(Option.of("", "Choose a kill switch"));
    recent.stream()
        .filter(s -> !s.lifted())
        .forEach(
            s ->
                engaged.add(
                    new Option(
                        s.id(), s.scope() + " " + s.target(), s.id().equals(form.get("switch")))));
    Page page =
        Page.of(
                "Kill switches",
                List.of(
                    Section.of("Kill switches")
                        .table(
                            Table.of(
                                "Engaged kill switches, then the latest lifted",
                                List.of(
                                    Header.text("Switch"),
                                    Header.text("Stops"),
                                    Header.text("Incident note"),
                                    Header.text("Engaged"),
                                    Header.text("Status")),
                                rows,
                                "No kill switch has been engaged.")),
                    Section.of("Engage a kill switch")
                        .id("engage")
                        .paragraphs(
                            "Every gateway node stops serving the target within a second. The note"
                                + " is public, in the transparency log.")
                        .form(
                            Form.post(
                                    "/admin/kill-switches",
                                    List.of(
                                        Field.select("scope", "Scope", scopes)
                                            .error(errors.get("scope")),
                                        Field.text(
                                                "target",
                                                "Target",
                                                "A provider name, a model alias or a use case"
                                                    + " (department/service/use-case)")
                                            .value(form.get("target"))
                                            .error(errors.get("target")),
                                        Field.text("note", "Incident note", null)
                                            .kind("textarea")
                                            .value(form.get("note"))
                                            .error(errors.get("note"))),
                                    "Engage kill switch")
                                .asWarning()),
                    Section.of("Lift a kill switch")
                        .id("lift")
                        .form(
                            Form.post(
                                "/admin/kill-switches/lift",
                                List.of(
                                    Field.select("switch", "Kill switch", engaged)
                                        .error(errors.get("switch")),
                                    Field.text("lift-note", "Note", null)
                                        .kind("textarea")
                                        .error(errors.get("lift-note"))),
                                "Lift kill switch"))))
            .withLead("Stop a provider, a model or a use case at once, on every node.");
    return withErrors(page, errors);
  }

  // ------------------------------------------------------------------------------------ parts

  /** Groupings of the benefits tables. */
  enum Grouping {
    DEPT(BenefitsReport.Grouping.DEPARTMENT),
    SERVICE(BenefitsReport.Grouping.SERVICE);

    final BenefitsReport.Grouping by;

    Grouping(BenefitsReport.Grouping by) {
      this.by = by;
    }
  }

  private BenefitsReport report(BenefitsReport.Period period, Grouping grouping) {
    return BenefitsReport.fromStore(
        config, period, grouping.by, storage.ledger(), storage.outcomes());
  }

  /** A group's name as people know it: the department's or service's configured name. */
  private String label(String key) {
    String[] parts = key.split("/", -1);
    DepartmentConfig d = config.departments().get(parts[0]);
    if (d == null) {
      return key;
    }
    if (parts.length == 1) {
      return d.name();
    }
    ServiceConfig s = d.services().get(parts[1]);
    return s == null ? key : s.name() + " (" + d.name() + ")";
  }

  private Table byGroup(BenefitsReport report, String what, String empty) {
    List<Row> rows =
        report.groups().stream()
            .map(
                g ->
                    Row.of(
                        Cell.text(label(g.key())),
                        Cell.number(String.valueOf(g.requests())),
                        Cell.number(pounds(g.spendGbp())),
                        Cell.number(percent(g.sovereignShare())),
                        Cell.number(percent(g.acceptanceRate())),
                        Cell.number(hours(g.minutesSaved())),
                        Cell.number(
                            g.costPerAcceptedTaskGbp() == null
                                ? "–"
                                : "£"
                                    + g.costPerAcceptedTaskGbp().setScale(2, RoundingMode.HALF_UP)),
                        Cell.number(
                            String.valueOf(
                                g.denied().values().stream().mapToLong(Long::longValue).sum()))))
            .toList();
    return Table.of(
        report.period().label() + " by " + what.toLowerCase(Locale.ROOT),
        List.of(
            Header.text(what),
            Header.number("Requests"),
            Header.number("Spend"),
            Header.number("Sovereign share"),
            Header.number("Acceptance rate"),
            Header.number("Hours saved"),
            Header.number("Cost per accepted task"),
            Header.number("Denied")),
        rows,
        empty);
  }

  /** The total's denials by reason code and redactions by action and type, most frequent first. */
  private static Table reasons(BenefitsReport.Group total) {
    List<Row> rows = new ArrayList<>();
    total.denied().entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(
            e ->
                rows.add(
                    Row.of(
                        Cell.text(e.getKey()),
                        Cell.text("Refused"),
                        Cell.number(String.valueOf(e.getValue())))));
    total.redactions().entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(
            e ->
                rows.add(
                    Row.of(
                        Cell.text(e.getKey()),
                        Cell.text("Redacted"),
                        Cell.number(String.valueOf(e.getValue())))));
    return Table.of(
        "Reasons, most frequent first",
        List.of(Header.text("Reason"), Header.text("What happened"), Header.number("Count")),
        rows,
        "Nothing was refused or redacted this month.");
  }

  /** One row per day of the last {@link #CHART_DAYS}: requests or spend, and hours saved. */
  private Table daily(boolean spend) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    LocalDate first = today.minusDays(CHART_DAYS - 1L);
    BenefitsReport.Period all = BenefitsReport.Period.parse(first + ".." + today.plusDays(1));
    List<Outcome> outcomes = storage.outcomes().since(all.from(), BenefitsReport.OUTCOMES_UNTIL);
    Map<LocalDate, BenefitsReport> days = new TreeMap<>();
    for (LocalDate d = first; !d.isAfter(today); d = d.plusDays(1)) {
      BenefitsReport.Period p = BenefitsReport.Period.parse(d.toString());
      days.put(
          d,
          BenefitsReport.compute(
              config,
              p,
              BenefitsReport.Grouping.DEPARTMENT,
              each -> storage.ledger().forEach(p.from(), p.to(), each),
              outcomes));
    }
    List<Row> rows = new ArrayList<>();
    days.forEach(
        (d, r) -> {
          long requests = r.groups().stream().mapToLong(BenefitsReport.Group::requests).sum();
          BigDecimal gbp =
              r.groups().stream()
                  .map(BenefitsReport.Group::spendGbp)
                  .reduce(BigDecimal.ZERO, BigDecimal::add);
          BigDecimal minutes =
              r.groups().stream()
                  .map(BenefitsReport.Group::minutesSaved)
                  .reduce(BigDecimal.ZERO, BigDecimal::add);
          rows.add(
              Row.of(
                  Cell.text(d.toString()),
                  spend ? Cell.number(decimal(gbp)) : Cell.number(String.valueOf(requests)),
                  Cell.number(hours(minutes))));
        });
    return Table.of(
        "Per day, " + first + " to " + today,
        List.of(
            Header.text("Day"),
            Header.number(spend ? "Spend (GBP)" : "Requests"),
            Header.number("Hours saved")),
        rows,
        "No days.");
  }

  private static Page withErrors(Page page, Map<String, String> errors) {
    if (errors.isEmpty()) {
      return page;
    }
    return page.withErrors(
        errors.entrySet().stream()
            .map(e -> new Page.Link(e.getValue(), "#f-" + e.getKey()))
            .toList());
  }

  /** A use case and its path, {@code department/service/use-case}. */
  private record Place(String path, UseCaseConfig useCase) {}

  private List<Place> places() {
    List<Place> out = new ArrayList<>();
    for (DepartmentConfig d : config.departments().values()) {
      for (ServiceConfig s : d.services().values()) {
        for (UseCaseConfig u : s.useCases().values()) {
          out.add(new Place(d.id() + "/" + s.id() + "/" + u.id(), u));
        }
      }
    }
    out.sort(java.util.Comparator.comparing(Place::path));
    return out;
  }

  /** An amount in pounds: to the penny, or to two significant figures below a penny. */
  static String pounds(BigDecimal gbp) {
    return "£" + decimal(gbp);
  }

  private static String decimal(BigDecimal gbp) {
    if (gbp.signum() != 0 && gbp.abs().compareTo(new BigDecimal("0.01")) < 0) {
      return gbp.round(new java.math.MathContext(2, RoundingMode.HALF_UP)).toPlainString();
    }
    return gbp.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  private static String percent(@Nullable Double ratio) {
    return ratio == null ? "–" : String.format(Locale.UK, "%.0f%%", ratio * 100);
  }

  private static String hours(BigDecimal minutes) {
    return minutes.divide(BigDecimal.valueOf(60), 1, RoundingMode.HALF_UP).toPlainString();
  }

  private static String day(Instant t) {
    return t.atZone(ZoneOffset.UTC).toLocalDate().toString();
  }
}
