package dev.steward.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * axe-core (npm, the version browser/package-lock.json pins, installed by the build's {@code npm
 * ci}), run in the page against the WCAG 2.0, 2.1 and 2.2 A and AA rules.
 */
final class Axe {
  static final Path SCRIPT = Path.of("node_modules/axe-core/axe.min.js");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String source;

  private Axe(String source) {
    this.source = source;
  }

  static Axe load() {
    if (!Files.isRegularFile(SCRIPT)) {
      throw new IllegalStateException(
          SCRIPT.toAbsolutePath() + ": missing (expected: installed by npm ci in browser/)");
    }
    try {
      return new Axe(Files.readString(SCRIPT));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A violation: the rule, its impact, and where in the page. */
  record Violation(String rule, String impact, String help, List<String> targets) {
    boolean seriousOrWorse() {
      return impact.equals("serious") || impact.equals("critical");
    }

    @Override
    public String toString() {
      return impact + " " + rule + " (" + help + ") at " + targets;
    }
  }

  /** Every violation axe finds in the page {@code driver} shows. */
  List<Violation> run(WebDriver driver) {
    Object raw =
        ((JavascriptExecutor) driver)
            .executeAsyncScript(
                source
                    + "\nconst done = arguments[arguments.length - 1];"
                    + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa',"
                    + " 'wcag21a', 'wcag21aa', 'wcag22aa']}, resultTypes: ['violations']})"
                    + ".then(r => done(JSON.stringify(r.violations)))"
                    + ".catch(e => done('ERROR ' + e));");
    String text = String.valueOf(raw);
    if (text.startsWith("ERROR")) {
      throw new IllegalStateException("axe: " + text);
    }
    List<Violation> out = new ArrayList<>();
    try {
      for (JsonNode v : JSON.readTree(text)) {
        List<String> targets = new ArrayList<>();
        for (JsonNode n : v.path("nodes")) {
          targets.add(n.path("target").toString());
        }
        out.add(
            new Violation(
                v.path("id").asText(),
                v.path("impact").asText(),
                v.path("help").asText(),
                targets));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
