package dev.steward.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of problem the loader reports, each with its exact line, column, path and message; and
 * whether the JSON Schema agrees (it rejects what it can express and accepts the cross-checks only
 * the loader can make).
 */
class ConfigProblemsTest {

  /** What the JSON Schema makes of the same file. */
  enum Schema {
    REJECTS,
    /** A check only the loader makes (cross-references, relations between keys). */
    ACCEPTS,
    /** Not representable as JSON (e.g. duplicate keys). */
    NOT_JSON
  }

  record Case(String name, String yaml, List<String> expected, Schema schema) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case reject(String name, String yaml, String... expected) {
    return new Case(name, yaml, List.of(expected), Schema.REJECTS);
  }

  private static Case loaderOnly(String name, String yaml, String... expected) {
    return new Case(name, yaml, List.of(expected), Schema.ACCEPTS);
  }

  static Stream<Case> cases() {
    return Stream.of(
        reject(
            "enum value misspelt",
            """
            providers:
              openai:
                protocol: opnai
                base-uri: https://api.openai.com/v1
                residency: US
                max-classification: OFFICIAL
            models:
              m:
                routes:
                  - {provider: openai, model: x}
            """,
            "steward.yaml:3:15: providers.openai.protocol: 'opnai' (expected: one of openai,"
                + " anthropic, cohere, openai-compatible, sandbox)"),
        reject(
            "unknown key close to a known one",
            Yaml.MINIMAL.replace(
                "    max-classification: OFFICIAL\n",
                "    max-classification: OFFICIAL\n    sovereing: true\n"),
            "steward.yaml:6:5: providers.p.sovereing: unknown key (did you mean 'sovereign'?)"),
        reject(
            "unknown key far from any",
            Yaml.MINIMAL.replace(
                "    max-classification: OFFICIAL\n",
                "    max-classification: OFFICIAL\n    colour: blue\n"),
            "steward.yaml:6:5: providers.p.colour: unknown key (expected: one of protocol,"
                + " base-uri, api-key, residency, max-classification, sovereign, timeouts,"
                + " capacity, headers, models)"),
        reject(
            "unknown section lists the sections",
            Yaml.MINIMAL + "servr: {port: 1}\n",
            "steward.yaml:10:1: servr: unknown section (expected: one of server, data-dir,"
                + " sandbox, storage, transparency-log, providers, models, prices, policy-version, guards,"
                + " departments, evaluations, tracing; did you mean 'server'?)"),
        reject(
            "snake_case key suggests the kebab-case one",
            Yaml.MINIMAL + "data_dir: ./data\n",
            "steward.yaml:10:1: data_dir: unknown section (expected: one of server, data-dir,"
                + " sandbox, storage, transparency-log, providers, models, prices, policy-version, guards,"
                + " departments, evaluations, tracing; did you mean 'data-dir'?)"),
        reject(
            "required key missing",
            Yaml.MINIMAL.replace("    residency: UK\n", ""),
            "steward.yaml:3:5: providers.p.residency: missing (expected: one of UK, EU, US,"
                + " OTHER)"),
        reject(
            "required section missing",
            """
            providers:
              p: {protocol: sandbox, residency: UK, max-classification: OFFICIAL}
            """,
            "steward.yaml:1:1: models: missing (expected: a mapping with at least one entry)"),
        reject(
            "empty section",
            Yaml.MINIMAL
                .replace(
                    """
                providers:
                  p:
                    protocol: sandbox
                    residency: UK
                    max-classification: OFFICIAL
                """,
                    "providers: {}\n")
                .replace("{provider: p,", "{provider: q,"),
            "steward.yaml:1:12: providers: an empty mapping (expected: a mapping with at least"
                + " one entry)"),
        reject(
            "secret as a plain string",
            Yaml.MINIMAL.replace(
                "    residency: UK\n", "    residency: UK\n    api-key: sk-live-123\n"),
            "steward.yaml:5:14: providers.p.api-key: secrets must come from the environment or a"
                + " file (expected: {env: NAME} or {file: PATH})"),
        reject(
            "secret with both forms",
            Yaml.MINIMAL.replace(
                "    residency: UK\n", "    residency: UK\n    api-key: {env: A, file: b}\n"),
            "steward.yaml:5:14: providers.p.api-key: a mapping with both env and file (expected:"
                + " exactly one of env, file)"),
        reject(
            "secret variable name invalid",
            Yaml.MINIMAL.replace(
                "    residency: UK\n", "    residency: UK\n    api-key: {env: 1-BAD}\n"),
            "steward.yaml:5:20: providers.p.api-key.env: '1-BAD' (expected: an environment"
                + " variable name)"),
        reject(
            "port out of range",
            "server: {port: 70000}\n" + Yaml.MINIMAL,
            "steward.yaml:1:16: server.port: 70000 (expected: 0..65535)"),
        reject(
            "port quoted",
            "server: {port: \"8080\"}\n" + Yaml.MINIMAL,
            "steward.yaml:1:16: server.port: '8080' (expected: an integer)"),
        reject(
            "duration in words",
            "server:\n  shutdown-grace: 5 sec\n" + Yaml.MINIMAL,
            "steward.yaml:2:19: server.shutdown-grace: '5 sec' (expected: a duration such as"
                + " 500ms, 5s, 2m, 1h, 1d or PT5S)"),
        reject(
            "duration without unit",
            "server:\n  shutdown-grace: 30\n" + Yaml.MINIMAL,
            "steward.yaml:2:19: server.shutdown-grace: 30 (expected: a duration such as 500ms,"
                + " 5s, 2m, 1h, 1d or PT5S)"),
        reject(
            "zero timeout",
            Yaml.MINIMAL.replace(
                "    residency: UK\n", "    residency: UK\n    timeouts: {connect: 0s}\n"),
            "steward.yaml:5:25: providers.p.timeouts.connect: '0s' (expected: a duration > 0)"),
        reject(
            "size with a decimal suffix",
            "server: {max-body-bytes: 8MB}\n" + Yaml.MINIMAL,
            "steward.yaml:1:26: server.max-body-bytes: '8MB' (expected: a size in bytes such as"
                + " 65536, 64KiB or 8MiB)"),
        reject(
            "mapping expected",
            Yaml.MINIMAL.replace("    residency: UK\n", "    residency: UK\n    timeouts: 5s\n"),
            "steward.yaml:5:15: providers.p.timeouts: '5s' (expected: a mapping)"),
        reject(
            "boolean expected",
            Yaml.MINIMAL.replace("    residency: UK\n", "    residency: UK\n    sovereign: yes\n"),
            "steward.yaml:5:16: providers.p.sovereign: 'yes' (expected: true or false)"),
        reject(
            "classification with underscore",
            Yaml.MINIMAL.replace("OFFICIAL", "OFFICIAL_SENSITIVE"),
            "steward.yaml:5:25: providers.p.max-classification: 'OFFICIAL_SENSITIVE' (expected:"
                + " one of OFFICIAL, OFFICIAL-SENSITIVE, SECRET, TOP-SECRET)"),
        reject(
            "base-uri missing",
            Yaml.MINIMAL.replace("protocol: sandbox", "protocol: openai"),
            "steward.yaml:3:5: providers.p.base-uri: missing (expected: an absolute http(s)"
                + " URI)"),
        reject(
            "base-uri with a query",
            Yaml.MINIMAL.replace(
                "protocol: sandbox",
                "protocol: openai\n    base-uri: https://api.example.com/v1?x=1"),
            "steward.yaml:4:15: providers.p.base-uri: 'https://api.example.com/v1?x=1' (expected:"
                + " an absolute http(s) URI without query, fragment or user info)"),
        reject(
            "base-uri with a key in it",
            Yaml.MINIMAL.replace(
                "protocol: sandbox",
                "protocol: openai\n    base-uri: https://user:pw@api.example.com/v1"),
            "steward.yaml:4:15: providers.p.base-uri: 'https://user:pw@api.example.com/v1'"
                + " (expected: an absolute http(s) URI without query, fragment or user info)"),
        reject(
            "base-uri for the sandbox",
            Yaml.MINIMAL.replace(
                "protocol: sandbox", "protocol: sandbox\n    base-uri: http://localhost:1"),
            "steward.yaml:4:15: providers.p.base-uri: not used by the sandbox protocol (expected:"
                + " no base-uri)"),
        reject(
            "capacity without concurrency",
            Yaml.MINIMAL.replace(
                "    residency: UK\n", "    residency: UK\n    capacity: {max-queue: 5}\n"),
            "steward.yaml:5:15: providers.p.capacity.max-concurrency: missing (expected: an"
                + " integer)"),
        reject(
            "header name with a space",
            Yaml.MINIMAL.replace(
                "    residency: UK\n", "    residency: UK\n    headers: {Bad Header: x}\n"),
            "steward.yaml:5:15: providers.p.headers.Bad Header: 'Bad Header' (expected: an HTTP"
                + " header name)"),
        reject(
            "provider id with upper case",
            Yaml.MINIMAL.replace(
                "models:\n",
                """
                  Open_AI: {protocol: sandbox, residency: UK, max-classification: OFFICIAL}
                models:
                """),
            "steward.yaml:6:3: providers.Open_AI: 'Open_AI' (expected: an id matching"
                + " [a-z0-9][a-z0-9._-]*)"),
        reject(
            "alias with a space",
            Yaml.MINIMAL.replace("  m:\n", "  my model:\n"),
            "steward.yaml:7:3: models.my model: 'my model' (expected: an alias matching"
                + " [A-Za-z0-9][A-Za-z0-9._:/-]*)"),
        reject(
            "kind misspelt",
            Yaml.MINIMAL.replace("    routes:\n", "    kind: embeddings\n    routes:\n"),
            "steward.yaml:8:11: models.m.kind: 'embeddings' (expected: one of chat, embedding)"),
        reject(
            "no routes",
            Yaml.MINIMAL.replace(
                "    routes:\n      - {provider: p, model: x}\n", "    routes: []\n"),
            "steward.yaml:8:13: models.m.routes: an empty list (expected: a list of at least one"
                + " route)"),
        reject(
            "route weight negative",
            Yaml.MINIMAL.replace("model: x}", "model: x, weight: -1}"),
            "steward.yaml:9:41: models.m.routes[0].weight: -1 (expected: >= 0)"),
        reject(
            "route version as a number",
            Yaml.MINIMAL.replace("model: x}", "model: x, version: 2}"),
            "steward.yaml:9:42: models.m.routes[0].version: 2 (expected: a non-empty string)"),
        reject(
            "retry attempts zero",
            Yaml.MINIMAL + "    retry: {max-attempts: 0}\n",
            "steward.yaml:10:27: models.m.retry.max-attempts: 0 (expected: 1..10)"),
        reject(
            "negative price",
            Yaml.MINIMAL + "prices:\n  p/x: {input: -1, output: 2}\n",
            "steward.yaml:11:16: prices.p/x.input: -1 (expected: a number >= 0)"),
        reject(
            "department weight zero",
            Yaml.MINIMAL + "departments:\n  justice: {name: Justice, weight: 0}\n",
            "steward.yaml:11:36: departments.justice.weight: 0 (expected: 1..1000)"),
        reject(
            "department without a name",
            Yaml.MINIMAL + "departments:\n  justice: {weight: 2}\n",
            "steward.yaml:11:12: departments.justice.name: missing (expected: a non-empty"
                + " string)"),
        reject(
            "risk tier and human review misspelt",
            Yaml.MINIMAL
                + """
                departments:
                  justice:
                    name: Justice
                    services:
                      notes:
                        name: Notes
                        use-cases:
                          summarise:
                            purpose: Summarise
                            risk-tier: extreme
                            human-review: yes
                """,
            "steward.yaml:19:24: departments.justice.services.notes.use-cases.summarise.risk-tier:"
                + " 'extreme' (expected: one of low, medium, high)",
            "steward.yaml:20:27:"
                + " departments.justice.services.notes.use-cases.summarise.human-review: 'yes'"
                + " (expected: one of required, none)"),
        reject(
            "use case with an empty model list",
            Yaml.MINIMAL
                + """
                departments:
                  justice:
                    name: Justice
                    services:
                      notes:
                        name: Notes
                        use-cases:
                          summarise: {purpose: Summarise, models: []}
                """,
            "steward.yaml:17:51: departments.justice.services.notes.use-cases.summarise.models:"
                + " an empty list (expected: at least one model alias; omit models to allow every"
                + " alias)"),
        loaderOnly(
            "route to an unknown provider, close",
            Yaml.MINIMAL
                .replace("  p:\n", "  sandbox:\n")
                .replace("{provider: p,", "{provider: sandbx,"),
            "steward.yaml:9:20: models.m.routes[0].provider: 'sandbx' (expected: a configured"
                + " provider; did you mean 'sandbox'?)"),
        loaderOnly(
            "route to an unknown provider, far",
            Yaml.MINIMAL.replace("{provider: p,", "{provider: zzz,"),
            "steward.yaml:9:20: models.m.routes[0].provider: 'zzz' (expected: a configured"
                + " provider, one of p)"),
        loaderOnly(
            "duplicate route",
            Yaml.MINIMAL + "      - {provider: p, model: x, priority: 1}\n",
            "steward.yaml:10:9: models.m.routes[1]: duplicate route p/x (first at"
                + " models.m.routes[0])"),
        loaderOnly(
            "backoff ceiling below its start",
            Yaml.MINIMAL + "    retry: {initial-backoff: 2s, max-backoff: 1s}\n",
            "steward.yaml:10:47: models.m.retry.max-backoff: '1s' (expected: >= initial-backoff"
                + " 2s)"),
        loaderOnly(
            "price for a route nobody configured",
            Yaml.MINIMAL + "prices:\n  p/y: {input: 1, output: 2}\n",
            "steward.yaml:11:3: prices.p/y: 'p/y' (expected: the provider/model of a route; did"
                + " you mean 'p/x'?)"),
        loaderOnly(
            "use case naming an unknown alias",
            Yaml.MINIMAL.replace("  m:\n", "  gpt-4o:\n")
                + """
                departments:
                  justice:
                    name: Justice
                    services:
                      notes:
                        name: Notes
                        use-cases:
                          summarise: {purpose: Summarise, models: [gpt4o]}
                """,
            "steward.yaml:17:52: departments.justice.services.notes.use-cases.summarise.models[0]:"
                + " 'gpt4o' (expected: a configured model alias; did you mean 'gpt-4o'?)"),
        reject(
            "approval requirement without a threshold",
            Yaml.MINIMAL
                + """
                departments:
                  justice:
                    name: Justice
                    services:
                      notes:
                        name: Notes
                        use-cases:
                          summarise:
                            purpose: Summarise
                            approvals:
                              requires: [{suite: refusal-core, metric: accuracy}]
                """,
            "steward.yaml:20:26: departments.justice.services.notes.use-cases.summarise"
                + ".approvals.requires[0]: a requirement without a threshold (expected: min, max or"
                + " both)"),
        reject(
            "approvals without requirements",
            Yaml.MINIMAL
                + """
                departments:
                  justice:
                    name: Justice
                    services:
                      notes:
                        name: Notes
                        use-cases:
                          summarise:
                            purpose: Summarise
                            approvals:
                              requires: []
                """,
            "steward.yaml:20:25: departments.justice.services.notes.use-cases.summarise"
                + ".approvals.requires: an empty list (expected: at least one requirement; omit"
                + " approvals for a use case that does not gate on evidence)"),
        reject(
            "approval bound misspelt",
            Yaml.MINIMAL
                + """
                departments:
                  justice:
                    name: Justice
                    services:
                      notes:
                        name: Notes
                        use-cases:
                          summarise:
                            purpose: Summarise
                            approvals:
                              requires: [{suite: s, metric: m, min: 1, bound: lower}]
                """,
            "steward.yaml:20:63: departments.justice.services.notes.use-cases.summarise"
                + ".approvals.requires[0].bound: 'lower' (expected: one of point, lower-95,"
                + " upper-95)"),
        reject(
            "weights hash too short",
            Yaml.MINIMAL.replace("model: x}", "model: x, weights-sha256: beef}"),
            "steward.yaml:9:49: models.m.routes[0].weights-sha256: 'beef' (expected: 64 hex"
                + " digits: the SHA-256 of the model's weights)"),
        reject(
            "evaluation concurrency too high",
            Yaml.MINIMAL + "evaluations: {concurrency: 257}\n",
            "steward.yaml:10:28: evaluations.concurrency: 257 (expected: 1..256)"),
        reject(
            "canary without an interval",
            Yaml.MINIMAL + "evaluations: {canaries: [{suite: refusal-core, model: m}]}\n",
            "steward.yaml:10:26: evaluations.canaries[0].every: missing (expected: a duration of"
                + " at least 1m)"),
        loaderOnly(
            "approval min above max",
            Yaml.MINIMAL
                + """
                departments:
                  justice:
                    name: Justice
                    services:
                      notes:
                        name: Notes
                        use-cases:
                          summarise:
                            purpose: Summarise
                            approvals:
                              requires: [{suite: s, metric: m, min: 0.9, max: 0.1}]
                """,
            "steward.yaml:20:63: departments.justice.services.notes.use-cases.summarise"
                + ".approvals.requires[0].max: 0.1 (expected: >= min 0.9)"),
        loaderOnly(
            "canary of an unknown alias",
            Yaml.MINIMAL
                + "evaluations: {canaries: [{suite: refusal-core, model: n, every: 1h}]}\n",
            "steward.yaml:10:55: evaluations.canaries[0].model: 'n' (expected: a configured"
                + " model alias; did you mean 'm'?)"),
        loaderOnly(
            "canary more often than once a minute",
            Yaml.MINIMAL
                + "evaluations: {canaries: [{suite: refusal-core, model: m, every: 30s}]}\n",
            "steward.yaml:10:65: evaluations.canaries[0].every: '30s' (expected: a duration of at"
                + " least 1m)"),
        new Case(
            "duplicate key",
            Yaml.MINIMAL.replace("    residency: UK\n", "    residency: UK\n    residency: EU\n"),
            List.of(
                "steward.yaml:5:5: providers.p.residency: duplicate key (first defined on line"
                    + " 4)"),
            Schema.NOT_JSON));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void load_reportsProblemWithFileLineColumnPathAndExpectation(Case c) {
    assertThat(Yaml.problems(c.yaml())).containsExactlyElementsOf(c.expected());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void schema_agreesWithLoader(Case c) {
    switch (c.schema()) {
      case REJECTS -> assertThat(SchemaSupport.validate(c.yaml())).isNotEmpty();
      case ACCEPTS -> assertThat(SchemaSupport.validate(c.yaml())).isEmpty();
      case NOT_JSON -> assertThat(SchemaSupport.loadsAsJson(c.yaml())).isFalse();
    }
  }
}
