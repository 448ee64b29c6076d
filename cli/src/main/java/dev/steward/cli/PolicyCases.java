package dev.steward.cli;

import dev.steward.config.Classification;
import dev.steward.config.ConfigProblem;
import dev.steward.config.ModelKind;
import dev.steward.config.StewardConfig;
import dev.steward.core.ErrorCode;
import dev.steward.guard.PersonalDataAction;
import dev.steward.guard.PersonalDataType;
import dev.steward.policy.KillSwitches;
import dev.steward.policy.ModelVersion;
import dev.steward.policy.RoutePolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * A cases file for {@code steward policy test}: sample requests and the decision each should get.
 * The format is in {@code docs/spec/cli.md}; {@code examples/policy-cases.yaml} is an example.
 */
final class PolicyCases {
  static final String ALLOW = "allow";
  static final String REFUSE = "refuse";
  static final String INJECTION_FLAGGED = "flagged";
  static final String INJECTION_CLEAN = "clean";
  static final String INJECTION_OFF = "off";

  /** The reasons a dry run can give, in the gateway's order; others could never be met. */
  static final List<String> REASONS =
      List.of(
          ErrorCode.FORBIDDEN.reason(),
          ErrorCode.MODEL_NOT_FOUND.reason(),
          ErrorCode.CAPABILITY_UNSUPPORTED.reason(),
          ErrorCode.MODEL_NOT_ALLOWED.reason(),
          ErrorCode.KILL_SWITCH.reason(),
          ErrorCode.POLICY_INVALID_CLASSIFICATION.reason(),
          ErrorCode.POLICY_UNLABELLED.reason(),
          ErrorCode.POLICY_NO_ELIGIBLE_ROUTE.reason(),
          ErrorCode.POLICY_NOT_APPROVED.reason(),
          ErrorCode.GUARD_PERSONAL_DATA.reason(),
          ErrorCode.GUARD_INJECTION.reason(),
          ErrorCode.GUARD_UNAVAILABLE.reason());

  private static final List<String> CASE_KEYS =
      List.of(
          "name",
          "use-case",
          "model",
          "endpoint",
          "classification",
          "conversation-label",
          "kill-switches",
          "approved",
          "text",
          "expect");
  private static final List<String> EXPECT_KEYS =
      List.of("decision", "reason", "classification", "routes", "personal-data", "injection");
  private static final Map<String, ModelKind> ENDPOINTS =
      Map.of("chat", ModelKind.CHAT, "embeddings", ModelKind.EMBEDDING);
  private static final List<String> ENDPOINT_NAMES = List.of("chat", "embeddings");
  private static final Pattern USE_CASE =
      Pattern.compile("[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*");
  private static final String LABELS = "OFFICIAL, OFFICIAL-SENSITIVE, SECRET or TOP-SECRET";
  private static final List<String> TYPES =
      Arrays.stream(PersonalDataType.values()).map(Enum::name).toList();
  private static final List<String> ACTIONS =
      Arrays.stream(PersonalDataAction.values()).map(PersonalDataAction::wire).toList();

  private PolicyCases() {}

  /**
   * One sample request.
   *
   * @param line where the case starts in its file
   * @param useCase {@code department/service/use-case}
   * @param classification the {@code X-Steward-Classification} header as sent, if any
   * @param conversationLabel the highest label the conversation carried before, if any
   * @param approved the model versions ({@code provider/model[@sha256:…]}) taken to hold an
   *     approval for the use case, for use cases gated on evaluation evidence
   * @param text a user message for the input guards, if any
   */
  record Case(
      String name,
      int line,
      String useCase,
      String model,
      ModelKind kind,
      @Nullable String classification,
      @Nullable Classification conversationLabel,
      KillSwitches killSwitches,
      Set<String> approved,
      @Nullable String text,
      Expect expect) {
    Case {
      approved = Set.copyOf(approved);
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(useCase, "useCase");
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(killSwitches, "killSwitches");
      Objects.requireNonNull(expect, "expect");
    }

    String department() {
      return useCase.split("/", -1)[0];
    }

    String service() {
      return useCase.split("/", -1)[1];
    }

    String useCaseId() {
      return useCase.split("/", -1)[2];
    }
  }

