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
import dev.steward.store.Storage;
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
import java.time.Instant;
import java.time.InstantSource;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The content of Steward's admin pages, built from the configuration and the store: one method per
 * page, each returning a {@link Page} model. Forms are shown again with their values and errors
 * (keyed by field name). Blocks (database): call off the event loop.
 */
final class AdminPages {
  private final StewardConfig config;
  private final InstantSource clock;
  private final BenefitsTables tables;

  AdminPages(StewardConfig config, Storage storage, InstantSource clock) {
    this.config = config;
    this.clock = clock;
    this.tables = new BenefitsTables(config, storage, clock);
  }

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
      options.add(Option.of(p.path(), p.path()));
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
                                Field.select("use-case", "Use case", options),
                                Field.text("label", "Label", "Who or what will use it")),
                            "Create key"))));
    return filled(page, form, errors);
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
        gated.add(Option.of(p.path(), p.path()));
      }
    }
    List<Option> aliases = new ArrayList<>();
    aliases.add(Option.of("", "Choose a model"));
    config.models().keySet().forEach(a -> aliases.add(Option.of(a, a)));
    List<Option> active = new ArrayList<>();
    active.add(Option.of("", "Choose an approval"));
    approvals.stream()
        .filter(a -> a.activeAt(now))
        .forEach(a -> active.add(Option.of(a.id(), a.useCase() + " – " + a.modelVersion())));
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
                                Field.select("use-case", "Use case", gated),
                                Field.select("model", "Model", aliases),
                                Field.text("note", "Note", "Why, for the public log")
                                    .kind("textarea")),
                            "Grant approval")),
                Section.of("Revoke an approval")
                    .id("revoke")
                    .form(
                        Form.post(
                                "/admin/approvals/revoke",
                                List.of(
                                    Field.select("approval", "Approval", active),
                                    Field.text("revoke-note", "Note", "Why, for the public log")
                                        .kind("textarea")),
                                "Revoke approval")
                            .asWarning())));
    return filled(page, form, errors);
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
    BenefitsReport byDepartment = tables.report(period, BenefitsTables.Grouping.DEPT);
    return Page.of(
            "Spend and benefits",
            List.of(
                Section.of("Spend per day")
                    .table(tables.daily(true).chart("Spend (GBP) and hours saved per day")),
                Section.of("This month by department")
                    .table(tables.byGroup(byDepartment, "Department", "No exchanges yet.")),
                Section.of("Denials and redactions this month")
                    .paragraphs(
                        "Requests refused, by reason code (docs/spec/reasons.md), and what the"
                            + " guards masked, redacted, pseudonymised, blocked or stripped, by"
                            + " action and type. Never the content.")
                    .table(BenefitsTables.reasons(byDepartment.total())),
                Section.of("This month by service")
                    .table(
                        tables.byGroup(
                            tables.report(period, BenefitsTables.Grouping.SERVICE),
                            "Service",
                            "No exchanges yet."))))
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
      scopes.add(Option.of(scope, scope));
    }
    List<Option> engaged = new ArrayList<>();
    engaged.add(Option.of("", "Choose a kill switch"));
    recent.stream()
        .filter(s -> !s.lifted())
        .forEach(s -> engaged.add(Option.of(s.id(), s.scope() + " " + s.target())));
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
                                        Field.select("scope", "Scope", scopes),
                                        Field.text(
                                            "target",
                                            "Target",
                                            "A provider name, a model alias or a use case"
                                                + " (department/service/use-case)"),
                                        Field.text("note", "Incident note", null).kind("textarea")),
                                    "Engage kill switch")
                                .asWarning()),
                    Section.of("Lift a kill switch")
                        .id("lift")
                        .form(
                            Form.post(
                                "/admin/kill-switches/lift",
                                List.of(
                                    Field.select("switch", "Kill switch", engaged),
                                    Field.text("lift-note", "Note", null).kind("textarea")),
                                "Lift kill switch"))))
            .withLead("Stop a provider, a model or a use case at once, on every node.");
    return filled(page, form, errors);
  }

  /**
   * The page with its forms refilled from what was sent ({@code form}) and their errors, which the
   * error summary at the top also lists, each linking to its field.
   */
  private static Page filled(Page page, Map<String, String> form, Map<String, String> errors) {
    if (form.isEmpty() && errors.isEmpty()) {
      return page;
    }
    return page.refill(form, errors)
        .withErrors(
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

  private static String day(Instant t) {
    return t.atZone(ZoneOffset.UTC).toLocalDate().toString();
  }
}
