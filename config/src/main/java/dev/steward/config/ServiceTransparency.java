package dev.steward.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a service's Algorithmic Transparency Recording Standard record says that Steward cannot know
 * from its own configuration and evidence: who owns the service, why it exists, its phase, its
 * impact assessments, risks and data sources ({@code transparency:} of a service). Each key is the
 * ATRS field's attribute name in kebab-case, e.g. {@code senior-responsible-owner} (ATRS 3.0 field
 * 2.1.3); docs/spec/atrs.md lists them. A value given here wins over any value Steward would
 * generate for the same field.
 *
 * @param values the text of each field given, by key, in {@link #KEYS} order: one item for a
 *     {@linkplain #TEXT_KEYS text} field, one or more for a {@linkplain #LIST_KEYS list} field
 */
public record ServiceTransparency(Map<String, List<String>> values) {
  /** The fields whose value is one piece of text. */
  public static final List<String> TEXT_KEYS =
      List.of(
          "description",
          "website-url",
          "contact-email",
          "organisation-or-department",
          "team",
          "senior-responsible-owner",
          "external-supplier-involvement",
          "companies-house-number",
          "external-supplier-role",
          "procurement-procedure-type",
          "data-access-terms",
          "detailed-description",
          "scope",
          "benefit",
          "previous-process",
          "process-integration",
          "provided-information",
          "human-decisions-and-review",
          "required-training",
          "appeals-and-review",
          "system-architecture",
          "phase",
          "maintenance",
          "model-input",
          "model-output",
          "model-architecture",
          "data-modality",
          "data-description",
          "data-quantities",
          "sensitive-attributes",
          "data-completeness-and-representativeness",
          "source-data-url",
          "data-collection",
          "data-cleaning",
          "data-access-and-storage");

  /** The fields whose value is a list of items (a single string is a list of one). */
  public static final List<String> LIST_KEYS =
      List.of(
          "external-supplier",
          "alternatives-considered",
          "model-task",
          "datasets",
          "dataset-purposes",
          "source-data-name",
          "data-sharing-agreements",
          "impact-assessment",
          "risks-and-mitigations");

  /** Every key a {@code transparency:} block may hold: text keys, then list keys. */
  public static final List<String> KEYS =
      java.util.stream.Stream.concat(TEXT_KEYS.stream(), LIST_KEYS.stream()).toList();

  /** The phases a tool may be in ({@code phase}), as ATRS names them. */
  public static final Set<String> PHASES =
      Set.of("pre-deployment", "beta", "production", "retired");

  /** What {@code phase} must be: one of {@link #PHASES}. */
  public static final Pattern PHASE = Pattern.compile("pre-deployment|beta|production|retired");

  /** What {@code website-url} and {@code source-data-url} must look like. */
  public static final Pattern URL = Pattern.compile("https?://\\S+");

  /** What {@code contact-email} must look like. */
  public static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  /** No field given (declared after the key lists its constructor reads). */
  public static final ServiceTransparency NONE = new ServiceTransparency(Map.of());

  public ServiceTransparency {
    Map<String, List<String>> ordered = new LinkedHashMap<>();
    for (String key : KEYS) {
      List<String> v = values.get(key);
      if (v != null) {
        ordered.put(key, List.copyOf(v));
      }
    }
    for (Map.Entry<String, List<String>> e : values.entrySet()) {
      String key = e.getKey();
      List<String> v = e.getValue();
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException(
            "transparency." + key + ": unknown key (expected: one of " + KEYS + ")");
      }
      if (v.isEmpty() || v.stream().anyMatch(String::isBlank)) {
        throw new IllegalArgumentException(
            "transparency." + key + ": empty (expected: non-empty text)");
      }
      if (TEXT_KEYS.contains(key) && v.size() != 1) {
        throw new IllegalArgumentException(
            "transparency." + key + ": " + v.size() + " items (expected: one piece of text)");
      }
    }
    List<String> phase = ordered.get("phase");
    if (phase != null && !PHASES.contains(phase.get(0))) {
      throw new IllegalArgumentException(
          "transparency.phase: '"
              + phase.get(0)
              + "' (expected: pre-deployment, beta, production or retired)");
    }
    values = java.util.Collections.unmodifiableMap(ordered);
  }

  /** The value given for {@code key}, if any. */
  public Optional<List<String>> value(String key) {
    return Optional.ofNullable(values.get(key));
  }
}