  /**
   * What a case expects; each part left out is not checked.
   *
   * @param allow whether the request should be allowed
   * @param reason the refusal's reason code
   * @param routes the exact eligible routes, in order
   * @param personalData the findings' types and actions, in text order
   * @param injection {@code flagged}, {@code clean} or {@code off}
   */
  record Expect(
      boolean allow,
      @Nullable String reason,
      @Nullable Classification classification,
      @Nullable List<String> routes,
      @Nullable List<ExpectedFinding> personalData,
      @Nullable String injection) {
    Expect {
      routes = routes == null ? null : List.copyOf(routes);
      personalData = personalData == null ? null : List.copyOf(personalData);
    }

    /**
     * How {@code actual} differs from this, one phrase per difference; empty when it matches. A
     * decision that differs is the only difference reported: the rest would follow from it.
     */
    List<String> mismatches(PolicyOutcome actual) {
      if (allow != actual.allowed()) {
        return List.of(
            "expected "
                + (allow ? ALLOW : REFUSE + (reason == null ? "" : " " + reason))
                + ", got "
                + actual.describe());
      }
      List<String> out = new ArrayList<>();
      if (reason != null && !reason.equals(actual.reason())) {
        out.add("expected reason " + reason + ", got " + actual.describe());
      }
      if (classification != null && classification != actual.classification()) {
        out.add(
            "expected classification "
                + PolicyOutcome.label(classification)
                + ", got "
                + (actual.classification() == null
                    ? "none (refused before routing)"
                    : PolicyOutcome.label(actual.classification())));
      }
      if (routes != null && !routes.equals(actual.routes())) {
        out.add(
            "expected routes "
                + routes
                + ", got "
                + (actual.classification() == null
                    ? "none (refused before routing)"
                    : actual.routes()));
      }
      List<PolicyOutcome.PersonalData> found = actual.personalData();
      if (personalData != null) {
        if (found == null) {
          out.add("expected personal-data " + personalData + ", got not scanned");
        } else if (!personalData.equals(
            found.stream().map(f -> new ExpectedFinding(f.type(), f.action())).toList())) {
          out.add("expected personal-data " + personalData + ", got " + found);
        }
      }
      PolicyOutcome.Injection verdict = actual.injection();
      if (injection != null) {
        if (verdict == null) {
          out.add("expected injection " + injection + ", got not checked");
        } else if (!injection.equals(verdict.state())) {
          out.add("expected injection " + injection + ", got " + verdict);
        }
      }
      return out;
    }
  }

  /** A finding a case expects: its type and the use case's action on it. */
  record ExpectedFinding(String type, PersonalDataAction action) {
    @Override
    public String toString() {
      return type + ": " + action.wire();
    }
  }

  /** The cases read, or the problems that stop them being used. */
  record Read(List<Case> cases, List<ConfigProblem> problems) {}

  /**
   * Reads a cases file. Kill switches must name what {@code config} configures; use cases and
   * models are not checked against it, since a case may test that an unknown one is refused.
   */
  static Read read(Path file, StewardConfig config) {
    PolicyYaml yaml = new PolicyYaml(file.toString());
    Node root = yaml.read(file);
    List<Case> cases = root == null ? List.of() : new Binder(yaml, config).cases(root);
    return new Read(yaml.hasProblems() ? List.of() : cases, yaml.problems());
  }

  /** Binds the YAML tree to cases, recording every problem. */
  private static final class Binder {
    private final PolicyYaml yaml;
    private final StewardConfig config;

    Binder(PolicyYaml yaml, StewardConfig config) {
      this.yaml = yaml;
      this.config = config;
    }

    List<Case> cases(Node root) {
      Map<String, Node> top = yaml.map(root, "", List.of("cases"));
      if (top == null) {
        return List.of();
      }
      Node list = top.get("cases");
      if (list == null) {
        yaml.problem(root, "cases", "missing (expected: a list of at least one case)");
        return List.of();
      }
      List<Node> items = yaml.list(list, "cases");
      if (items == null) {
        return List.of();
      }
      if (items.isEmpty()) {
        yaml.invalid(list, "cases", "a list of at least one case");
      }
      List<Case> out = new ArrayList<>();
      Map<String, Integer> names = new HashMap<>();
      for (int i = 0; i < items.size(); i++) {
        Case c = oneCase(items.get(i), "cases[" + i + "]", names);
        if (c != null) {
          out.add(c);
        }
      }
      return out;
    }

