package dev.steward.server;

import dev.steward.config.StewardConfig;
import dev.steward.store.Storage;
import dev.steward.tlog.Checkpoint;
import dev.steward.tlog.Receipt;
import dev.steward.tlog.TileLog;
import dev.steward.web.Form;
import dev.steward.web.Form.Field;
import dev.steward.web.Page;
import dev.steward.web.Section;
import dev.steward.web.Section.Summary;
import dev.steward.web.Table;
import dev.steward.web.Table.Cell;
import dev.steward.web.Table.Header;
import dev.steward.web.Table.Row;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The content of Steward's public pages, built from the configuration and the store: one method per
 * page, each returning a {@link Page} model (rendered by {@code dev.steward.web.Pages}). Blocks
 * (database): call off the event loop. The admin pages are {@link AdminPages}.
 */
final class SitePages {
  private final StewardConfig config;
  private final InstantSource clock;
  private final @Nullable TileLog log;
  private final BenefitsTables tables;

  SitePages(StewardConfig config, Storage storage, InstantSource clock, @Nullable TileLog log) {
    this.config = config;
    this.clock = clock;
    this.log = log;
    this.tables = new BenefitsTables(config, storage, clock);
  }

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
    BenefitsReport report =
        tables.report(BenefitsReport.Period.parse(month.toString()), BenefitsTables.Grouping.DEPT);
    return Page.of(
            "Benefits",
            List.of(
                Section.of("This month by department")
                    .paragraphs(
                        "Time saved is what services report for each answer they used, or the use"
                            + " case's baseline minutes for an accepted answer (half for an"
                            + " edited one).")
                    .table(tables.byGroup(report, "Department", "No exchanges yet this month.")),
                Section.of("The last " + BenefitsTables.CHART_DAYS + " days")
                    .table(tables.daily(false).chart("Requests and hours saved per day"))))
        .withCaption(month.toString())
        .withLead("What AI in public services costs, and what it saves, measured per exchange.");
  }
}
