package dev.steward.server;

import dev.steward.atrs.AtrsJson;
import dev.steward.atrs.AtrsRecord;
import dev.steward.config.DepartmentConfig;
import dev.steward.config.ServiceConfig;
import dev.steward.config.StewardConfig;
import dev.steward.store.Storage;
import dev.steward.web.AtrsPage;
import dev.steward.web.Frame;
import dev.steward.web.Page;
import dev.steward.web.Section;
import dev.steward.web.Table;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The public ATRS pages: {@code /atrs} lists the services, {@code /atrs/DEPARTMENT/SERVICE} shows a
 * service's record and {@code /atrs/DEPARTMENT/SERVICE.json} gives it as JSON (docs/spec/atrs.md).
 * Records are generated on each request from the live configuration and the evidence in the store.
 * Blocks (database).
 */
final class AtrsPages {
  private final StewardConfig config;
  private final Storage storage;
  private final InstantSource clock;

  AtrsPages(StewardConfig config, Storage storage, InstantSource clock) {
    this.config = config;
    this.storage = storage;
    this.clock = clock;
  }

  /** The answer to {@code path} (under {@code /atrs}), or empty when there is no such page. */
  Optional<Served> serve(String path) {
    if (path.equals("/atrs")) {
      return Optional.of(PageHandler.html(200, Frame.publicPage("/atrs"), index(), false));
    }
    String rest = path.substring("/atrs/".length());
    boolean json = rest.endsWith(".json");
    String id = json ? rest.substring(0, rest.length() - ".json".length()) : rest;
    String[] parts = id.split("/", -1);
    if (parts.length != 2) {
      return Optional.empty();
    }
    DepartmentConfig d = config.departments().get(parts[0]);
    ServiceConfig s = d == null ? null : d.services().get(parts[1]);
    if (d == null || s == null) {
      return Optional.empty();
    }
    AtrsRecord record = AtrsRecords.of(config, storage, clock, id);
    if (json) {
      return Optional.of(
          new Served(
              200,
              "application/json",
              Map.of("Cache-Control", "no-cache"),
              AtrsJson.write(record).getBytes(StandardCharsets.UTF_8)));
    }
    Page page = AtrsPage.of(record, s.name(), "/atrs/" + id + ".json");
    return Optional.of(PageHandler.html(200, Frame.publicPage(path), page, false));
  }

  private Page index() {
    List<Table.Row> rows = new ArrayList<>();
    List<DepartmentConfig> departments =
        config.departments().values().stream()
            .sorted(Comparator.comparing(DepartmentConfig::id))
            .toList();
    for (DepartmentConfig d : departments) {
      for (ServiceConfig s :
          d.services().values().stream().sorted(Comparator.comparing(ServiceConfig::id)).toList()) {
        String id = d.id() + "/" + s.id();
        rows.add(
            Table.Row.of(
                Table.Cell.link(s.name(), "/atrs/" + id),
                Table.Cell.text(d.name()),
                Table.Cell.number(String.valueOf(s.useCases().size()))));
      }
    }
    return Page.of(
            "Algorithmic transparency records",
            List.of(
                Section.of("Services")
                    .table(
                        Table.of(
                            "Services that use AI through Steward",
                            List.of(
                                Table.Header.text("Service"),
                                Table.Header.text("Department"),
                                Table.Header.number("Use cases")),
                            rows,
                            "No services are configured."))))
        .withLead(
            "Each service's record follows the Algorithmic Transparency Recording Standard. Steward"
                + " generates it from the service's configuration and the evidence it holds:"
                + " models and their versions, approvals, evaluation results, human review, the"
                + " data handled and the benefits measured.");
  }
}