    private @Nullable Case oneCase(Node node, String path, Map<String, Integer> names) {
      Map<String, Node> m = yaml.map(node, path, CASE_KEYS);
      if (m == null) {
        return null;
      }
      String name = required(node, m, path, "name", "a non-empty string");
      if (name != null) {
        Integer first = names.putIfAbsent(name, PolicyYaml.line(node));
        if (first != null) {
          yaml.problem(
              Objects.requireNonNull(m.get("name")),
              path + ".name",
              "'" + name + "': duplicate name (first on line " + first + ")");
        }
      }
      String useCase = required(node, m, path, "use-case", "department/service/use-case");
      Node useCaseNode = m.get("use-case");
      if (useCase != null && useCaseNode != null && !USE_CASE.matcher(useCase).matches()) {
        yaml.invalid(useCaseNode, path + ".use-case", "department/service/use-case ids");
        useCase = null;
      }
      String model = required(node, m, path, "model", "a model alias");
      Node endpointNode = m.get("endpoint");
      String endpoint =
          endpointNode == null
              ? "chat"
              : yaml.oneOf(endpointNode, path + ".endpoint", ENDPOINT_NAMES);
      String classification = optionalString(m, path, "classification");
      Classification conversation =
          label(m.get("conversation-label"), path + ".conversation-label");
      KillSwitches switches = killSwitches(m.get("kill-switches"), path + ".kill-switches");
      Node approvedNode = m.get("approved");
      Set<String> approved =
          approvedNode == null
              ? Set.of()
              : names(approvedNode, path + ".approved", modelVersions(), "model version");
      Node textNode = m.get("text");
      String text = textNode == null ? null : yaml.text(textNode, path + ".text");
      Node expectNode = m.get("expect");
      Expect expect = null;
      if (expectNode == null) {
        yaml.problem(node, path + ".expect", "missing (expected: a mapping with decision)");
      } else {
        expect = expect(expectNode, path + ".expect", textNode != null);
      }
      if (name == null
          || useCase == null
          || model == null
          || endpoint == null
          || switches == null
          || expect == null) {
        return null;
      }
      return new Case(
          name,
          PolicyYaml.line(node),
          useCase,
          model,
          Objects.requireNonNull(ENDPOINTS.get(endpoint)),
          classification,
          conversation,
          switches,
          approved,
          text,
          expect);
    }

    private @Nullable Expect expect(Node node, String path, boolean hasText) {
      Map<String, Node> m = yaml.map(node, path, EXPECT_KEYS);
      if (m == null) {
        return null;
      }
      Node decisionNode = m.get("decision");
      String decision = null;
      if (decisionNode == null) {
        yaml.problem(node, path + ".decision", "missing (expected: allow or refuse)");
      } else {
        decision = yaml.oneOf(decisionNode, path + ".decision", List.of(ALLOW, REFUSE));
      }
      Node reasonNode = m.get("reason");
      String reason = null;
      if (reasonNode != null) {
        reason = yaml.oneOf(reasonNode, path + ".reason", REASONS);
        if (ALLOW.equals(decision)) {
          yaml.problem(reasonNode, path + ".reason", "only with decision: refuse");
        }
      }
      Classification classification = label(m.get("classification"), path + ".classification");
      Node routesNode = m.get("routes");
      List<String> routes = routesNode == null ? null : yaml.strings(routesNode, path + ".routes");
      Node foundNode = m.get("personal-data");
      List<ExpectedFinding> found =
          foundNode == null ? null : findings(foundNode, path + ".personal-data");
      Node injectionNode = m.get("injection");
      String injection =
          injectionNode == null
              ? null
              : yaml.oneOf(
                  injectionNode,
                  path + ".injection",
                  List.of(INJECTION_FLAGGED, INJECTION_CLEAN, INJECTION_OFF));
      for (String guard : List.of("personal-data", "injection")) {
        Node g = m.get(guard);
        if (g != null && !hasText) {
          yaml.problem(g, path + "." + guard, "needs the case's text (expected: text: ...)");
        }
      }
      if (decision == null) {
        return null;
      }
      return new Expect(decision.equals(ALLOW), reason, classification, routes, found, injection);
    }

