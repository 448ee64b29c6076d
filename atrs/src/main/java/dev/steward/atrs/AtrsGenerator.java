package dev.steward.atrs;

import dev.steward.atrs.AtrsEvidence.Approval;
import dev.steward.atrs.AtrsEvidence.Benefits;
import dev.steward.atrs.AtrsEvidence.DataHandled;
import dev.steward.atrs.AtrsEvidence.Evaluation;
import dev.steward.atrs.AtrsEvidence.Metric;
import dev.steward.atrs.AtrsEvidence.Model;
import dev.steward.atrs.AtrsEvidence.UseCase;
import dev.steward.atrs.AtrsRecord.Field;
import dev.steward.atrs.AtrsRecord.Kind;
import dev.steward.atrs.AtrsRecord.Section;
import dev.steward.atrs.AtrsRecord.Source;
import dev.steward.config.Classification;
import dev.steward.config.DepartmentConfig;
import dev.steward.config.GuardsConfig;
import dev.steward.config.GuardsConfig.InjectionAction;
import dev.steward.config.Residency;
import dev.steward.config.ServiceConfig;
import dev.steward.guard.PersonalDataAction;
import dev.steward.guard.PersonalDataType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes a service's ATRS record: a pure function of the service's configuration and the evidence
 * Steward holds of it.
 *
 * <p>Each field takes, in this order: the service's {@code transparency:} configuration for it
 * ({@link Source#CONFIG}); else the text Steward writes from its configuration and evidence ({@link
 * Source#GENERATED}), for the fields it has facts for; else no value ({@link Source#MISSING}).
 * Generated text states only configured or measured facts, in plain English, naming the use case
 * each sentence is about; where Steward holds no evidence for a field (no evaluation run, no
 * baseline minutes, no period of use measured) the field is missing rather than guessed.
 */
public final class AtrsGenerator {
  private AtrsGenerator() {}

  /**
   * The record of {@code service} of {@code department}.
   *
   * @param now when it is generated: its {@code generatedAt}
   */
  public static AtrsRecord generate(
      DepartmentConfig department, ServiceConfig service, AtrsEvidence evidence, Instant now) {
    Objects.requireNonNull(department, "department");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(now, "now");
    Facts facts = new Facts(department, service, evidence);
    List<Field> tier1 = new ArrayList<>();
    for (AtrsTemplate.Spec spec : AtrsTemplate.TIER1) {
      tier1.add(field("tier1", spec, service, facts));
    }
    List<Section> tier2 = new ArrayList<>();
    for (AtrsTemplate.SectionSpec s : AtrsTemplate.TIER2) {
      String sectionId = "tier2." + s.slug();
      List<Field> fields = new ArrayList<>();
      for (AtrsTemplate.Spec spec : s.fields()) {
        fields.add(field(sectionId, spec, service, facts));
      }
      tier2.add(new Section(sectionId, s.reference(), s.title(), fields));
    }
    return new AtrsRecord(
        department.id() + "/" + service.id(), now, AtrsRecord.TEMPLATE_VERSION, tier1, tier2);
  }

  private static Field field(
      String prefix, AtrsTemplate.Spec spec, ServiceConfig service, Facts facts) {
    String id = prefix + "." + spec.slug();
    List<String> configured = service.transparency().value(spec.slug()).orElse(List.of());
    if (!configured.isEmpty()) {
      return new Field(
          id,
          spec.reference(),
          spec.title(),
          spec.required(),
          spec.kind(),
          configured,
          Source.CONFIG);
    }
    List<String> generated = facts.generate(spec.slug());
    if (!generated.isEmpty()) {
      List<String> value =
          spec.kind() == Kind.TEXT ? List.of(String.join(" ", generated)) : generated;
      return new Field(
          id,
          spec.reference(),
          spec.title(),
          spec.required(),
          spec.kind(),
          value,
          Source.GENERATED);
    }
    return new Field(
        id,
        spec.reference(),
        spec.title(),
        spec.required(),
        spec.kind(),
        List.of(),
        Source.MISSING);
  }

  /** The generated text of each field Steward has facts for, as sentences or list items. */
  private static final class Facts {
    private final DepartmentConfig department;
    private final ServiceConfig service;
    private final AtrsEvidence evidence;

    Facts(DepartmentConfig department, ServiceConfig service, AtrsEvidence evidence) {
      this.department = department;
      this.service = service;
      this.evidence = evidence;
    }

    List<String> generate(String slug) {
      return switch (slug) {
        case "name" -> List.of(service.name());
        case "description" -> description();
        case "organisation-or-department" -> List.of(department.name());
        case "detailed-description" -> detailedDescription();
        case "scope" -> perUseCase(AtrsGenerator::scope);
        case "benefit" -> benefit();
        case "previous-process" -> previousProcess();
        case "provided-information" -> perUseCase(AtrsGenerator::providedInformation);
        case "frequency-and-scale-of-usage" -> frequency();
        case "human-decisions-and-review" -> perUseCase(AtrsGenerator::humanReview);
        case "system-architecture" -> systemArchitecture();
        case "maintenance" -> maintenance();
        case "models" -> models();
        case "model-name" -> modelNames();
        case "model-version" -> modelVersions();
        case "model-task" -> modelTasks();
        case "model-input" -> modelInput();
        case "model-output" -> modelOutput();
        case "model-performance" -> modelPerformance();
        case "sensitive-attributes" -> perUseCase(AtrsGenerator::sensitiveAttributes);
        case "data-cleaning" -> perUseCase(AtrsGenerator::dataCleaning);
        case "data-access-and-storage" -> dataAccess();
        default -> List.of();
      };
    }

    private String logSentence() {
      String origin = evidence.logOrigin();
      return "Every exchange is recorded in Steward's public transparency log"
          + (origin == null ? "" : " (" + origin + ")")
          + ".";
    }

    private List<String> perUseCase(java.util.function.Function<UseCase, String> sentence) {
      return evidence.useCases().stream().map(u -> u.id() + ": " + sentence.apply(u)).toList();
    }

    private List<String> description() {
      if (evidence.useCases().isEmpty()) {
        return List.of();
      }
      return List.of(
          service.name()
              + " uses AI models, reached through the Steward gateway, for: "
              + evidence.useCases().stream()
                  .map(u -> stripStop(u.purpose()))
                  .collect(Collectors.joining("; "))
              + ".");
    }

    private List<String> detailedDescription() {
      if (evidence.useCases().isEmpty()) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      out.add(
          "The service's applications call AI models through the Steward gateway, which gives"
              + " each request a security classification, applies the use case's personal-data"
              + " and prompt-injection guards, and sends it only to model routes allowed for that"
              + " classification and the use case's residency.");
      List<String> gated =
          evidence.useCases().stream().filter(UseCase::gated).map(UseCase::id).toList();
      if (!gated.isEmpty()) {
        out.add(
            "For "
                + String.join(", ", gated)
                + ", only model versions holding an approval based on safety evaluation results"
                + " are used.");
      }
      if (evidence.logged()) {
        out.add(logSentence());
      }
      return out;
    }

    private List<String> benefit() {
      Benefits b = evidence.benefits();
      if (b == null || b.requests() == 0) {
        return List.of();
      }
      List<String> parts = new ArrayList<>();
      Double rate = b.acceptanceRate();
      if (rate != null) {
        parts.add(
            percent(rate)
                + " of the answers whose outcome was reported were accepted ("
                + count(b.accepted())
                + " accepted, "
                + count(b.edited())
                + " accepted after editing, "
                + count(b.rejected())
                + " rejected)");
      }
      parts.add(number(b.minutesSaved()) + " minutes of staff time saved");
      parts.add("spend " + money(b.spendGbp()));
      BigDecimal perTask = b.costPerAcceptedTaskGbp();
      if (perTask != null) {
        parts.add(money(perTask) + " per accepted task");
      }
      Double sovereign = b.sovereignShare();
      if (sovereign != null) {
        parts.add(percent(sovereign) + " of answered requests served on sovereign compute");
      }
      return List.of("Measured " + period(b) + ": " + String.join("; ", parts) + ".");
    }

    private List<String> previousProcess() {
      List<String> out = new ArrayList<>();
      for (UseCase u : evidence.useCases()) {
        Double minutes = u.baselineMinutes();
        if (minutes != null) {
          out.add(
              u.id()
                  + ": without AI, a person spends about "
                  + number(BigDecimal.valueOf(minutes))
                  + " minutes on each task.");
        }
      }
      return out;
    }

    private List<String> frequency() {
      Benefits b = evidence.benefits();
      if (b == null) {
        return List.of();
      }
      if (b.requests() == 0) {
        return List.of("No requests " + period(b) + ".");
      }
      return List.of(
          count(b.requests())
              + " requests "
              + period(b)
              + ", of which "
              + count(b.served())
              + " were answered and "
              + count(b.requests() - b.served())
              + " refused or failed.");
    }

    private List<String> systemArchitecture() {
      List<String> out = new ArrayList<>();
      out.add(
          "The service reaches AI models only through the Steward gateway, which offers"
              + " OpenAI- and Anthropic-compatible HTTP APIs and applies policy, guards and"
              + " routing to each request.");
      Map<String, Model> providers = new LinkedHashMap<>();
      for (UseCase u : evidence.useCases()) {
        for (Model m : u.models()) {
          providers.putIfAbsent(m.provider(), m);
        }
      }
      if (!providers.isEmpty()) {
        out.add(
            "Model providers it may use now: "
                + providers.values().stream()
                    .map(
                        m ->
                            m.provider()
                                + " ("
                                + residency(m.residency())
                                + " residency, "
                                + (m.sovereign() ? "sovereign" : "not sovereign")
                                + ")")
                    .collect(Collectors.joining(", "))
                + ".");
      }
      return out;
    }

    private List<String> maintenance() {
      List<String> out = new ArrayList<>();
      for (UseCase u : evidence.useCases()) {
        Duration validFor = u.evidenceValidFor();
        if (u.gated() && validFor != null) {
          out.add(
              u.id()
                  + ": a model version may serve it only while it holds an approval; approvals"
                  + " rest on evaluation runs and lapse "
                  + duration(validFor)
                  + " after the run, so models are evaluated again to keep serving.");
        }
      }
      return out;
    }

    private List<String> models() {
      Map<String, List<String>> useCasesOf = new LinkedHashMap<>();
      Map<String, Model> routes = new LinkedHashMap<>();
      List<String> idle = new ArrayList<>();
      for (UseCase u : evidence.useCases()) {
        if (u.models().isEmpty()) {
          idle.add(u.id() + ": no model can serve it now" + whyIdle(u) + ".");
        }
        for (Model m : u.models()) {
          routes.putIfAbsent(m.modelVersion(), m);
          useCasesOf.computeIfAbsent(m.modelVersion(), k -> new ArrayList<>()).add(u.id());
        }
      }
      List<String> out = new ArrayList<>();
      routes.forEach(
          (v, m) ->
              out.add(
                  m.route()
                      + " ("
                      + (m.version() == null ? "version not stated" : "version " + m.version())
                      + ") via the "
                      + m.provider()
                      + " provider, "
                      + residency(m.residency())
                      + " residency, "
                      + (m.sovereign() ? "sovereign" : "not sovereign")
                      + "; used by "
                      + String.join(", ", Objects.requireNonNull(useCasesOf.get(v)))));
      out.addAll(idle);
      return out;
    }

    private List<String> modelNames() {
      Map<String, Model> aliases = new LinkedHashMap<>();
      for (UseCase u : evidence.useCases()) {
        for (Model m : u.models()) {
          aliases.putIfAbsent(m.alias(), m);
        }
      }
      return aliases.values().stream()
          .map(m -> m.description() == null ? m.alias() : m.alias() + ": " + m.description())
          .toList();
    }

    private List<String> modelVersions() {
      Map<String, Model> versions = new LinkedHashMap<>();
      for (UseCase u : evidence.useCases()) {
        for (Model m : u.models()) {
          versions.putIfAbsent(m.modelVersion(), m);
        }
      }
      return versions.values().stream()
          .map(
              m ->
                  m.alias()
                      + " on "
                      + m.provider()
                      + ": model "
                      + m.model()
                      + ", "
                      + (m.version() == null ? "version not stated" : "version " + m.version())
                      + "; evaluation evidence and approvals name it "
                      + m.modelVersion())
          .toList();
    }

    private List<String> modelTasks() {
      Map<String, List<String>> useCasesOf = new LinkedHashMap<>();
      Map<String, Model> aliases = new LinkedHashMap<>();
      for (UseCase u : evidence.useCases()) {
        for (Model m : u.models()) {
          aliases.putIfAbsent(m.alias(), m);
          List<String> ucs = useCasesOf.computeIfAbsent(m.alias(), k -> new ArrayList<>());
          if (!ucs.contains(u.id())) {
            ucs.add(u.id());
          }
        }
      }
      List<String> out = new ArrayList<>();
      aliases.forEach(
          (alias, m) ->
              out.add(
                  alias
                      + " ("
                      + m.kind()
                      + " model): "
                      + (isChat(m) ? "answers requests" : "embeds text")
                      + " for "
                      + String.join(", ", Objects.requireNonNull(useCasesOf.get(alias)))));
      return out;
    }

    private List<String> modelInput() {
      Set<String> kinds = kinds();
      List<String> out = new ArrayList<>();
      if (kinds.contains("chat")) {
        out.add("Chat messages sent by the service's applications.");
      }
      if (kinds.contains("embedding")) {
        out.add("Text to embed, sent by the service's applications.");
      }
      if (!out.isEmpty()
          && evidence.useCases().stream()
              .anyMatch(u -> u.data().guards().personalData().scansInput())) {
        out.add(
            "Steward's personal-data guard acts on requests before they reach a model (see data"
                + " cleaning).");
      }
      return out;
    }

    private List<String> modelOutput() {
      Set<String> kinds = kinds();
      List<String> out = new ArrayList<>();
      if (kinds.contains("chat")) {
        out.add("Text answers (chat completions).");
      }
      if (kinds.contains("embedding")) {
        out.add("Embeddings: lists of numbers that represent the meaning of a text.");
      }
      return out;
    }

    private Set<String> kinds() {
      Set<String> kinds = new LinkedHashSet<>();
      for (UseCase u : evidence.useCases()) {
        for (Model m : u.models()) {
          kinds.add(m.kind());
        }
      }
      return kinds;
    }

    private List<String> modelPerformance() {
      List<String> out = new ArrayList<>();
      for (Evaluation e : evidence.evaluations()) {
        out.add(evaluation(e));
      }
      for (UseCase u : evidence.useCases()) {
        if (!u.gated()) {
          continue;
        }
        Duration validFor = u.evidenceValidFor();
        out.add(
            u.id()
                + " is served only by model versions whose latest evaluation shows "
                + String.join(" and ", u.approvalRules())
                + (validFor == null ? "" : ", from a run at most " + duration(validFor) + " old")
                + ".");
        for (Approval a : u.approvals()) {
          out.add(
              a.modelVersion()
                  + " is approved for "
                  + u.id()
                  + " until "
                  + date(a.expiresAt())
                  + " (approval "
                  + a.id()
                  + (a.runIds().isEmpty() ? "" : ", on runs " + String.join(", ", a.runIds()))
                  + ").");
        }
      }
      if (evidence.evaluations().isEmpty()) {
        if (out.isEmpty()) {
          return List.of();
        }
        out.add("Steward holds no evaluation evidence for the model versions that serve it.");
      }
      return out;
    }

    private List<String> dataAccess() {
      List<String> out = new ArrayList<>();
      for (UseCase u : evidence.useCases()) {
        DataHandled d = u.data();
        String levels =
            d.classifications().isEmpty()
                ? "no classification level can reach a model now"
                : "requests classified "
                    + d.classifications().stream()
                        .map(AtrsGenerator::label)
                        .collect(Collectors.joining(", "))
                    + " may be sent to its models";
        String unlabelled =
            d.refuseUnlabelled()
                ? "requests without a classification are refused"
                : "requests without a classification are treated as "
                    + label(d.defaultClassification());
        String where =
            d.residencies().size() == Residency.values().length
                ? "data may be processed in any region"
                : "data is processed only in "
                    + d.residencies().stream()
                        .sorted()
                        .map(AtrsGenerator::residency)
                        .collect(Collectors.joining(", "));
        out.add(u.id() + ": " + levels + "; " + unlabelled + "; " + where + ".");
      }
      if (!out.isEmpty() && evidence.logged()) {
        out.add(logSentence());
      }
      return out;
    }
  }

  private static String whyIdle(UseCase u) {
    if (u.stopped()) {
      return " (a kill switch stops it)";
    }
    if (u.gated() && u.approvals().isEmpty()) {
      return " (it needs an approved model version, and none holds an approval)";
    }
    return "";
  }

  private static String scope(UseCase u) {
    String area = u.highRiskArea();
    return stripStop(u.purpose())
        + " (risk tier "
        + u.riskTier()
        + (area == null ? "" : "; high-risk area: " + area)
        + ").";
  }

  private static String providedInformation(UseCase u) {
    boolean chat = u.models().stream().anyMatch(AtrsGenerator::isChat);
    boolean embedding = u.models().stream().anyMatch(m -> !isChat(m));
    List<String> parts = new ArrayList<>();
    if (!chat && !embedding) {
      parts.add("nothing now, as no model can serve it");
    }
    if (chat) {
      parts.add("text written by an AI model");
    }
    if (embedding) {
      parts.add("embeddings used to find related text");
    }
    GuardsConfig.Label label = u.data().guards().label();
    String marking;
    String marker = label.marker();
    if (label.header() && marker != null) {
      marking =
          "answers carry the X-Steward-AI-Generated header and begin with \""
              + marker.strip()
              + "\"";
    } else if (label.header()) {
      marking = "answers carry the X-Steward-AI-Generated header";
    } else if (marker != null) {
      marking = "answers begin with \"" + marker.strip() + "\"";
    } else {
      marking = "Steward does not mark answers as AI output";
    }
    return String.join(" and ", parts) + "; " + marking + ".";
  }

  private static String humanReview(UseCase u) {
    return u.humanReview()
        ? "a person must review each answer before it is used."
        : "Steward does not require a person to review answers before use.";
  }

  private static String sensitiveAttributes(UseCase u) {
    GuardsConfig.PersonalData pd = u.data().guards().personalData();
    if (!pd.scansInput() && !pd.scansOutput()) {
      return "Steward's personal-data guard is off; it looks for no personal data.";
    }
    List<String> parts = new ArrayList<>();
    if (pd.scansInput()) {
      parts.add("in requests, " + types(pd.input(), pd.inputDefault()));
    }
    if (pd.scansOutput()) {
      parts.add("in answers, " + types(pd.output(), pd.outputDefault()));
    }
    return "personal data Steward's guard looks for: " + String.join("; ", parts) + ".";
  }

  private static String types(
      Map<PersonalDataType, PersonalDataAction> actions, PersonalDataAction fallback) {
    List<String> named =
        actions.entrySet().stream()
            .filter(e -> e.getValue() != PersonalDataAction.ALLOW)
            .map(e -> e.getKey().name())
            .sorted()
            .toList();
    String out = named.isEmpty() ? "" : String.join(", ", named);
    if (fallback != PersonalDataAction.ALLOW) {
      out = out.isEmpty() ? "every type" : out + " and every other type";
    }
    return out;
  }

  private static String dataCleaning(UseCase u) {
    GuardsConfig guards = u.data().guards();
    GuardsConfig.PersonalData pd = guards.personalData();
    List<String> parts = new ArrayList<>();
    if (pd.scansInput()) {
      parts.add(
          "before a request reaches a model, Steward "
              + actions(pd.input(), pd.inputDefault(), true));
    }
    if (pd.scansOutput()) {
      parts.add("in answers, Steward " + actions(pd.output(), pd.outputDefault(), false));
    }
    GuardsConfig.Injection inj = guards.injection();
    if (inj.enabled()) {
      parts.add(
          "prompt-injection guard: flagged user messages are "
              + injection(inj.userMessages())
              + ", flagged tool content is "
              + injection(inj.toolContent()));
    }
    if (parts.isEmpty()) {
      return "Steward changes nothing in requests or answers (its guards are off).";
    }
    return String.join("; ", parts) + ".";
  }

  private static String actions(
      Map<PersonalDataType, PersonalDataAction> actions,
      PersonalDataAction fallback,
      boolean input) {
    Map<PersonalDataAction, List<String>> byAction = new LinkedHashMap<>();
    for (PersonalDataAction a : PersonalDataAction.values()) {
      if (a == PersonalDataAction.ALLOW) {
        continue;
      }
      List<String> types =
          actions.entrySet().stream()
              .filter(e -> e.getValue() == a)
              .map(e -> e.getKey().name())
              .sorted()
              .collect(Collectors.toCollection(ArrayList::new));
      if (fallback == a) {
        types.add(types.isEmpty() ? "every type" : "every other type");
      }
      if (!types.isEmpty()) {
        byAction.put(a, types);
      }
    }
    List<String> out = new ArrayList<>();
    byAction.forEach(
        (a, types) -> {
          String list = String.join(", ", types);
          out.add(
              switch (a) {
                case PSEUDONYMISE ->
                    "replaces " + list + " with placeholders (restored in the answer)";
                case MASK -> "masks " + list;
                case REDACT -> "redacts " + list;
                case BLOCK ->
                    input
                        ? "refuses requests containing " + list
                        : "withholds answers containing " + list;
                case ALLOW -> "passes " + list + " unchanged";
              });
        });
    return String.join(", ", out);
  }

  private static String injection(InjectionAction a) {
    return switch (a) {
      case OFF -> "not checked";
      case FLAG -> "passed on and flagged";
      case BLOCK -> "refused";
      case STRIP -> "cut out";
    };
  }

  private static String evaluation(Evaluation e) {
    List<String> metrics = new ArrayList<>();
    for (Metric m : e.metrics()) {
      Double lo = m.lower95();
      Double hi = m.upper95();
      metrics.add(
          m.name()
              + " "
              + decimal(m.value())
              + (lo == null || hi == null
                  ? ""
                  : " (95% interval " + decimal(lo) + " to " + decimal(hi) + ")")
              + " over "
              + count(m.samples())
              + " samples");
    }
    return e.modelVersion()
        + ": "
        + e.suite()
        + " (suite version "
        + e.suiteVersion()
        + ") "
        + (metrics.isEmpty() ? "reported no metric" : String.join(", ", metrics))
        + "; run "
        + e.runId()
        + " completed "
        + date(e.completedAt())
        + ".";
  }

  private static boolean isChat(Model m) {
    return m.kind().equals("chat");
  }

  private static String stripStop(String s) {
    String t = s.strip();
    return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
  }

  static String label(Classification c) {
    return c.name().replace('_', '-');
  }

  static String residency(Residency r) {
    return r.name();
  }

  static String period(Benefits b) {
    long days = Duration.between(b.from(), b.to()).toDays();
    return days >= 1 && b.from().plus(Duration.ofDays(days)).equals(b.to())
        ? "in the " + days + (days == 1 ? " day" : " days") + " to " + b.to()
        : "from " + b.from() + " to " + b.to();
  }

  static String date(Instant t) {
    return LocalDate.ofInstant(t, ZoneOffset.UTC).toString();
  }

  static String duration(Duration d) {
    if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
      return d.toDays() + (d.toDays() == 1 ? " day" : " days");
    }
    if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) {
      return d.toHours() + (d.toHours() == 1 ? " hour" : " hours");
    }
    return d.toString();
  }

  static String count(long n) {
    return String.format(Locale.UK, "%,d", n);
  }

  static String decimal(double v) {
    return BigDecimal.valueOf(v)
        .setScale(3, RoundingMode.HALF_EVEN)
        .stripTrailingZeros()
        .toPlainString();
  }

  static String number(BigDecimal v) {
    BigDecimal s = v.setScale(1, RoundingMode.HALF_EVEN).stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0).toPlainString() : s.toPlainString();
  }

  static String money(BigDecimal gbp) {
    return "£" + gbp.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
  }

  static String percent(double share) {
    return number(BigDecimal.valueOf(share * 100)) + "%";
  }
}
