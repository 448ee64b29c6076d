package dev.steward.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.config.ApprovalRules;
import dev.steward.config.BreakerConfig;
import dev.steward.config.Budget;
import dev.steward.config.Classification;
import dev.steward.config.GuardsConfig;
import dev.steward.config.ModelConfig;
import dev.steward.config.ModelKind;
import dev.steward.config.Protocol;
import dev.steward.config.ProviderConfig;
import dev.steward.config.RateLimit;
import dev.steward.config.Residency;
import dev.steward.config.RetryConfig;
import dev.steward.config.RouteConfig;
import dev.steward.config.Timeouts;
import dev.steward.config.UseCaseConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class RoutePolicyTest {
  static ProviderConfig provider(
      String name, Residency residency, Classification ceiling, boolean sovereign) {
    return new ProviderConfig(
        name,
        Protocol.SANDBOX,
        null,
        null,
        residency,
        ceiling,
        sovereign,
        Timeouts.DEFAULT,
        null,
        Map.of(),
        Map.of());
  }

  static final Map<String, ProviderConfig> PROVIDERS =
      Map.of(
          "openai", provider("openai", Residency.US, Classification.OFFICIAL, false),
          "azure-uk", provider("azure-uk", Residency.UK, Classification.OFFICIAL_SENSITIVE, false),
          "isambard", provider("isambard", Residency.UK, Classification.SECRET, true));

  static final ModelConfig MODEL =
      new ModelConfig(
          "chat",
          ModelKind.CHAT,
          List.of(
              new RouteConfig("openai", "gpt", 0, 1, null),
              new RouteConfig("azure-uk", "gpt", 1, 1, null),
              new RouteConfig("isambard", "llama", 2, 1, null)),
          RetryConfig.DEFAULT,
          BreakerConfig.DEFAULT,
          null);

  static UseCaseConfig useCase(
      Classification defaultLabel, boolean refuseUnlabelled, Set<Residency> residencies) {
    return useCase(defaultLabel, refuseUnlabelled, residencies, ApprovalRules.NONE);
  }

  static UseCaseConfig useCase(
      Classification defaultLabel,
      boolean refuseUnlabelled,
      Set<Residency> residencies,
      ApprovalRules approvals) {
    return new UseCaseConfig(
        "notes",
        "Notes",
        List.of(),
        "low",
        false,
        null,
        null,
        defaultLabel,
        refuseUnlabelled,
        residencies,
        RateLimit.NONE,
        Budget.NONE,
        GuardsConfig.NONE,
        approvals);
  }

  static final UseCaseConfig ANYWHERE =
      useCase(Classification.OFFICIAL, false, EnumSet.allOf(Residency.class));

  static final ApprovalRules RULES =
      new ApprovalRules(
          List.of(
              new ApprovalRules.Requirement(
                  "refusal-core", "accuracy", 0.98, null, ApprovalRules.Bound.LOWER_95)),
          Duration.ofDays(90));

  /** A use case that gates on evidence, anywhere. */
  static final UseCaseConfig GATED =
      useCase(Classification.OFFICIAL, false, EnumSet.allOf(Residency.class), RULES);

  static final String TARGET = KillSwitches.useCase("justice", "courts", "notes");
  static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

  static Approvals approving(String useCase, Instant until, String... versions) {
    Map<Approvals.Key, Instant> grants = new LinkedHashMap<>();
    for (String v : versions) {
      grants.put(new Approvals.Key(useCase, v), until);
    }
    return new Approvals(grants);
  }

  static Decision decideEnforcing(
      @Nullable String label, UseCaseConfig useCase, KillSwitches switches, Approvals approvals) {
    return RoutePolicy.decide(
        label, null, useCase, TARGET, MODEL, PROVIDERS, switches, approvals, NOW);
  }

  @Test
  void official_mayUseEveryRoute_inTheModelsOrder() {
    assertThat(RoutePolicy.decide("OFFICIAL", ANYWHERE, MODEL, PROVIDERS))
        .isEqualTo(
            new Decision.Allow(
                Classification.OFFICIAL, List.of("openai/gpt", "azure-uk/gpt", "isambard/llama")));
  }

  @Test
  void officialSensitive_skipsProvidersWhoseCeilingIsLower() {
    assertThat(RoutePolicy.decide("official-sensitive", ANYWHERE, MODEL, PROVIDERS))
        .isEqualTo(
            new Decision.Allow(
                Classification.OFFICIAL_SENSITIVE, List.of("azure-uk/gpt", "isambard/llama")));
  }

  @Test
  void secret_goesOnlyToSovereignRoutes_evenWhenAProviderClaimsTheCeiling() {
    Map<String, ProviderConfig> providers = new LinkedHashMap<>(PROVIDERS);
    providers.put("azure-uk", provider("azure-uk", Residency.UK, Classification.TOP_SECRET, false));
    assertThat(RoutePolicy.decide("SECRET", ANYWHERE, MODEL, providers))
        .isEqualTo(new Decision.Allow(Classification.SECRET, List.of("isambard/llama")));
  }

  @Test
  void topSecret_withNoRouteCleared_isDeniedNamingWhatEachRouteLacks() {
    Decision d = RoutePolicy.decide("TOP SECRET", ANYWHERE, MODEL, PROVIDERS);
    assertThat(d).isInstanceOf(Decision.Deny.class);
    Decision.Deny deny = (Decision.Deny) d;
    assertThat(deny.reason()).isEqualTo(Decision.Reason.NO_ELIGIBLE_ROUTE);
    assertThat(deny.reason().code()).isEqualTo("policy.no_eligible_route");
    assertThat(deny.message())
        .contains("TOP-SECRET")
        .contains("openai/gpt: ceiling OFFICIAL")
        .contains("isambard/llama: ceiling SECRET");
  }

  @Test
  void residency_keepsDataInTheAllowedPlaces_fallbacksIncluded() {
    UseCaseConfig ukOnly = useCase(Classification.OFFICIAL, false, EnumSet.of(Residency.UK));
    assertThat(RoutePolicy.decide(null, ukOnly, MODEL, PROVIDERS))
        .isEqualTo(
            new Decision.Allow(Classification.OFFICIAL, List.of("azure-uk/gpt", "isambard/llama")));
  }

  @Test
  void unlabelled_takesTheUseCaseDefault_orIsRefused() {
    UseCaseConfig sensitive =
        useCase(Classification.OFFICIAL_SENSITIVE, false, EnumSet.allOf(Residency.class));
    assertThat(RoutePolicy.decide(null, sensitive, MODEL, PROVIDERS))
        .isInstanceOfSatisfying(
            Decision.Allow.class,
            a -> assertThat(a.classification()).isEqualTo(Classification.OFFICIAL_SENSITIVE));
    UseCaseConfig strict = useCase(Classification.OFFICIAL, true, EnumSet.allOf(Residency.class));
    assertThat(RoutePolicy.decide("  ", strict, MODEL, PROVIDERS))
        .isInstanceOfSatisfying(
            Decision.Deny.class, d -> assertThat(d.reason()).isEqualTo(Decision.Reason.UNLABELLED));
  }

  @Test
  void conversation_keepsTheHighestLabelItHasSeen_evenWhenTheRequestSaysLess() {
    Decision d =
        RoutePolicy.decide(
            "OFFICIAL", Classification.SECRET, ANYWHERE, null, MODEL, PROVIDERS, KillSwitches.NONE);
    assertThat(d).isEqualTo(new Decision.Allow(Classification.SECRET, List.of("isambard/llama")));
    UseCaseConfig strict = useCase(Classification.OFFICIAL, true, EnumSet.allOf(Residency.class));
    assertThat(
            RoutePolicy.decide(
                null,
                Classification.OFFICIAL_SENSITIVE,
                strict,
                null,
                MODEL,
                PROVIDERS,
                KillSwitches.NONE))
        .as("an unlabelled turn of a labelled conversation takes the conversation's label")
        .isEqualTo(
            new Decision.Allow(
                Classification.OFFICIAL_SENSITIVE, List.of("azure-uk/gpt", "isambard/llama")));
    assertThat(
            RoutePolicy.decide(
                "TOP-SECRET",
                Classification.OFFICIAL,
                ANYWHERE,
                null,
                MODEL,
                PROVIDERS,
                KillSwitches.NONE))
        .as("a higher label than the conversation's wins")
        .isInstanceOfSatisfying(
            Decision.Deny.class, deny -> assertThat(deny.message()).contains("TOP-SECRET"));
  }

  @Test
  void ownLabel_isTheHeadersOrTheDefault_andEmptyWhereDecideRefusesTheLabel() {
    UseCaseConfig strict = useCase(Classification.OFFICIAL, true, EnumSet.allOf(Residency.class));
    assertThat(RoutePolicy.ownLabel("secret", ANYWHERE)).contains(Classification.SECRET);
    assertThat(RoutePolicy.ownLabel(null, ANYWHERE)).contains(Classification.OFFICIAL);
    assertThat(RoutePolicy.ownLabel(" ", strict)).isEmpty();
    assertThat(RoutePolicy.ownLabel("RESTRICTED", ANYWHERE)).isEmpty();
  }

  @Test
  void killSwitches_stopAUseCaseAModelOrTheProvidersRoutes() {
    String target = KillSwitches.useCase("justice", "courts", "notes");
    KillSwitches useCase = new KillSwitches(Set.of(), Set.of(), Set.of(target));
    assertThat(RoutePolicy.decide(null, null, ANYWHERE, target, MODEL, PROVIDERS, useCase))
        .isInstanceOfSatisfying(
            Decision.Deny.class,
            deny -> {
              assertThat(deny.reason()).isEqualTo(Decision.Reason.KILL_SWITCH);
              assertThat(deny.reason().code()).isEqualTo("killswitch.engaged");
            });
    KillSwitches model = new KillSwitches(Set.of(), Set.of("chat"), Set.of());
    assertThat(RoutePolicy.decide(null, null, ANYWHERE, target, MODEL, PROVIDERS, model))
        .isInstanceOfSatisfying(
            Decision.Deny.class,
            deny -> assertThat(deny.reason()).isEqualTo(Decision.Reason.KILL_SWITCH));
    KillSwitches openai = new KillSwitches(Set.of("openai"), Set.of(), Set.of());
    assertThat(RoutePolicy.decide(null, null, ANYWHERE, target, MODEL, PROVIDERS, openai))
        .as("a stopped provider's routes are never tried; the others still serve")
        .isEqualTo(
            new Decision.Allow(Classification.OFFICIAL, List.of("azure-uk/gpt", "isambard/llama")));
    KillSwitches all =
        new KillSwitches(Set.of("openai", "azure-uk", "isambard"), Set.of(), Set.of());
    assertThat(RoutePolicy.decide(null, null, ANYWHERE, target, MODEL, PROVIDERS, all))
        .isInstanceOfSatisfying(
            Decision.Deny.class,
            deny -> {
              assertThat(deny.reason()).isEqualTo(Decision.Reason.KILL_SWITCH);
              assertThat(deny.message()).contains("openai/gpt: provider stopped by a kill switch");
            });
    KillSwitches other =
        new KillSwitches(Set.of(), Set.of("other"), Set.of("justice/courts/other"));
    assertThat(RoutePolicy.decide(null, null, ANYWHERE, target, MODEL, PROVIDERS, other))
        .as("switches on other targets change nothing")
        .isEqualTo(RoutePolicy.decide(null, ANYWHERE, MODEL, PROVIDERS));
  }

  @Test
  void approvals_gatedUseCase_mayUseOnlyItsApprovedRoutes() {
    Instant later = NOW.plusSeconds(60);
    Approvals approvals =
        new Approvals(
            Map.of(
                new Approvals.Key(TARGET, "openai/gpt"), later,
                new Approvals.Key(TARGET, "isambard/llama"), later,
                new Approvals.Key("justice/courts/other", "azure-uk/gpt"), later));

    assertThat(decideEnforcing(null, GATED, KillSwitches.NONE, approvals))
        .as("an approval for another use case does not count")
        .isEqualTo(
            new Decision.Allow(Classification.OFFICIAL, List.of("openai/gpt", "isambard/llama")));
  }

  @Test
  void approvals_noRouteApproved_isDeniedNotApproved_namingEachModelVersion() {
    String hash = "ab".repeat(32);
    ModelConfig model =
        new ModelConfig(
            "chat",
            ModelKind.CHAT,
            List.of(
                new RouteConfig("openai", "gpt", 0, 1, null),
                new RouteConfig("isambard", "llama", 1, 1, "3.1", hash)),
            RetryConfig.DEFAULT,
            BreakerConfig.DEFAULT,
            null);
    Approvals staleBuild =
        approving(TARGET, NOW.plusSeconds(60), "isambard/llama@sha256:" + "cd".repeat(8));

    Decision d =
        RoutePolicy.decide(
            null, null, GATED, TARGET, model, PROVIDERS, KillSwitches.NONE, staleBuild, NOW);

    assertThat(d)
        .isEqualTo(
            new Decision.Deny(
                Decision.Reason.NOT_APPROVED,
                "no route of chat is approved for use case justice/courts/notes (openai/gpt: not"
                    + " approved for justice/courts/notes (model version openai/gpt);"
                    + " isambard/llama: not approved for justice/courts/notes (model version"
                    + " isambard/llama@sha256:abababababababab))"));
    assertThat(Decision.Reason.NOT_APPROVED.code()).isEqualTo("policy.not_approved");
  }

  @Test
  void approvals_expiringNow_orForAnotherUseCase_approveNothing() {
    assertThat(
            decideEnforcing(
                null,
                GATED,
                KillSwitches.NONE,
                approving(TARGET, NOW, "openai/gpt", "azure-uk/gpt")))
        .isInstanceOfSatisfying(
            Decision.Deny.class,
            deny -> assertThat(deny.reason()).isEqualTo(Decision.Reason.NOT_APPROVED));
    assertThat(
            decideEnforcing(
                null,
                GATED,
                KillSwitches.NONE,
                approving(TARGET, NOW.plusMillis(1), "azure-uk/gpt")))
        .isEqualTo(new Decision.Allow(Classification.OFFICIAL, List.of("azure-uk/gpt")));
  }

  @Test
  void approvals_mixedReasons_areNoEligibleRoute_listingEveryProblem() {
    Decision d = decideEnforcing("SECRET", GATED, KillSwitches.NONE, Approvals.NONE);

    assertThat(d)
        .isInstanceOfSatisfying(
            Decision.Deny.class,
            deny -> {
              assertThat(deny.reason()).isEqualTo(Decision.Reason.NO_ELIGIBLE_ROUTE);
              assertThat(deny.message())
                  .contains("openai/gpt: ceiling OFFICIAL")
                  .contains("azure-uk/gpt: ceiling OFFICIAL-SENSITIVE")
                  .contains(
                      "isambard/llama: not approved for justice/courts/notes (model version"
                          + " isambard/llama)");
            });
  }

  @Test
  void approvals_killSwitchesKeepPrecedence() {
    KillSwitches useCase = new KillSwitches(Set.of(), Set.of(), Set.of(TARGET));
    KillSwitches openai = new KillSwitches(Set.of("openai"), Set.of(), Set.of());
    Approvals all =
        approving(TARGET, NOW.plusSeconds(60), "openai/gpt", "azure-uk/gpt", "isambard/llama");

    assertThat(decideEnforcing(null, GATED, useCase, all))
        .isInstanceOfSatisfying(
            Decision.Deny.class,
            deny -> assertThat(deny.reason()).isEqualTo(Decision.Reason.KILL_SWITCH));
    assertThat(decideEnforcing(null, GATED, openai, Approvals.NONE))
        .as("a stopped provider among unapproved routes: the kill switch is the reason")
        .isInstanceOfSatisfying(
            Decision.Deny.class,
            deny -> {
              assertThat(deny.reason()).isEqualTo(Decision.Reason.KILL_SWITCH);
              assertThat(deny.message())
                  .contains("openai/gpt: provider stopped by a kill switch")
                  .contains("azure-uk/gpt: not approved for");
            });
    assertThat(decideEnforcing(null, GATED, openai, all))
        .isEqualTo(
            new Decision.Allow(Classification.OFFICIAL, List.of("azure-uk/gpt", "isambard/llama")));
  }

  @Test
  void approvals_ungatedUseCase_needsNone_andOverloadsWithoutApprovals_doNotEnforceThem() {
    Decision.Allow everyRoute =
        new Decision.Allow(
            Classification.OFFICIAL, List.of("openai/gpt", "azure-uk/gpt", "isambard/llama"));

    assertThat(decideEnforcing(null, ANYWHERE, KillSwitches.NONE, Approvals.NONE))
        .isEqualTo(everyRoute);
    assertThat(RoutePolicy.decide(null, GATED, MODEL, PROVIDERS)).isEqualTo(everyRoute);
    assertThat(RoutePolicy.decide(null, null, GATED, TARGET, MODEL, PROVIDERS, KillSwitches.NONE))
        .isEqualTo(everyRoute);
  }

  /**
   * With approvals enforced: allowed on exactly the routes that meet every classification rule and
   * are approved; refused as not approved exactly when every route met the rules but none was
   * approved.
   */
  @Property(tries = 500)
  void decisionEnforcingApprovals_allowsExactlyTheEligibleApprovedRoutes(
      @ForAll("providers") List<ProviderConfig> providers,
      @ForAll Classification label,
      @ForAll("residencies") Set<Residency> residencies,
      @ForAll List<Boolean> approvedFlags) {
    Map<String, ProviderConfig> byName = new LinkedHashMap<>();
    List<RouteConfig> routes = new ArrayList<>();
    Map<Approvals.Key, Instant> grants = new LinkedHashMap<>();
    List<String> meetRules = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < providers.size(); i++) {
      ProviderConfig p = providers.get(i);
      byName.put(p.name(), p);
      RouteConfig route = new RouteConfig(p.name(), "m", 0, 1, null);
      routes.add(route);
      boolean approved = i < approvedFlags.size() && approvedFlags.get(i);
      if (approved) {
        grants.put(new Approvals.Key(TARGET, ModelVersion.of(route)), NOW.plusSeconds(1));
      }
      if (label.atMost(p.maxClassification())
          && (label.compareTo(Classification.SECRET) < 0 || p.sovereign())
          && residencies.contains(p.residency())) {
        meetRules.add(route.id());
        if (approved) {
          expected.add(route.id());
        }
      }
    }
    ModelConfig model =
        new ModelConfig(
            "m", ModelKind.CHAT, routes, RetryConfig.DEFAULT, BreakerConfig.DEFAULT, null);
    UseCaseConfig uc = useCase(Classification.OFFICIAL, false, residencies, RULES);
    Decision d =
        RoutePolicy.decide(
            RoutePolicy.label(label),
            null,
            uc,
            TARGET,
            model,
            byName,
            KillSwitches.NONE,
            new Approvals(grants),
            NOW);
    switch (d) {
      case Decision.Allow a -> assertThat(a.eligibleRoutes()).isEqualTo(expected);
      case Decision.Deny deny -> {
        assertThat(expected).isEmpty();
        assertThat(deny.reason())
            .isEqualTo(
                meetRules.size() == routes.size()
                    ? Decision.Reason.NOT_APPROVED
                    : Decision.Reason.NO_ELIGIBLE_ROUTE);
      }
    }
  }

  @Test
  void unknownLabel_isDeniedAndQuotedSafely() {
    assertThat(RoutePolicy.decide("RESTRICTED\n", ANYWHERE, MODEL, PROVIDERS))
        .isInstanceOfSatisfying(
            Decision.Deny.class,
            d -> {
              assertThat(d.reason()).isEqualTo(Decision.Reason.INVALID_CLASSIFICATION);
              assertThat(d.message()).contains("'RESTRICTED?'").doesNotContain("\n");
            });
  }

  @Test
  void labels_parseAsCallersWriteThem() {
    assertThat(RoutePolicy.parseLabel("Official-Sensitive"))
        .contains(Classification.OFFICIAL_SENSITIVE);
    assertThat(RoutePolicy.parseLabel("top_secret")).contains(Classification.TOP_SECRET);
    assertThat(RoutePolicy.parseLabel("secretish")).isEmpty();
    assertThat(RoutePolicy.label(Classification.OFFICIAL_SENSITIVE))
        .isEqualTo("OFFICIAL-SENSITIVE");
  }

  /**
   * Whatever the providers and rules: an allowed route always satisfies every rule, every route
   * that satisfies them is allowed, and denial happens exactly when none does.
   */
  @Property(tries = 500)
  void decision_allowsExactlyTheRoutesThatMeetEveryRule(
      @ForAll("providers") List<ProviderConfig> providers,
      @ForAll Classification label,
      @ForAll("residencies") Set<Residency> residencies) {
    Map<String, ProviderConfig> byName = new LinkedHashMap<>();
    List<RouteConfig> routes = new ArrayList<>();
    for (ProviderConfig p : providers) {
      byName.put(p.name(), p);
      routes.add(new RouteConfig(p.name(), "m", 0, 1, null));
    }
    ModelConfig model =
        new ModelConfig(
            "m", ModelKind.CHAT, routes, RetryConfig.DEFAULT, BreakerConfig.DEFAULT, null);
    UseCaseConfig uc = useCase(Classification.OFFICIAL, false, residencies);
    List<String> expected =
        providers.stream()
            .filter(p -> label.atMost(p.maxClassification()))
            .filter(p -> label.compareTo(Classification.SECRET) < 0 || p.sovereign())
            .filter(p -> residencies.contains(p.residency()))
            .map(p -> p.name() + "/m")
            .toList();
    Decision d = RoutePolicy.decide(RoutePolicy.label(label), uc, model, byName);
    switch (d) {
      case Decision.Allow a -> {
        assertThat(a.eligibleRoutes()).isEqualTo(expected);
        assertThat(a.classification()).isEqualTo(label);
      }
      case Decision.Deny deny -> {
        assertThat(expected).isEmpty();
        assertThat(deny.reason()).isEqualTo(Decision.Reason.NO_ELIGIBLE_ROUTE);
      }
    }
  }

  @Provide
  Arbitrary<List<ProviderConfig>> providers() {
    Arbitrary<ProviderConfig> one =
        Combinators.combine(
                Arbitraries.of(Residency.values()),
                Arbitraries.of(Classification.values()),
                Arbitraries.of(true, false))
            .as((r, c, s) -> provider("p", r, c, s));
    return one.list()
        .ofMinSize(1)
        .ofMaxSize(5)
        .map(
            list -> {
              List<ProviderConfig> named = new ArrayList<>();
              for (int i = 0; i < list.size(); i++) {
                ProviderConfig p = list.get(i);
                named.add(provider("p" + i, p.residency(), p.maxClassification(), p.sovereign()));
              }
              return named;
            });
  }

  @Provide
  Arbitrary<Set<Residency>> residencies() {
    return Arbitraries.of(Residency.values()).set().ofMinSize(1);
  }
}
