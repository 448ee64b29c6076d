package dev.steward.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.guard.PersonalDataAction;
import dev.steward.guard.PersonalDataType;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  static final Path EXAMPLES = Path.of("../examples").toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  void load_demoExample_bindsSandboxProvidersAliasesAndDepartments() throws Exception {
    StewardConfig c = ConfigLoader.load(EXAMPLES.resolve("demo.yaml"), Map.of());

    assertThat(c.sandboxAllowed()).isTrue();
    assertThat(c.server().port()).isEqualTo(8080);
    assertThat(c.server().adminKey()).isEqualTo(new Secret.Env("STEWARD_ADMIN_KEY"));
    assertThat(c.providers()).containsOnlyKeys("sandbox", "sovereign-sandbox");
    assertThat(c.providers().values()).allMatch(p -> p.protocol() == Protocol.SANDBOX);
    assertThat(c.providers().values()).allMatch(p -> p.baseUri() == null);

    ProviderConfig sandbox = provider(c, "sandbox");
    assertThat(sandbox.optionsFor("sandbox-refuser")).isEqualTo(Map.of("behaviour", "refuse"));
    assertThat(sandbox.optionsFor("sandbox-chat")).isEmpty();
    assertThat(sandbox.maxClassification()).isEqualTo(Classification.OFFICIAL_SENSITIVE);

    ProviderConfig sovereign = provider(c, "sovereign-sandbox");
    assertThat(sovereign.sovereign()).isTrue();
    assertThat(sovereign.maxClassification()).isEqualTo(Classification.SECRET);
    assertThat(sovereign.capacity()).isEqualTo(new Capacity(4, 20, Duration.ofSeconds(5)));

    assertThat(c.models())
        .containsOnlyKeys("sandbox-chat", "sovereign-chat", "sandbox-refuser", "sandbox-embed");
    assertThat(model(c, "sandbox-embed").kind()).isEqualTo(ModelKind.EMBEDDING);
    assertThat(model(c, "sandbox-chat").kind()).isEqualTo(ModelKind.CHAT);
    assertThat(model(c, "sovereign-chat").routes())
        .containsExactly(new RouteConfig("sovereign-sandbox", "sovereign-chat", 0, 1, "1"));
    assertThat(model(c, "sovereign-chat").retry())
        .isEqualTo(new RetryConfig(2, Duration.ofMillis(50), Duration.ofMillis(500)));

    assertThat(c.price("sandbox/sandbox-chat"))
        .isEqualTo(
            new Price(new BigDecimal("0.50"), new BigDecimal("1.50"), new BigDecimal("0.25")));
    assertThat(c.price("sovereign-sandbox/sovereign-chat").cachedInputPerMillion())
        .isEqualByComparingTo("0.20");

    assertThat(c.departments()).containsOnlyKeys("justice", "education", "defence", "security");
    assertThat(department(c, "justice").weight()).isEqualTo(2);
    UseCaseConfig notes =
        c.useCase("justice", "probation-notes", "summarise-case-notes").orElseThrow();
    assertThat(notes)
        .usingRecursiveComparison()
        .ignoringFields("guards")
        .isEqualTo(
            new UseCaseConfig(
                "summarise-case-notes",
                "Summarise case notes for probation officers",
                List.of("sandbox-chat", "sovereign-chat", "sandbox-refuser", "sandbox-embed"),
                "high",
                true,
                25.0,
                "justice"));
    assertThat(c.policyVersion()).isEqualTo("2026-11-27.2");
    ApprovalRules triage =
        c.useCase("security", "incident-triage", "triage-incident-reports")
            .orElseThrow()
            .approvals();
    assertThat(triage.gated()).isTrue();
    assertThat(triage.requires().get(0).suite()).isEqualTo("refusal-core");
    assertThat(triage.requires().get(0).bound()).isEqualTo(ApprovalRules.Bound.LOWER_95);
    assertThat(c.evaluations().canaries())
        .singleElement()
        .satisfies(k -> assertThat(k.model()).isEqualTo("sandbox-refuser"));
    assertThat(c.sourceSha256())
        .as("the policy hash is the file's: anyone holding it can check with sha256sum")
        .isEqualTo(
            java.util.HexFormat.of()
                .formatHex(
                    java.security.MessageDigest.getInstance("SHA-256")
                        .digest(java.nio.file.Files.readAllBytes(EXAMPLES.resolve("demo.yaml")))));
    assertThat(notes.guards().personalData().onInput(PersonalDataType.PERSON))
        .isEqualTo(PersonalDataAction.PSEUDONYMISE);
    assertThat(notes.guards().injection())
        .isEqualTo(
            new GuardsConfig.Injection(
                GuardsConfig.InjectionAction.BLOCK, GuardsConfig.InjectionAction.STRIP, 0.5));
    assertThat(notes.guards().label().marker()).isEqualTo("[AI draft for review] ");
    GuardsConfig inherited =
        c.useCase("education", "lesson-planning", "draft-lesson-plan").orElseThrow().guards();
    assertThat(inherited.personalData().onInput(PersonalDataType.UK_NINO))
        .as("the root guards apply where a use case sets none")
        .isEqualTo(PersonalDataAction.PSEUDONYMISE);
    assertThat(inherited.personalData().onInput(PersonalDataType.PERSON))
        .isEqualTo(PersonalDataAction.ALLOW);
    assertThat(inherited.injection()).isEqualTo(GuardsConfig.Injection.OFF);
    assertThat(
            c.useCase("education", "lesson-planning", "draft-lesson-plan")
                .orElseThrow()
                .allows("sandbox-refuser"))
        .isFalse();
  }

  @Test
  void load_fullExample_bindsVendorsSovereignPoolSecretsAndFallbacks() {
    StewardConfig c = ConfigLoader.load(EXAMPLES.resolve("steward.yaml"), Map.of());

    assertThat(c.sandboxAllowed()).isFalse();
    assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/steward").toString());
    assertThat(c.server().host()).isEqualTo("0.0.0.0");
    assertThat(c.server().maxBodyBytes()).isEqualTo(8L * 1024 * 1024);
    assertThat(c.server().adminKey()).isEqualTo(new Secret.Env("STEWARD_ADMIN_KEY"));
    assertThat(c.providers())
        .containsOnlyKeys("openai", "anthropic", "cohere", "isambard-vllm", "sandbox");

    ProviderConfig openai = provider(c, "openai");
    assertThat(openai.baseUri()).isEqualTo(URI.create("https://api.openai.com/v1"));
    assertThat(openai.apiKey()).isEqualTo(new Secret.Env("OPENAI_API_KEY"));
    assertThat(openai.residency()).isEqualTo(Residency.US);
    assertThat(openai.headers()).containsEntry("OpenAI-Organization", "org-steward-example");
    assertThat(openai.timeouts()).isEqualTo(Timeouts.DEFAULT);

    assertThat(provider(c, "anthropic").timeouts())
        .isEqualTo(
            new Timeouts(
                Duration.ofSeconds(5),
                Duration.ofSeconds(90),
                Duration.ofSeconds(60),
                Duration.ofMinutes(10)));
    assertThat(provider(c, "cohere").apiKey())
        .isEqualTo(new Secret.File(Path.of("/run/secrets/cohere-api-key")));

    ProviderConfig vllm = provider(c, "isambard-vllm");
    assertThat(vllm.protocol()).isEqualTo(Protocol.OPENAI_COMPATIBLE);
    assertThat(vllm.sovereign()).isTrue();
    assertThat(vllm.apiKey())
        .isEqualTo(new Secret.File(EXAMPLES.resolve("secrets/isambard-vllm.key")));
    assertThat(vllm.capacity()).isEqualTo(new Capacity(16, 200, Duration.ofSeconds(10)));

    assertThat(model(c, "general").routes())
        .extracting(RouteConfig::id, RouteConfig::priority, RouteConfig::weight)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("isambard-vllm/BritLLM/britllm-3b-v0.1", 0, 1),
            org.assertj.core.groups.Tuple.tuple("openai/gpt-4o-2024-08-06", 1, 3),
            org.assertj.core.groups.Tuple.tuple("anthropic/claude-sonnet-4-5-20250929", 1, 1));
    assertThat(model(c, "sovereign-llama").breaker())
        .isEqualTo(new BreakerConfig(10, Duration.ofMinutes(1)));
    assertThat(c.price("isambard-vllm/meta-llama/Llama-3.1-70B-Instruct").outputPerMillion())
        .isEqualByComparingTo("0.90");
    assertThat(c.price("cohere/command-a-03-2025").cachedInputPerMillion())
        .as("cached input defaults to the input price")
        .isEqualByComparingTo("2.00");
    assertThat(c.price("nobody/priced-this")).isEqualTo(Price.FREE);
    assertThat(department(c, "defence").services()).containsOnlyKeys("maintenance-reports");
  }

  @Test
  void parse_serverTimeouts_bindAndRejectZero() {
    StewardConfig c =
        Yaml.parse("server: {read-timeout: 5s, request-timeout: 2m}\n" + Yaml.MINIMAL);

    assertThat(c.server().readTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.server().requestTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThatThrownBy(() -> Yaml.parse("server: {read-timeout: 0s}\n" + Yaml.MINIMAL))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("server.read-timeout");
  }

  @Test
  void parse_minimal_fillsEveryDefault() {
    StewardConfig c = Yaml.parse(Yaml.MINIMAL);

    assertThat(c.server())
        .isEqualTo(
            new ServerConfig("127.0.0.1", 8080, 8L * 1024 * 1024, Duration.ofSeconds(30), null));
    assertThat(c.sandboxAllowed()).isFalse();
    assertThat(c.dataDir()).isNull();
    ProviderConfig p = provider(c, "p");
    assertThat(p.sovereign()).isFalse();
    assertThat(p.timeouts()).isEqualTo(Timeouts.DEFAULT);
    assertThat(p.capacity()).isNull();
    assertThat(p.apiKey()).isNull();
    assertThat(p.headers()).isEmpty();
    assertThat(p.modelOptions()).isEmpty();
    ModelConfig m = model(c, "m");
    assertThat(m)
        .isEqualTo(
            new ModelConfig(
                "m",
                ModelKind.CHAT,
                List.of(new RouteConfig("p", "x", 0, 1, null)),
                RetryConfig.DEFAULT,
                BreakerConfig.DEFAULT,
                null));
    assertThat(c.prices()).isEmpty();
    assertThat(c.departments()).isEmpty();
    assertThat(c.transparencyLog()).isEqualTo(TransparencyLogConfig.defaults());
    assertThat(c.storage()).isEqualTo(StorageConfig.embedded());
  }

  @Test
  void parse_useCaseClassificationAndResidency() {
    StewardConfig c =
        Yaml.parse(
            Yaml.MINIMAL
                + """
                departments:
                  d:
                    name: D
                    services:
                      s:
                        name: S
                        use-cases:
                          strict:
                            purpose: P
                            classification: {default: OFFICIAL-SENSITIVE, unlabelled: refuse}
                            residency: [UK, EU]
                          loose: {purpose: P}
                """);
    UseCaseConfig strict = c.useCase("d", "s", "strict").orElseThrow();
    assertThat(strict.defaultClassification()).isEqualTo(Classification.OFFICIAL_SENSITIVE);
    assertThat(strict.refuseUnlabelled()).isTrue();
    assertThat(strict.residencies()).containsExactlyInAnyOrder(Residency.UK, Residency.EU);
    UseCaseConfig loose = c.useCase("d", "s", "loose").orElseThrow();
    assertThat(loose.defaultClassification()).isEqualTo(Classification.OFFICIAL);
    assertThat(loose.refuseUnlabelled()).isFalse();
    assertThat(loose.residencies()).containsExactlyInAnyOrder(Residency.values());
    assertThatThrownBy(
            () ->
                Yaml.parse(
                    Yaml.MINIMAL
                        + "departments: {d: {name: D, services: {s: {name: S, use-cases: {u:"
                        + " {purpose: P, classification: {default: RESTRICTED}, residency: [MARS]}}}}}}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("classification.default: 'RESTRICTED'")
        .hasMessageContaining("'MARS'");
  }

  @Test
  void parse_budgetsAndRateLimits_onDepartmentsServicesAndUseCases() {
    StewardConfig c =
        Yaml.parse(
            Yaml.MINIMAL
                + """
                departments:
                  d:
                    name: D
                    budget: {gbp-per-day: 12.50, tokens-per-month: 30000000}
                    services:
                      s:
                        name: S
                        budget: {gbp-per-month: 1000, tokens-per-day: 2000000}
                        rate-limit: {requests-per-minute: 600, tokens-per-minute: 200000}
                        use-cases:
                          u:
                            purpose: P
                            rate-limit-per-key: {requests-per-minute: 60}
                      open: {name: Open}
                """);
    DepartmentConfig d = Objects.requireNonNull(c.departments().get("d"));
    Map<String, ServiceConfig> services = d.services();
    assertThat(d.budget())
        .isEqualTo(new Budget(new java.math.BigDecimal("12.50"), null, null, 30_000_000L));
    assertThat(Objects.requireNonNull(services.get("s")).budget())
        .isEqualTo(new Budget(null, new java.math.BigDecimal("1000"), 2_000_000L, null));
    assertThat(Objects.requireNonNull(services.get("open")).budget().isEmpty()).isTrue();
    assertThat(Objects.requireNonNull(services.get("s")).rateLimit())
        .isEqualTo(new RateLimit(600, 200_000L));
    assertThat(c.useCase("d", "s", "u").orElseThrow().rateLimitPerKey())
        .isEqualTo(new RateLimit(60, null));
    assertThat(Objects.requireNonNull(services.get("open")).rateLimit().isEmpty()).isTrue();
    assertThat(c.models().values())
        .allSatisfy(
            m -> assertThat(m.maxOutputTokens()).isEqualTo(ModelConfig.DEFAULT_MAX_OUTPUT_TOKENS));
    StewardConfig capped =
        Yaml.parse(Yaml.MINIMAL.replace("  m:\n", "  m:\n    max-output-tokens: 1024\n"));
    assertThat(capped.models().get("m")).extracting(ModelConfig::maxOutputTokens).isEqualTo(1024);
    assertThatThrownBy(
            () ->
                Yaml.parse(
                    Yaml.MINIMAL
                        + "departments: {d: {name: D, budget: {gbp-per-day: -1, tokens-per-day:"
                        + " 1.5, gbp-per-week: 3}, services: {s: {name: S, rate-limit:"
                        + " {requests-per-minute: 0}}}}}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rate-limit.requests-per-minute")
        .hasMessageContaining("budget.gbp-per-day")
        .hasMessageContaining("budget.tokens-per-day")
        .hasMessageContaining("gbp-per-week");
  }

  @Test
  void parse_guards_rootDefaultsAndUseCaseSectionsReplaceThem() {
    StewardConfig c =
        Yaml.parse(
            Yaml.MINIMAL
                + """
                policy-version: v7
                guards:
                  personal-data:
                    input: {default: mask, UK_NINO: pseudonymise}
                    output: {CREDIT_CARD: block}
                  injection: {user-messages: block}
                departments:
                  d:
                    name: D
                    services:
                      s:
                        name: S
                        use-cases:
                          plain: {purpose: P}
                          own:
                            purpose: P
                            budget-per-key: {gbp-per-day: 2}
                            guards:
                              injection: {user-messages: off, tool-content: strip, threshold: 0.8}
                              label: {marker: "[AI] "}
                """);
    assertThat(c.policyVersion()).isEqualTo("v7");
    GuardsConfig plain = c.useCase("d", "s", "plain").orElseThrow().guards();
    assertThat(plain.personalData().onInput(PersonalDataType.EMAIL_ADDRESS))
        .isEqualTo(PersonalDataAction.MASK);
    assertThat(plain.personalData().onInput(PersonalDataType.UK_NINO))
        .isEqualTo(PersonalDataAction.PSEUDONYMISE);
    assertThat(plain.personalData().onOutput(PersonalDataType.CREDIT_CARD))
        .isEqualTo(PersonalDataAction.BLOCK);
    assertThat(plain.personalData().onOutput(PersonalDataType.UK_NINO))
        .isEqualTo(PersonalDataAction.ALLOW);
    assertThat(plain.injection().userMessages()).isEqualTo(GuardsConfig.InjectionAction.BLOCK);
    assertThat(plain.injection().toolContent()).isEqualTo(GuardsConfig.InjectionAction.FLAG);
    UseCaseConfig own = c.useCase("d", "s", "own").orElseThrow();
    assertThat(own.guards().personalData()).isEqualTo(plain.personalData());
    assertThat(own.guards().injection())
        .isEqualTo(
            new GuardsConfig.Injection(
                GuardsConfig.InjectionAction.OFF, GuardsConfig.InjectionAction.STRIP, 0.8));
    assertThat(own.guards().label()).isEqualTo(new GuardsConfig.Label(true, "[AI] "));
    assertThat(own.budgetPerKey().gbpPerDay()).isEqualByComparingTo("2");
    assertThat(Yaml.parse(Yaml.MINIMAL).policyVersion()).isEqualTo(StewardConfig.UNVERSIONED);

    ConfigException e =
        catchConfig(
            Yaml.MINIMAL
                + """
                policy-version: "has space"
                guards:
                  personal-data:
                    input: {UK_NIN0: mask, EMAIL_ADDRESS: scramble}
                    output: {PERSON: pseudonymise}
                  injection: {user-messages: strip}
                """);
    assertThat(e.problems())
        .extracting(ConfigProblem::toString)
        .anySatisfy(p -> assertThat(p).contains("policy-version"))
        .anySatisfy(p -> assertThat(p).contains("'UK_NIN0'").contains("did you mean 'UK_NINO'"))
        .anySatisfy(p -> assertThat(p).contains("scramble"))
        .anySatisfy(p -> assertThat(p).contains("output.PERSON").contains("pseudonymise"))
        .anySatisfy(p -> assertThat(p).contains("user-messages").contains("strip"));
    assertThat(e.problems()).allSatisfy(p -> assertThat(p.line()).isPositive());
  }

  @Test
  void parse_storage_postgresNeedsUrlAndUser() {
    StewardConfig c =
        Yaml.parse(
            "storage: {kind: postgres, url: 'jdbc:postgresql://db:5432/steward', user: steward,"
                + " password: {env: PGPASSWORD}}\n"
                + Yaml.MINIMAL);
    assertThat(c.storage())
        .isEqualTo(
            new StorageConfig(
                StorageConfig.Kind.POSTGRES,
                "jdbc:postgresql://db:5432/steward",
                "steward",
                new Secret.Env("PGPASSWORD")));
    assertThatThrownBy(() -> Yaml.parse("storage: {kind: postgres}\n" + Yaml.MINIMAL))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("storage: ")
        .hasMessageContaining("jdbc:postgresql://host:port/database");
    assertThatThrownBy(
            () ->
                Yaml.parse(
                    "storage: {kind: embedded, url: 'jdbc:postgresql://x/y'}\n" + Yaml.MINIMAL))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("only with kind postgres");
    assertThatThrownBy(() -> Yaml.parse("storage: {kind: mysql}\n" + Yaml.MINIMAL))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("storage.kind: 'mysql'");
  }

  @Test
  void parse_transparencyLog_bindsEveryKey_andRefusesBadValues() {
    StewardConfig c =
        Yaml.parse(
            """
            transparency-log:
              dir: audit/log
              signer-key: {env: LOG_KEY}
              origin: ai.justice.gov.uk/log
              durability: checkpoint
              max-batch-entries: 64
              max-batch-wait: 2ms
              max-pending: 1000
              publish-interval: 0ms
            """
                + Yaml.MINIMAL);
    TransparencyLogConfig log = c.transparencyLog();
    assertThat(log.enabled()).isTrue();
    assertThat(log.dir()).endsWith("audit/log");
    assertThat(Path.of(log.dir())).isAbsolute();
    assertThat(log.signerKey()).isEqualTo(new Secret.Env("LOG_KEY"));
    assertThat(log.origin()).isEqualTo("ai.justice.gov.uk/log");
    assertThat(log.durability()).isEqualTo(TransparencyLogConfig.Durability.CHECKPOINT);
    assertThat(log.maxBatchEntries()).isEqualTo(64);
    assertThat(log.maxBatchWait()).isEqualTo(Duration.ofMillis(2));
    assertThat(log.maxPendingEntries()).isEqualTo(1000);
    assertThat(log.publishInterval()).isEqualTo(Duration.ZERO);
    assertThat(
            Yaml.parse("transparency-log: {enabled: false}\n" + Yaml.MINIMAL)
                .transparencyLog()
                .enabled())
        .isFalse();

    assertThatThrownBy(
            () ->
                Yaml.parse(
                    "transparency-log: {origin: 'a b', durability: fast, max-batch-wait: 2s,"
                        + " signer-key: PRIVATE+KEY+x}\n"
                        + Yaml.MINIMAL))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("transparency-log.origin")
        .hasMessageContaining("transparency-log.durability: 'fast'")
        .hasMessageContaining("transparency-log.signer-key");
    assertThatThrownBy(() -> Yaml.parse("transparency-log: {max-batch-wait: 2s}\n" + Yaml.MINIMAL))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("max-batch-wait");
  }

  @Test
  void parse_useCaseDefaults_allowEveryAliasLowRiskNoReview() {
    StewardConfig c =
        Yaml.parse(
            Yaml.MINIMAL
                + """
                departments:
                  justice:
                    name: Justice
                    services:
                      notes:
                        name: Notes
                        use-cases:
                          summarise: {purpose: Summarise}
                """);

    UseCaseConfig u = c.useCase("justice", "notes", "summarise").orElseThrow();
    assertThat(u)
        .isEqualTo(
            new UseCaseConfig("summarise", "Summarise", List.of(), "low", false, null, null));
    assertThat(u.allows("m")).isTrue();
    assertThat(department(c, "justice").weight()).isEqualTo(1);
  }

  @Test
  void parse_approvals_bindRequirementsBoundsAndValidity() {
    StewardConfig c =
        Yaml.parse(
            Yaml.MINIMAL
                + """
                departments:
                  d:
                    name: D
                    services:
                      s:
                        name: S
                        use-cases:
                          plain: {purpose: P}
                          gated:
                            purpose: P
                            approvals:
                              requires:
                                - {suite: refusal-core, metric: accuracy, min: 0.98, bound: lower-95}
                                - {suite: over-refusal, metric: refusal_rate, max: 0.10}
                                - {suite: suites/triage.yaml, metric: score, min: -1, max: 2.5e0}
                              valid-for: 30d
                          defaulted:
                            purpose: P
                            approvals:
                              requires: [{suite: refusal-core, metric: accuracy, max: 1}]
                """);

    assertThat(c.useCase("d", "s", "plain").orElseThrow().approvals())
        .isEqualTo(ApprovalRules.NONE);
    assertThat(ApprovalRules.NONE.gated()).isFalse();
    ApprovalRules gated = c.useCase("d", "s", "gated").orElseThrow().approvals();
    assertThat(gated.gated()).isTrue();
    assertThat(gated.validFor()).isEqualTo(Duration.ofDays(30));
    assertThat(gated.requires())
        .containsExactly(
            new ApprovalRules.Requirement(
                "refusal-core", "accuracy", 0.98, null, ApprovalRules.Bound.LOWER_95),
            new ApprovalRules.Requirement(
                "over-refusal", "refusal_rate", null, 0.10, ApprovalRules.Bound.POINT),
            new ApprovalRules.Requirement(
                "suites/triage.yaml", "score", -1.0, 2.5, ApprovalRules.Bound.POINT));
    assertThat(c.useCase("d", "s", "defaulted").orElseThrow().approvals().validFor())
        .isEqualTo(Duration.ofDays(90));
  }

  @Test
  void parse_approvalProblems_areReportedWithTheirPositions() {
    String departments =
        """
        departments:
          d:
            name: D
            services:
              s:
                name: S
                use-cases:
                  u:
                    purpose: P
                    approvals:
                      requires:
                        - {suite: Refusal Core, metric: accuracy, min: 0.9}
                        - {suite: a, metric: accuracy, min: 0.9, max: 0.5}
                        - {suite: a, metric: accuracy, min: high, bound: lower95}
                      valid-for: 0s
                      expires: 1d
        """;

    assertThat(Yaml.problems(Yaml.MINIMAL + departments))
        .containsExactly(
            "steward.yaml:21:27: departments.d.services.s.use-cases.u.approvals.requires[0].suite:"
                + " 'Refusal Core' (expected: "
                + ConfigBinder.SUITE_EXPECTED
                + ")",
            "steward.yaml:22:63: departments.d.services.s.use-cases.u.approvals.requires[1].max:"
                + " 0.5 (expected: >= min 0.9)",
            "steward.yaml:23:53: departments.d.services.s.use-cases.u.approvals.requires[2].min:"
                + " 'high' (expected: a number)",
            "steward.yaml:23:66: departments.d.services.s.use-cases.u.approvals.requires[2].bound:"
                + " 'lower95' (expected: one of point, lower-95, upper-95)",
            "steward.yaml:24:26: departments.d.services.s.use-cases.u.approvals.valid-for: '0s'"
                + " (expected: a duration > 0)",
            "steward.yaml:25:15: departments.d.services.s.use-cases.u.approvals.expires: unknown"
                + " key (expected: one of requires, valid-for)");
  }

  @Test
  void parse_weightsSha256_isKeptInLowerCase_andMustBe64HexDigits() {
    String hash = "AB".repeat(32);
    StewardConfig c =
        Yaml.parse(Yaml.MINIMAL.replace("model: x}", "model: x, weights-sha256: " + hash + "}"));
    RouteConfig route = model(c, "m").routes().getFirst();
    assertThat(route.weightsSha256()).isEqualTo("ab".repeat(32));
    assertThat(route)
        .isEqualTo(new RouteConfig("p", "x", 0, 1, null, "ab".repeat(32)))
        .isNotEqualTo(new RouteConfig("p", "x", 0, 1, null));
    assertThat(model(Yaml.parse(Yaml.MINIMAL), "m").routes().getFirst().weightsSha256()).isNull();
    assertThat(
            Yaml.problems(Yaml.MINIMAL.replace("model: x}", "model: x, weights-sha256: abc123}")))
        .containsExactly(
            "steward.yaml:9:49: models.m.routes[0].weights-sha256: 'abc123' (expected: 64 hex"
                + " digits: the SHA-256 of the model's weights)");
    assertThatThrownBy(() -> new RouteConfig("p", "x", 0, 1, null, "g".repeat(64)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("weights-sha256");
  }

  @Test
  void parse_evaluations_defaultsWhenAbsent_andBindsEveryKey() {
    assertThat(Yaml.parse(Yaml.MINIMAL).evaluations())
        .isEqualTo(new EvaluationsConfig(8, Duration.ofSeconds(60), List.of(), false))
        .isEqualTo(EvaluationsConfig.DEFAULT);

    StewardConfig c =
        Yaml.parse(
            Yaml.MINIMAL
                + """
                evaluations:
                  concurrency: 32
                  sample-timeout: 2m
                  auto-revoke: true
                  canaries:
                    - {suite: refusal-core, model: m, every: 6h, limit: 50}
                    - {suite: ./suites/triage_v2.jsonl, model: m, every: 1m}
                """);
    assertThat(c.evaluations())
        .isEqualTo(
            new EvaluationsConfig(
                32,
                Duration.ofMinutes(2),
                List.of(
                    new EvaluationsConfig.Canary("refusal-core", "m", Duration.ofHours(6), 50),
                    new EvaluationsConfig.Canary(
                        "./suites/triage_v2.jsonl", "m", Duration.ofMinutes(1), null)),
                true));
  }

  @Test
  void parse_evaluationProblems_areReportedWithTheirPositions() {
    String evaluations =
        """
        evaluations:
          concurrency: 0
          sample-timeout: 0s
          auto-revoke: yes
          canaries:
            - {suite: refusal-core, model: n, every: 1h}
            - {suite: refusal-core, model: m, every: 59s}
            - {suite: refusal-core, model: m, every: 1h, limit: 0}
            - {suite: refusal-core, model: m}
            - {suite: refusal-core, model: m, every: 1h, retries: 2}
            - {suite: refusal-core, model: m, every: PT1H}
            - {suite: refusal-core, model: m, every: 2h}
        """;

    assertThat(Yaml.problems(Yaml.MINIMAL + evaluations))
        .containsExactly(
            "steward.yaml:11:16: evaluations.concurrency: 0 (expected: 1..256)",
            "steward.yaml:12:19: evaluations.sample-timeout: '0s' (expected: a duration > 0)",
            "steward.yaml:13:16: evaluations.auto-revoke: 'yes' (expected: true or false)",
            "steward.yaml:15:36: evaluations.canaries[0].model: 'n' (expected: a configured"
                + " model alias; did you mean 'm'?)",
            "steward.yaml:16:46: evaluations.canaries[1].every: '59s' (expected: a duration of"
                + " at least 1m)",
            "steward.yaml:17:57: evaluations.canaries[2].limit: 0 (expected: >= 1)",
            "steward.yaml:18:7: evaluations.canaries[3].every: missing (expected: a duration of"
                + " at least 1m)",
            "steward.yaml:19:50: evaluations.canaries[4].retries: unknown key (expected: one of"
                + " suite, model, every, limit)",
            "steward.yaml:20:7: evaluations.canaries[5]: duplicate canary refusal-core on m"
                + " (first at evaluations.canaries[4])",
            "steward.yaml:21:7: evaluations.canaries[6]: duplicate canary refusal-core on m"
                + " (first at evaluations.canaries[4])");
  }

  @Test
  void parse_sandboxProviderWhileForbidden_loadsAndReportsNotAllowed() {
    StewardConfig c = Yaml.parse("sandbox: forbidden\n" + Yaml.MINIMAL);

    assertThat(c.sandboxAllowed()).isFalse();
    assertThat(provider(c, "p").protocol()).isEqualTo(Protocol.SANDBOX);
  }

  @Test
  void parse_baseUriTrailingSlash_isDropped() {
    StewardConfig c =
        Yaml.parse(
            Yaml.MINIMAL.replace(
                "protocol: sandbox", "protocol: openai\n    base-uri: http://localhost:8000/v1/"));

    assertThat(provider(c, "p").baseUri()).isEqualTo(URI.create("http://localhost:8000/v1"));
  }

  @Test
  void load_relativeDataDirAndSecretFile_resolveAgainstTheFilesDirectory() throws Exception {
    Path conf = dir.resolve("conf");
    Path config = conf.resolve("steward.yaml");
    Files.createDirectories(conf.resolve("secrets"));
    Files.writeString(conf.resolve("secrets/key"), "  s3cret\n");
    Files.writeString(
        config,
        "data-dir: ../state\n"
            + Yaml.MINIMAL.replace(
                "    residency: UK\n", "    residency: UK\n    api-key: {file: secrets/key}\n")
            + "server: {admin-key: {env: ADMIN}}\n");

    StewardConfig c = ConfigLoader.load(config, Map.of());

    assertThat(c.dataDir()).isEqualTo(dir.resolve("state").toAbsolutePath().toString());
    Secret key = Objects.requireNonNull(provider(c, "p").apiKey());
    assertThat(key).isEqualTo(new Secret.File(dir.resolve("conf/secrets/key").toAbsolutePath()));
    assertThat(key.resolve(Map.of())).isEqualTo("s3cret");
    Secret admin = Objects.requireNonNull(c.server().adminKey());
    assertThat(admin.resolve(Map.of("ADMIN", " admin-value "))).isEqualTo("admin-value");
    assertThatThrownBy(() -> admin.resolve(Map.of()))
        .hasMessage("environment variable ADMIN is not set");
  }

  @Test
  void parse_plainStringSecret_isRejectedWithoutShowingIt() {
    assertThatThrownBy(
            () -> Yaml.parse("server: {admin-key: hunter2-secret-value}\n" + Yaml.MINIMAL))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("server.admin-key: secrets must come from the environment or a file")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void parse_severalProblems_reportsAllInFileOrder() {
    String yaml =
        """
        models:
          m:
            routes:
              - {provider: nowhere, model: x, weight: -2}
        providers:
          p:
            protocol: telepathy
            residency: MARS
            max-classification: OFFICIAL
        """;

    ConfigException e = catchConfig(yaml);

    assertThat(e.problems())
        .extracting(ConfigProblem::line, ConfigProblem::column, ConfigProblem::path)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(4, 20, "models.m.routes[0].provider"),
            org.assertj.core.groups.Tuple.tuple(4, 47, "models.m.routes[0].weight"),
            org.assertj.core.groups.Tuple.tuple(7, 15, "providers.p.protocol"),
            org.assertj.core.groups.Tuple.tuple(8, 16, "providers.p.residency"));
    assertThat(e.getMessage())
        .startsWith("invalid configuration (4 problems):\n")
        .contains(
            "\nsteward.yaml:8:16: providers.p.residency: 'MARS' (expected: one of UK, EU, US,"
                + " OTHER)");
  }

  @Test
  void parse_yamlSyntaxError_reportsItsPosition() {
    ConfigException e = catchConfig("providers:\n  p: {protocol: sandbox\nmodels: {}\n");

    assertThat(e.problems()).hasSize(1);
    ConfigProblem p = e.problems().getFirst();
    assertThat(p.line()).isEqualTo(3);
    assertThat(p.path()).isEmpty();
    assertThat(p.message()).startsWith("invalid YAML: ");
    assertThat(p.toString()).startsWith("steward.yaml:3:");
  }

  @Test
  void parse_aliasBomb_isRefused() {
    StringBuilder yaml = new StringBuilder("a0: &a0 [x, x]\n");
    for (int i = 1; i <= 12; i++) {
      yaml.append("a")
          .append(i)
          .append(": &a")
          .append(i)
          .append(" [*a")
          .append(i - 1)
          .append(", *a")
          .append(i - 1)
          .append("]\n");
    }

    ConfigException e = catchConfig(yaml.toString());

    assertThat(e.problems())
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "steward.yaml: too many aliases of mappings or lists (expected: at most 10)");
  }

  @Test
  void parse_fewAliases_areAllowed() {
    StewardConfig c =
        Yaml.parse(
            """
            providers:
              a: &vendor {protocol: sandbox, residency: UK, max-classification: OFFICIAL}
              b: *vendor
            models:
              m: {routes: [{provider: a, model: x}, {provider: b, model: x}]}
            """);

    assertThat(c.providers()).containsOnlyKeys("a", "b");
  }

  @Test
  void parse_emptyFile_isAProblem() {
    assertThat(Yaml.problems("# nothing\n"))
        .containsExactly(
            "steward.yaml: empty (expected: a mapping with at least providers and models)");
  }

  @Test
  void parse_rootNotAMapping_isAProblem() {
    assertThat(Yaml.problems("- a\n- b\n"))
        .containsExactly("steward.yaml:1:1: a list (expected: a mapping)");
  }

  @Test
  void load_missingFile_reportsItCannotBeRead() {
    Path missing = dir.resolve("nope.yaml");

    ConfigException e =
        (ConfigException)
            org.assertj.core.api.Assertions.catchThrowable(
                () -> ConfigLoader.load(missing, Map.of()));

    assertThat(e.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.file()).isEqualTo(missing.toString());
              assertThat(p.line()).isZero();
              assertThat(p.message()).startsWith("cannot be read: ");
            });
  }

  @Test
  void load_tooLargeFile_isRefusedBeforeParsing() throws Exception {
    Path big = dir.resolve("big.yaml");
    Files.write(big, new byte[ConfigLoader.MAX_FILE_BYTES + 1]);

    assertThatThrownBy(() -> ConfigLoader.load(big, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("too large: " + (ConfigLoader.MAX_FILE_BYTES + 1) + " bytes");
  }

  @Test
  void load_invalidUtf8_isAProblem() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.write(bad, "providers: \u00e9".getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> ConfigLoader.load(bad, Map.of()))
        .hasMessageContaining("not valid UTF-8");
  }

  private static ConfigException catchConfig(String yaml) {
    try {
      Yaml.parse(yaml);
    } catch (ConfigException e) {
      return e;
    }
    throw new AssertionError("expected a ConfigException");
  }

  private static ProviderConfig provider(StewardConfig c, String id) {
    return Objects.requireNonNull(c.providers().get(id), id);
  }

  private static ModelConfig model(StewardConfig c, String alias) {
    return Objects.requireNonNull(c.models().get(alias), alias);
  }

  private static DepartmentConfig department(StewardConfig c, String id) {
    return Objects.requireNonNull(c.departments().get(id), id);
  }
}
