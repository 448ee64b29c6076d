package dev.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code steward policy lint}, run in-process. */
class PolicyLintCommandTest {
  @TempDir Path dir;

  private CliRun run(String... args) {
    return CliRun.of(Map.of(), args);
  }

  private Path write(String name, String yaml) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, yaml);
    return file;
  }

  /** {@code FILE:LINE:COLUMN} of the first occurrence of {@code text} in {@code yaml}. */
  private static String at(Path file, String yaml, String text) {
    return at(file, yaml, "", text);
  }

  /** {@code FILE:LINE:COLUMN} of the first {@code text} after {@code after} in {@code yaml}. */
  private static String at(Path file, String yaml, String after, String text) {
    int index = yaml.indexOf(text, yaml.indexOf(after));
    assertThat(index).as("'%s' after '%s' in the test's YAML", text, after).isNotNegative();
    int line = (int) yaml.substring(0, index).chars().filter(c -> c == '\n').count() + 1;
    int column = index - (yaml.lastIndexOf('\n', index - 1) + 1) + 1;
    return file + ":" + line + ":" + column;
  }

  private static final String CLEAN =
      """
      policy-version: 2026-11-27.1
      sandbox: allowed
      providers:
        uk: {protocol: sandbox, residency: UK, max-classification: OFFICIAL-SENSITIVE}
        pool: {protocol: sandbox, residency: UK, max-classification: SECRET, sovereign: true}
      models:
        chat:
          routes:
            - {provider: uk, model: chat}
        sovereign:
          routes:
            - {provider: pool, model: sovereign}
      departments:
        hmrc:
          name: HMRC
          services:
            letters:
              name: Letters
              use-cases:
                draft: {purpose: Draft letters, models: [chat]}
                secret-draft:
                  purpose: Draft secret letters
                  models: [sovereign]
                  classification: {default: SECRET}
      """;

  @Test
  void lint_cleanFile_exits0WithVersionAndUseCases() throws Exception {
    Path file = write("clean.yaml", CLEAN);

    CliRun r = run("policy", "lint", file.toString());

    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo(file + ": ok (policy-version 2026-11-27.1, 2 use cases)\n");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void lint_typo_exits3NamingLineColumnAndPath() throws Exception {
    String yaml = CLEAN.replace("classification: {default: SECRET}", "clasification: {}");
    Path file = write("typo.yaml", yaml);

    CliRun r = run("policy", "lint", file.toString());

    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out())
        .isEqualTo(
            at(file, yaml, "clasification")
                + ": departments.hmrc.services.letters.use-cases.secret-draft.clasification:"
                + " unknown key (did you mean 'classification'?)\n");
    assertThat(r.err()).isEqualTo("steward: " + file + ": 1 problem\n");
  }

  /** A file the loader accepts, with a pitfall of each kind lint warns about. */
  private static final String PITFALLS =
      """
      sandbox: allowed
      providers:
        us: {protocol: sandbox, residency: US, max-classification: SECRET}
        uk: {protocol: sandbox, residency: UK, max-classification: OFFICIAL}
        unused: {protocol: sandbox, residency: UK, max-classification: OFFICIAL}
      models:
        us-chat:
          routes:
            - {provider: us, model: chat}
        uk-chat:
          routes:
            - {provider: uk, model: chat}
        spare:
          routes:
            - {provider: uk, model: spare}
      departments:
        dwp:
          name: DWP
          services:
            claims:
              name: Claims
              use-cases:
                uk-only:
                  purpose: Claims advice that must stay in the UK
                  models: [uk-chat, us-chat]
                  residency: [UK]
                sensitive-default:
                  purpose: Sensitive by default
                  models: [uk-chat]
                  classification: {default: OFFICIAL-SENSITIVE}
                labelled:
                  purpose: Callers always label
                  models: [uk-chat]
                  classification: {default: OFFICIAL, unlabelled: refuse}
      """;

  @Test
  void lint_pitfalls_warnWithLinesAndPathsButExit0() throws Exception {
    Path file = write("pitfalls.yaml", PITFALLS);
    String useCases = "departments.dwp.services.claims.use-cases.";

    CliRun r = run("policy", "lint", file.toString());

    assertThat(r.code()).isZero();
    assertThat(r.out().lines())
        .containsExactly(
            file
                + ": warning: policy-version: missing: decisions will name the policy"
                + " 'unversioned' (expected: a version such as 2026-11-27.1, changed with each"
                + " policy change)",
            at(file, PITFALLS, "SECRET}")
                + ": warning: providers.us.max-classification: SECRET on a provider that is not"
                + " sovereign: SECRET and above go to sovereign providers only, so it receives"
                + " OFFICIAL-SENSITIVE at most (expected: OFFICIAL-SENSITIVE, or sovereign:"
                + " true)",
            at(file, PITFALLS, "unused:") + ": warning: providers.unused: no model routes to it",
            at(file, PITFALLS, "spare:")
                + ": warning: models.spare: no use case lists it in models, so nothing can call"
                + " it",
            at(file, PITFALLS, "us-chat]")
                + ": warning: "
                + useCases
                + "uk-only.models[1]: 'us-chat' can never serve this use case, whatever the"
                + " label: no route of us-chat may receive OFFICIAL data for use case uk-only"
                + " (us/chat: residency US)",
            at(file, PITFALLS, "sensitive-default:", "uk-chat]")
                + ": warning: "
                + useCases
                + "sensitive-default.models[0]: 'uk-chat': every request without a label is"
                + " refused (policy.no_eligible_route): no route of uk-chat may receive"
                + " OFFICIAL-SENSITIVE data for use case sensitive-default (uk/chat: ceiling"
                + " OFFICIAL)",
            at(file, PITFALLS, "OFFICIAL, unlabelled")
                + ": warning: "
                + useCases
                + "labelled.classification.default: never used: with unlabelled: refuse, a"
                + " request without a label is refused",
            file + ": ok (policy-version unversioned, 3 use cases, 7 warnings)");
  }

  @Test
  void lint_strict_exits3OnWarnings() throws Exception {
    Path file = write("pitfalls.yaml", PITFALLS);

    CliRun r = run("policy", "lint", "--strict", file.toString());

    assertThat(r.code()).isEqualTo(3);
    assertThat(r.out()).contains(": warning: ").doesNotContain(": ok (");
    assertThat(r.err()).isEqualTo("steward: " + file + ": 7 warnings (--strict)\n");
  }

  @Test
  void lint_strict_cleanFile_exits0() throws Exception {
    assertThat(run("policy", "lint", "--strict", write("clean.yaml", CLEAN).toString()).code())
        .isZero();
  }

  @Test
  void lint_missingFile_exits4() {
    assertThat(run("policy", "lint", dir.resolve("nope.yaml").toString()).code()).isEqualTo(4);
  }

  @Test
  void policy_withoutSubcommand_exits2() {
    assertThat(run("policy").code()).isEqualTo(2);
  }
}
