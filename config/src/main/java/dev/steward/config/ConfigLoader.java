package dev.steward.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads {@code steward.yaml} into a {@link StewardConfig}. Every problem in the file is collected,
 * each with its file, line, column and key path, and reported together in one {@link
 * ConfigException}. Secrets are kept as references ({@link Secret}) and resolved by whoever needs
 * them, at start.
 */
public final class ConfigLoader {
  /** The largest file accepted. */
  static final int MAX_FILE_BYTES = 1024 * 1024;

  /** How many aliases ({@code *name}) of mappings and lists a file may use. */
  static final int MAX_COLLECTION_ALIASES = 10;

  private ConfigLoader() {}

  /**
   * Loads and validates a configuration file.
   *
   * @param file the file; relative paths inside it ({@code data-dir}, {@code {file: ...}} secrets)
   *     resolve against its directory
   * @param environment the process environment; secrets are not resolved at load time, so nothing
   *     is read from it yet (it is taken so that sections which need it can be added without
   *     changing this signature)
   * @throws ConfigException listing every problem found
   */
  public static StewardConfig load(Path file, Map<String, String> environment) {
    Problems problems = new Problems(file.toString());
    String text = read(file, problems);
    if (text == null) {
      throw new ConfigException(problems.sorted());
    }
    return parse(text, file, environment);
  }

  /**
   * Validates configuration text as if read from {@code file} (used in messages and to resolve
   * relative paths; it need not exist).
   *
   * @throws ConfigException listing every problem found
   */
  public static StewardConfig parse(String yaml, Path file, Map<String, String> environment) {
    Problems problems = new Problems(file.toString());
    StewardConfig config = null;
    if (yaml.length() > MAX_FILE_BYTES) {
      problems.whole(
          "",
          "too large: " + yaml.length() + " characters (expected: at most " + MAX_FILE_BYTES + ")");
    } else {
      Node root = compose(yaml, file.toString(), problems);
      if (root != null) {
        Path dir = file.toAbsolutePath().getParent();
        Path baseDir = dir == null ? Path.of("").toAbsolutePath() : dir;
        config =
            new ConfigBinder(baseDir, problems, sha256(yaml))
                .bind(new YamlValue(root, "", problems));
      }
    }
    if (config == null || !problems.isEmpty()) {
      throw new ConfigException(problems.sorted());
    }
    return config;
  }

  /** The SHA-256 of the text's UTF-8 bytes (a file's bytes, when it was read from one), in hex. */
  static String sha256(String text) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  /** The settings used to read configuration YAML: no duplicate keys, few aliases, size bound. */
  static LoadSettings settings(String label) {
    return LoadSettings.builder()
        .setLabel(label)
        .setAllowDuplicateKeys(false)
        .setAllowRecursiveKeys(false)
        .setMaxAliasesForCollections(MAX_COLLECTION_ALIASES)
        .setCodePointLimit(MAX_FILE_BYTES)
        .setUseMarks(true)
        .build();
  }

  private static @org.jspecify.annotations.Nullable String read(Path file, Problems problems) {
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        problems.whole(
            "", "too large: " + size + " bytes (expected: at most " + MAX_FILE_BYTES + ")");
        return null;
      }
      byte[] bytes = Files.readAllBytes(file);
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      problems.whole("", "not valid UTF-8 (expected: a UTF-8 text file)");
      return null;
    } catch (IOException e) {
      problems.whole("", "cannot be read: " + e);
      return null;
    }
  }

  private static @org.jspecify.annotations.Nullable Node compose(
      String yaml, String label, Problems problems) {
    try {
      Optional<Node> root = new Compose(settings(label)).composeString(yaml);
      if (root.isEmpty()) {
        problems.whole("", "empty (expected: a mapping with at least providers and models)");
        return null;
      }
      return root.get();
    } catch (MarkedYamlEngineException e) {
      Optional<Mark> mark = e.getProblemMark().or(e::getContextMark);
      String message = "invalid YAML: " + e.getProblem();
      if (e.getContext() != null && !e.getContext().isEmpty()) {
        message = "invalid YAML: " + e.getContext() + "; " + e.getProblem();
      }
      if (mark.isPresent()) {
        problems.at(mark.get(), "", message);
      } else {
        problems.whole("", message);
      }
      return null;
    } catch (YamlEngineException e) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("aliases")) {
        message =
            "too many aliases of mappings or lists (expected: at most "
                + MAX_COLLECTION_ALIASES
                + ")";
      } else {
        message = "invalid YAML: " + message;
      }
      problems.whole("", message);
      return null;
    }
  }
}