    private @Nullable List<ExpectedFinding> findings(Node node, String path) {
      List<Node> items = yaml.list(node, path);
      if (items == null) {
        return null;
      }
      List<ExpectedFinding> out = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        String at = path + "[" + i + "]";
        Map<String, Node> m = yaml.map(items.get(i), at, List.of("type", "action"));
        if (m == null) {
          continue;
        }
        Node typeNode = m.get("type");
        Node actionNode = m.get("action");
        if (typeNode == null || actionNode == null) {
          yaml.problem(
              items.get(i), at, "missing type or action (expected: {type: UK_NINO, action: mask})");
          continue;
        }
        String type = yaml.oneOf(typeNode, at + ".type", TYPES);
        String action = yaml.oneOf(actionNode, at + ".action", ACTIONS);
        if (type != null && action != null) {
          out.add(new ExpectedFinding(type, PersonalDataAction.parse(action).orElseThrow()));
        }
      }
      return out;
    }

    private @Nullable KillSwitches killSwitches(@Nullable Node node, String path) {
      if (node == null) {
        return KillSwitches.NONE;
      }
      Map<String, Node> m = yaml.map(node, path, List.of("providers", "models", "use-cases"));
      if (m == null) {
        return null;
      }
      Set<String> useCases = new LinkedHashSet<>();
      config
          .departments()
          .forEach(
              (d, dept) ->
                  dept.services()
                      .forEach(
                          (s, service) ->
                              service
                                  .useCases()
                                  .keySet()
                                  .forEach(u -> useCases.add(KillSwitches.useCase(d, s, u)))));
      return new KillSwitches(
          names(m.get("providers"), path + ".providers", config.providers().keySet(), "provider"),
          names(m.get("models"), path + ".models", config.models().keySet(), "model alias"),
          names(m.get("use-cases"), path + ".use-cases", useCases, "use case"));
    }

    /** Every configured route's model version, the names approvals use. */
    private Set<String> modelVersions() {
      Set<String> versions = new LinkedHashSet<>();
      config
          .models()
          .values()
          .forEach(m -> m.routes().forEach(r -> versions.add(ModelVersion.of(r))));
      return versions;
    }

    /** Names that must each be among {@code known}; a switch on nothing is surely a typo. */
    private Set<String> names(
        @Nullable Node node, String path, Collection<String> known, String what) {
      if (node == null) {
        return Set.of();
      }
      List<Node> items = yaml.list(node, path);
      Set<String> out = new LinkedHashSet<>();
      for (int i = 0; items != null && i < items.size(); i++) {
        String at = path + "[" + i + "]";
        String name = yaml.string(items.get(i), at);
        if (name == null) {
          continue;
        }
        if (!known.contains(name)) {
          List<String> shown = known.stream().sorted().limit(10).toList();
          yaml.invalid(
              items.get(i),
              at,
              "a configured "
                  + what
                  + ", one of "
                  + String.join(", ", shown)
                  + (known.size() > shown.size() ? ", ..." : ""));
          continue;
        }
        out.add(name);
      }
      return out;
    }

    private @Nullable Classification label(@Nullable Node node, String path) {
      if (node == null) {
        return null;
      }
      String text = yaml.string(node, path);
      if (text == null) {
        return null;
      }
      Optional<Classification> parsed = RoutePolicy.parseLabel(text);
      if (parsed.isEmpty()) {
        yaml.invalid(node, path, LABELS);
        return null;
      }
      return parsed.get();
    }

    private @Nullable String required(
        Node node, Map<String, Node> m, String path, String key, String expected) {
      Node v = m.get(key);
      if (v == null) {
        yaml.problem(node, path + "." + key, "missing (expected: " + expected + ")");
        return null;
      }
      return yaml.string(v, path + "." + key);
    }

    private @Nullable String optionalString(Map<String, Node> m, String path, String key) {
      Node v = m.get(key);
      return v == null ? null : yaml.string(v, path + "." + key);
    }
  }
}
