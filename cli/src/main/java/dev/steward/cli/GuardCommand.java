package dev.steward.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.steward.guard.Finding;
import dev.steward.guard.PersonalDataScanner;
import dev.steward.injection.InjectionDetector;
import dev.steward.injection.Verdict;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code steward guard scan}: the personal-data and injection guards over JSON lines. */
@Command(
    mixinStandardHelpOptions = true,
    name = "guard",
    description = "Run Steward's guards outside the gateway.",
    subcommands = {GuardCommand.Scan.class})
final class GuardCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

  @Override
  public void run() {
    if (spec != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "a subcommand is required: scan");
    }
  }

  /**
   * Reads {@code {"id": …, "text": …}} per line and writes, per line, {@code {"id": …, "findings":
   * [{"type", "start", "end", "score"}], "injection": {"score", "flagged"}}}; offsets are UTF-16
   * code units of {@code text}. A line that cannot be read, or a guard that fails on it, gives
   * {@code {"id": …, "error": "…"}} — never an empty result — and the command then exits 1.
   */
  @Command(
      mixinStandardHelpOptions = true,
      name = "scan",
      description =
          "Scan JSON lines {\"id\": …, \"text\": …} from stdin (or --input) for personal data and"
              + " prompt injection; write one JSON line per input line.")
  static final class Scan implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    @Option(
        names = "--input",
        paramLabel = "FILE",
        description = "Read this file instead of stdin.")
    @Nullable Path input;

    @Option(
        names = "--no-injection",
        description = "Skip the injection classifier (personal data only).")
    boolean noInjection;

    @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

    @Override
    public void run() {
      PersonalDataScanner scanner = PersonalDataScanner.create();
      InjectionDetector detector = noInjection ? null : InjectionDetector.create();
      PrintWriter out = LogArgs.out(spec);
      int failed = 0;
      try (BufferedReader in =
          input == null
              ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
              : Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
        String line;
        long number = 0;
        while ((line = in.readLine()) != null) {
          number++;
          if (line.isBlank()) {
            continue;
          }
          Line result = scanLine(line, number, scanner, detector);
          if (result.failed()) {
            failed++;
          }
          out.println(result.json());
        }
      } catch (IOException e) {
        throw new CliException(ExitCode.FAILURE, "reading input: " + e.getMessage());
      } finally {
        out.flush();
      }
      if (failed > 0) {
        throw new CliException(ExitCode.FAILURE, failed + " line(s) could not be scanned");
      }
    }

    /** One output line, and whether it reports an error. */
    record Line(String json, boolean failed) {}

    static Line scanLine(
        String line,
        long number,
        PersonalDataScanner scanner,
        @Nullable InjectionDetector detector) {
      @Nullable JsonNode id = null;
      try {
        JsonNode node = JSON.readTree(line);
        if (node == null || !node.isObject()) {
          return error(null, "line " + number + ": not a JSON object");
        }
        id = node.get("id");
        JsonNode text = node.get("text");
        if (text == null || !text.isTextual()) {
          return error(id, "line " + number + ": text: missing (expected: a string)");
        }
        String t = text.textValue();
        java.util.List<Finding> findings = scanner.scan(t);
        Verdict verdict = detector == null ? null : detector.detect(t);
        StringWriter buffer = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(buffer)) {
          g.setCodec(JSON);
          g.writeStartObject();
          writeId(g, id);
          g.writeArrayFieldStart("findings");
          for (Finding f : findings) {
            g.writeStartObject();
            g.writeStringField("type", f.type());
            g.writeNumberField("start", f.start());
            g.writeNumberField("end", f.end());
            g.writeNumberField("score", round(f.score()));
            g.writeEndObject();
          }
          g.writeEndArray();
          if (verdict != null) {
            g.writeObjectFieldStart("injection");
            g.writeNumberField("score", round(verdict.score()));
            g.writeBooleanField("flagged", verdict.flagged());
            g.writeEndObject();
          }
          g.writeEndObject();
        }
        return new Line(buffer.toString(), false);
      } catch (JsonProcessingException e) {
        return error(id, "line " + number + ": not JSON (" + e.getOriginalMessage() + ")");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (RuntimeException e) {
        // A guard failed: say so for this line rather than report it clean.
        return error(id, "line " + number + ": scan failed: " + e.getClass().getSimpleName());
      }
    }

    private static double round(double score) {
      return Math.round(score * 1000) / 1000.0;
    }

    private static void writeId(JsonGenerator g, @Nullable JsonNode id) throws IOException {
      g.writeFieldName("id");
      if (id == null) {
        g.writeNull();
      } else {
        g.writeTree(id);
      }
    }

    private static Line error(@Nullable JsonNode id, String message) {
      StringWriter buffer = new StringWriter();
      try (JsonGenerator g = FACTORY.createGenerator(buffer)) {
        g.setCodec(JSON);
        g.writeStartObject();
        writeId(g, id);
        g.writeStringField("error", message);
        g.writeEndObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new Line(buffer.toString(), true);
    }
  }
}
