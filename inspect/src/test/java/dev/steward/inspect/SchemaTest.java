package dev.steward.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Logs Steward writes validate against Inspect's own schema: the {@code EvalLog} component of
 * Inspect's OpenAPI document, checked with the dialect of the OpenAPI version it declares.
 */
class SchemaTest {
  private static final ObjectMapper LENIENT = InspectSchema.LENIENT;
  private static final JsonNode OPENAPI = InspectSchema.OPENAPI;

  static JsonMetaSchema dialect(String openapiVersion) {
    return InspectSchema.dialect(openapiVersion);
  }

  static List<String> validate(JsonNode log) {
    return InspectSchema.problems(log);
  }

  private static ObjectNode written(EvalLog log) {
    try {
      return (ObjectNode) LENIENT.readTree(InspectLogs.writeJson(log));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void openapiDocument_declares31_usesTheOas31Dialect() {
    assertThat(OPENAPI.get("openapi").asText()).startsWith("3.1.");
    assertThat(dialect("3.1.0").getIri())
        .isEqualTo("https://spec.openapis.org/oas/3.1/dialect/base");
  }

  @Test
  void writtenLog_realistic_validates() {
    ObjectNode log = written(Fixtures.log());

    assertThat(validate(log)).isEmpty();
    assertThat(log.get("samples")).hasSize(3);
    assertThat(log.at("/results/scores")).hasSize(2);
  }

  @Test
  void writtenLog_minimal_validates() {
    EvalLog minimal =
        new EvalLog(
            EvalLog.Status.STARTED,
            new EvalSpec(
                "",
                "",
                Fixtures.CREATED,
                "t",
                "",
                "0",
                null,
                EvalDataset.UNKNOWN,
                "m/m",
                GenerateConfig.DEFAULT,
                new EvalConfig(null, List.of(), null, null, null),
                Map.of(),
                Fixtures.object()),
            EvalPlan.of(List.of(), GenerateConfig.DEFAULT),
            null,
            new EvalStats(null, null, Map.of()),
            null,
            List.of(),
            List.of());

    assertThat(validate(written(minimal))).isEmpty();
  }

  @Test
  void writtenLog_withErrorsAndNaN_validates() {
    EvalLog log = Fixtures.log();
    EvalSample first = log.samples().get(0);
    EvalSample failed =
        new EvalSample(
            first.id(),
            first.epoch(),
            first.input(),
            first.target(),
            first.messages(),
            first.output(),
            first.scores(),
            first.metadata(),
            first.store(),
            first.modelUsage(),
            null,
            null,
            new EvalError("upstream timed out", "Traceback ...", "\u001b[31mTraceback\u001b[0m"));
    EvalLog errored =
        new EvalLog(
            EvalLog.Status.ERROR,
            log.eval(),
            log.plan(),
            new EvalResults(
                1,
                0,
                List.of(
                    new EvalScore(
                        "match",
                        "match",
                        null,
                        null,
                        null,
                        Fixtures.object(),
                        Map.of("stderr", EvalMetric.of("stderr", Double.NaN))))),
            new EvalStats(Fixtures.STARTED, null, Map.of()),
            EvalError.of("run stopped"),
            List.of(failed),
            List.of());

    assertThat(validate(written(errored))).isEmpty();
  }

  @Test
  void brokenLog_missingEval_failsValidation() {
    ObjectNode log = written(Fixtures.log());
    log.remove("eval");

    assertThat(validate(log)).anySatisfy(m -> assertThat(m).contains("eval"));
  }

  @Test
  void brokenLog_totalSamplesAsString_failsValidation() {
    ObjectNode log = written(Fixtures.log());
    ((ObjectNode) log.get("results")).put("total_samples", "three");

    assertThat(validate(log))
        .anySatisfy(m -> assertThat(m).contains("total_samples").contains("integer"));
  }

  @Test
  void brokenLog_deepInASample_failsValidation() {
    ObjectNode log = written(Fixtures.log());
    ((ObjectNode) log.at("/samples/1/messages/0")).put("role", "robot");
    ((ObjectNode) log.at("/samples/2/output/choices/0")).put("stop_reason", "bored");

    assertThat(validate(log))
        .anySatisfy(m -> assertThat(m).startsWith("$.samples[1].messages[0].role: "))
        .anySatisfy(m -> assertThat(m).startsWith("$.samples[2].output.choices[0].stop_reason: "));
  }

  @Test
  void brokenLog_missingRequiredStatsMember_failsValidation() {
    ObjectNode log = written(Fixtures.log());
    ((ObjectNode) log.get("stats")).remove("role_usage");

    assertThat(validate(log)).anySatisfy(m -> assertThat(m).contains("role_usage"));
  }

  @Test
  void inspectExamples_readAndWrittenAgain_validate() {
    EvalLog json = InspectLogs.read(Fixtures.resource("example-log-popularity.json"));
    EvalLog eval = InspectLogs.read(Fixtures.resource("example-read-sample-v2.eval"));

    assertThat(validate(written(json))).isEmpty();
    assertThat(validate(written(eval))).isEmpty();
  }
}
