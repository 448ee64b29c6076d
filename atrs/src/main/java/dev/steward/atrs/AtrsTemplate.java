package dev.steward.atrs;

import dev.steward.atrs.AtrsRecord.Kind;
import java.util.List;

/**
 * The tier 1 and tier 2 fields of the ATRS 3.0 template (data/atrs/atrs-v3.0-template_table.md), in
 * template order, with the ids Steward gives them. The metadata and title fields (0.x) are left to
 * whoever publishes the record.
 */
final class AtrsTemplate {
  private AtrsTemplate() {}

  /** One field: its id's last part is the template's attribute in kebab-case. */
  record Spec(String slug, String reference, String title, boolean required, Kind kind) {}

  /** A tier 2 section. */
  record SectionSpec(String slug, String reference, String title, List<Spec> fields) {}

  static final List<Spec> TIER1 =
      List.of(
          text("name", "1.1", "Name", true),
          text("description", "1.2", "Description", true),
          text("website-url", "1.3", "Website URL", true),
          text("contact-email", "1.4", "Contact email", true));

  static final List<SectionSpec> TIER2 =
      List.of(
          new SectionSpec(
              "owner",
              "2.1",
              "Owner and Responsibility",
              List.of(
                  text("organisation-or-department", "2.1.1", "Organisation or department", true),
                  text("team", "2.1.2", "Team", true),
                  text("senior-responsible-owner", "2.1.3", "Senior responsible owner", true),
                  text(
                      "external-supplier-involvement",
                      "2.1.4",
                      "External supplier involvement",
                      true),
                  list("external-supplier", "2.1.4.1", "External supplier", false),
                  text("companies-house-number", "2.1.4.2", "Companies House Number", false),
                  text("external-supplier-role", "2.1.4.3", "External supplier role", false),
                  text(
                      "procurement-procedure-type", "2.1.4.4", "Procurement procedure type", false),
                  text("data-access-terms", "2.1.4.5", "Data access terms", false))),
          new SectionSpec(
              "description",
              "2.2",
              "Description and Rationale",
              List.of(
                  text("detailed-description", "2.2.1", "Detailed description", false),
                  text("scope", "2.2.2", "Scope", true),
                  text("benefit", "2.2.3", "Benefit", true),
                  text("previous-process", "2.2.4", "Previous process", false),
                  list("alternatives-considered", "2.2.5", "Alternatives considered", false))),
          new SectionSpec(
              "decision-making",
              "2.3",
              "Decision-making Process",
              List.of(
                  text("process-integration", "2.3.1", "Process integration", true),
                  text("provided-information", "2.3.2", "Provided information", true),
                  text(
                      "frequency-and-scale-of-usage",
                      "2.3.3",
                      "Frequency and scale of usage",
                      true),
                  text("human-decisions-and-review", "2.3.4", "Human decisions and review", true),
                  text("required-training", "2.3.5", "Required training", true),
                  text("appeals-and-review", "2.3.6", "Appeals and review", false))),
          new SectionSpec(
              "tool",
              "2.4.1",
              "Tool Specification",
              List.of(
                  text("system-architecture", "2.4.1.1", "System architecture", true),
                  text("phase", "2.4.1.2", "Phase", true),
                  text("maintenance", "2.4.1.3", "Maintenance", true),
                  list("models", "2.4.1.4", "Models", true))),
          new SectionSpec(
              "model",
              "2.4.2",
              "Model Specification",
              List.of(
                  list("model-name", "2.4.2.1", "Model name", true),
                  list("model-version", "2.4.2.2", "Model version", true),
                  list("model-task", "2.4.2.3", "Model task", true),
                  text("model-input", "2.4.2.4", "Model input", true),
                  text("model-output", "2.4.2.5", "Model output", true),
                  text("model-architecture", "2.4.2.6", "Model architecture", true),
                  list("model-performance", "2.4.2.7", "Model performance", true),
                  list("datasets", "2.4.2.8", "Datasets", true),
                  list("dataset-purposes", "2.4.2.9", "Dataset purposes", true))),
          new SectionSpec(
              "data",
              "2.4.3",
              "Data Specification",
              List.of(
                  list("source-data-name", "2.4.3.1", "Source data name", true),
                  text("data-modality", "2.4.3.2", "Data modality", true),
                  text("data-description", "2.4.3.3", "Data description", true),
                  text("data-quantities", "2.4.3.4", "Data quantities", true),
                  text("sensitive-attributes", "2.4.3.5", "Sensitive attributes", true),
                  text(
                      "data-completeness-and-representativeness",
                      "2.4.3.6",
                      "Data completeness and representativeness",
                      true),
                  text("source-data-url", "2.4.3.7", "Source data URL", true),
                  text("data-collection", "2.4.3.8", "Data collection", true),
                  text("data-cleaning", "2.4.3.9", "Data cleaning", false),
                  list("data-sharing-agreements", "2.4.3.10", "Data sharing agreements", true),
                  text("data-access-and-storage", "2.4.3.11", "Data access and storage", true))),
          new SectionSpec(
              "risks",
              "2.5",
              "Risks, mitigations and impact assessments",
              List.of(
                  list("impact-assessment", "2.5.1", "Impact assessment", true),
                  list("risks-and-mitigations", "2.5.2", "Risks and mitigations", true))));

  private static Spec text(String slug, String reference, String title, boolean required) {
    return new Spec(slug, reference, title, required, Kind.TEXT);
  }

  private static Spec list(String slug, String reference, String title, boolean required) {
    return new Spec(slug, reference, title, required, Kind.LIST);
  }
}
