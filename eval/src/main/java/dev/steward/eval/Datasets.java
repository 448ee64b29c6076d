package dev.steward.eval;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Loads datasets from CSV and JSONL files. CSV files need a header row; JSONL files hold one JSON
 * object per line (blank lines are skipped). Files are read as UTF-8 (a leading byte-order mark is
 * ignored).
 *
 * <p>Every problem is reported as an {@link EvalException} with code {@link
 * EvalException.Code#DATASET_INVALID} and a message of the form {@code file:line: what (expected:
 * ...)}. Samples without an id get their record number ({@code 1, 2, ...} in file order, not
 * counting the header or blank lines).
 */
public final class Datasets {
  /** The formats {@link #load(Path, String, FieldMapping)} accepts. */
  public static final List<String> FORMATS =
      List.of(
          "csv", "jsonl", "xstest", "simplesafetytests", "harmbench", "strongreject", "inspect");

  /** The target of samples a model should refuse. */
  public static final String REFUSE = "refuse";

  /** The target of samples a model should answer. */
  public static final String COMPLY = "comply";

  private static final CsvMapper CSV =
      CsvMapper.builder().enable(CsvParser.Feature.SKIP_EMPTY_LINES).build();
  private static final ObjectReader CSV_ROWS =
      CSV.readerForMapOf(String.class).with(CsvSchema.emptySchema().withHeader());
  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  private Datasets() {}

  /** A CSV file with a header row, its columns mapped by {@code fields}. */
  public static Dataset csv(Path file, FieldMapping fields) {
    return csv(Source.of(file), fields);
  }

  /** A JSONL file, its top-level fields mapped by {@code fields}. */
  public static Dataset jsonl(Path file, FieldMapping fields) {
    return jsonl(Source.of(file), fields);
  }

  /**
   * XSTest's {@code xstest_prompts.csv} (columns {@code id,prompt,type,label,focus,note}): input
   * {@code prompt}, target {@code comply} for label {@code safe} and {@code refuse} for {@code
   * unsafe}, category {@code type}; {@code label}, {@code focus} and {@code note} go to metadata.
   */
  public static Dataset xstest(Path file) {
    return xstest(Source.of(file));
  }

  /**
   * SimpleSafetyTests (columns {@code id,harm_area,counter,category,prompts_final}): input {@code
   * prompts_final}, target {@code refuse}, category {@code harm_area}; {@code counter} and {@code
   * category} go to metadata.
   */
  public static Dataset simpleSafetyTests(Path file) {
    return simpleSafetyTests(Source.of(file));
  }

  /**
   * HarmBench behaviours (columns {@code
   * Behavior,FunctionalCategory,SemanticCategory,Tags,ContextString,BehaviorID}): input {@code
   * Behavior}, after {@code ContextString} and a blank line when there is a context; id {@code
   * BehaviorID}, category {@code SemanticCategory}, target {@code refuse}; {@code
   * FunctionalCategory} and {@code Tags} go to metadata.
   */
  public static Dataset harmBench(Path file) {
    return harmBench(Source.of(file));
  }

  /**
   * StrongREJECT (columns {@code category,source,forbidden_prompt}): input {@code
   * forbidden_prompt}, category {@code category}, target {@code refuse}, ids {@code
   * strongreject-0001, ...} in file order; {@code source} goes to metadata.
   */
  public static Dataset strongReject(Path file) {
    return strongReject(Source.of(file));
  }

  /**
   * An Inspect JSONL dataset: one object per line with {@code input} (a string, or a list of {@code
   * {role, content}} messages), optional {@code target} (a string or a list of strings), {@code id}
   * (string or integer), {@code metadata} (an object) and {@code choices}.
   *
   * <ul>
   *   <li>For a message list, the last {@code user} message is the input and the {@code system}
   *       messages (joined by a blank line) go to metadata {@code system}; other turns are dropped.
   *       Content may be a string or a list of parts, whose {@code text} parts are joined.
   *   <li>A list target keeps its first element as the target; when it has more than one, the whole
   *       list goes to metadata {@code targets} as a JSON array, and the {@code exact} and {@code
   *       includes} scorers accept any of them.
   *   <li>Metadata values are kept as text (strings as they are, other values as JSON); a string
   *       {@code metadata.category} becomes the sample's category; {@code choices} go to metadata
   *       {@code choices} as a JSON array.
   * </ul>
   */
  public static Dataset inspectJsonl(Path file) {
    return inspectJsonl(Source.of(file));
  }

  /**
   * Loads {@code file} in the named format (one of {@link #FORMATS}, case-insensitive). {@code
   * fields} is required for {@code csv} and {@code jsonl} and refused for the others, whose layouts
   * are fixed.
   */
  public static Dataset load(Path file, String format, @Nullable FieldMapping fields) {
    return load(Source.of(file), format, fields);
  }

  static Dataset load(Source source, String format, @Nullable FieldMapping fields) {
    String f = format.toLowerCase(Locale.ROOT);
    if (!FORMATS.contains(f)) {
      throw invalid(
          source.label()
              + ": format "
              + format
              + " (expected one of: "
              + String.join(", ", FORMATS)
              + ")");
    }
    boolean generic = f.equals("csv") || f.equals("jsonl");
    if (generic && fields == null) {
      throw invalid(
          source.label()
              + ": format "
              + f
              + " needs a field mapping (expected: fields.input at least)");
    }
    if (!generic && fields != null) {
      throw invalid(
          source.label() + ": format " + f + " has a fixed layout (expected: no field mapping)");
    }
    return switch (f) {
      case "csv" -> csv(source, java.util.Objects.requireNonNull(fields));
      case "jsonl" -> jsonl(source, java.util.Objects.requireNonNull(fields));
      case "xstest" -> xstest(source);
      case "simplesafetytests" -> simpleSafetyTests(source);
      case "harmbench" -> harmBench(source);
      case "strongreject" -> strongReject(source);
      default -> inspectJsonl(source);
    };
  }

  // --- layouts -------------------------------------------------------------------------------

  static Dataset csv(Source source, FieldMapping fields) {
    List<Sample> samples = new ArrayList<>();
    readCsv(
        source,
        requiredColumns(fields),
        row -> {
          String id =
              fields.id() == null ? Integer.toString(row.number()) : row.required(fields.id());
          Map<String, String> meta = new LinkedHashMap<>();
          for (String m : fields.metadata()) {
            String v = row.value(m);
            if (v != null) {
              meta.put(m, v);
            }
          }
          samples.add(
              row.sample(
                  id,
                  row.required(fields.input()),
                  fields.target() == null ? null : nonBlank(row.value(fields.target())),
                  fields.category() == null ? null : row.value(fields.category()),
                  meta));
        });
    return dataset(source, source.name(), samples);
  }

  static Dataset xstest(Source source) {
    List<Sample> samples = new ArrayList<>();
    readCsv(
        source,
        List.of("id", "prompt", "type", "label"),
        row -> {
          String label = row.required("label").trim();
          String target =
              switch (label.toLowerCase(Locale.ROOT)) {
                case "safe" -> COMPLY;
                case "unsafe" -> REFUSE;
                default -> throw row.problem("label: " + label + " (expected: safe or unsafe)");
              };
          Map<String, String> meta = new LinkedHashMap<>();
          meta.put("label", label);
          row.copy("focus", meta);
          row.copy("note", meta);
          samples.add(
              row.sample(
                  row.required("id"), row.required("prompt"), target, row.required("type"), meta));
        });
    return dataset(source, "xstest", samples);
  }

  static Dataset simpleSafetyTests(Source source) {
    List<Sample> samples = new ArrayList<>();
    readCsv(
        source,
        List.of("id", "harm_area", "prompts_final"),
        row -> {
          Map<String, String> meta = new LinkedHashMap<>();
          row.copy("counter", meta);
          row.copy("category", meta);
          samples.add(
              row.sample(
                  row.required("id"),
                  row.required("prompts_final"),
                  REFUSE,
                  row.required("harm_area"),
                  meta));
        });
    return dataset(source, "simplesafetytests", samples);
  }

  static Dataset harmBench(Source source) {
    List<Sample> samples = new ArrayList<>();
    readCsv(
        source,
        List.of("Behavior", "SemanticCategory", "BehaviorID"),
        row -> {
          String behaviour = row.required("Behavior");
          String context = row.value("ContextString");
          String input =
              context == null || context.isBlank() ? behaviour : context + "\n\n" + behaviour;
          Map<String, String> meta = new LinkedHashMap<>();
          row.copy("FunctionalCategory", meta);
          row.copy("Tags", meta);
          samples.add(
              row.sample(
                  row.required("BehaviorID"),
                  input,
                  REFUSE,
                  row.required("SemanticCategory"),
                  meta));
        });
    return dataset(source, "harmbench", samples);
  }

  static Dataset strongReject(Source source) {
    List<Sample> samples = new ArrayList<>();
    readCsv(
        source,
        List.of("category", "forbidden_prompt"),
        row -> {
          Map<String, String> meta = new LinkedHashMap<>();
          row.copy("source", meta);
          samples.add(
              row.sample(
                  "strongreject-%04d".formatted(row.number()),
                  row.required("forbidden_prompt"),
                  REFUSE,
                  row.required("category"),
                  meta));
        });
    return dataset(source, "strongreject", samples);
  }

  static Dataset jsonl(Source source, FieldMapping fields) {
    List<Sample> samples = new ArrayList<>();
    readJsonl(
        source,
        line -> {
          String id =
              fields.id() == null
                  ? Integer.toString(line.number())
                  : line.requiredScalar(fields.id());
          Map<String, String> meta = new LinkedHashMap<>();
          for (String m : fields.metadata()) {
            JsonNode v = line.node().get(m);
            if (v != null && !v.isNull()) {
              meta.put(m, v.isValueNode() ? v.asText() : v.toString());
            }
          }
          samples.add(
              line.sample(
                  id,
                  line.requiredString(fields.input()),
                  fields.target() == null ? null : nonBlank(line.scalar(fields.target())),
                  fields.category() == null ? null : line.scalar(fields.category()),
                  meta));
        });
    return dataset(source, source.name(), samples);
  }

  static Dataset inspectJsonl(Source source) {
    List<Sample> samples = new ArrayList<>();
    readJsonl(source, line -> samples.add(inspectSample(line)));
    return dataset(source, source.name(), samples);
  }

  private static Sample inspectSample(JsonLine line) {
    JsonNode node = line.node();
    Map<String, String> meta = new LinkedHashMap<>();
    JsonNode metadata = node.get("metadata");
    if (metadata != null && !metadata.isNull()) {
      if (!metadata.isObject()) {
        throw line.problem("metadata: " + metadata.getNodeType() + " (expected: an object)");
      }
      for (Map.Entry<String, JsonNode> e : metadata.properties()) {
        JsonNode v = e.getValue();
        if (!v.isNull()) {
          meta.put(e.getKey(), v.isTextual() ? v.asText() : v.toString());
        }
      }
    }
    JsonNode metaCategory = metadata == null ? null : metadata.get("category");
    String category =
        metaCategory != null && metaCategory.isTextual() ? metaCategory.asText() : null;

    JsonNode inputNode = node.get("input");
    String input;
    if (inputNode == null || inputNode.isNull()) {
      throw line.problem("input: missing (expected: a string or a list of messages)");
    } else if (inputNode.isTextual()) {
      input = inputNode.asText();
    } else if (inputNode.isArray()) {
      String lastUser = null;
      List<String> system = new ArrayList<>();
      int i = 0;
      for (JsonNode message : inputNode) {
        String where = "input[" + i++ + "]";
        if (!message.isObject()) {
          throw line.problem(where + ": " + message.getNodeType() + " (expected: {role, content})");
        }
        JsonNode role = message.get("role");
        if (role == null || !role.isTextual()) {
          throw line.problem(where + ".role: missing (expected: system, user, assistant or tool)");
        }
        String text = content(line, where, message.get("content"));
        switch (role.asText()) {
          case "system" -> system.add(text);
          case "user" -> lastUser = text;
          case "assistant", "tool" -> {}
          default ->
              throw line.problem(
                  where
                      + ".role: "
                      + role.asText()
                      + " (expected: system, user, assistant or tool)");
        }
      }
      if (lastUser == null) {
        throw line.problem(
            "input: no user message (expected: at least one message with role user)");
      }
      input = lastUser;
      if (!system.isEmpty()) {
        meta.put(Sample.SYSTEM, String.join("\n\n", system));
      }
    } else {
      throw line.problem(
          "input: " + inputNode.getNodeType() + " (expected: a string or a list of messages)");
    }

    String target = null;
    JsonNode targetNode = node.get("target");
    if (targetNode != null && !targetNode.isNull()) {
      if (targetNode.isTextual()) {
        target = targetNode.asText();
      } else if (targetNode.isArray()) {
        for (JsonNode t : targetNode) {
          if (!t.isTextual()) {
            throw line.problem("target: list with a " + t.getNodeType() + " (expected: strings)");
          }
        }
        if (!targetNode.isEmpty()) {
          target = targetNode.get(0).asText();
        }
        if (targetNode.size() > 1) {
          meta.put(Sample.TARGETS, targetNode.toString());
        }
      } else {
        throw line.problem(
            "target: " + targetNode.getNodeType() + " (expected: a string or a list of strings)");
      }
    }

    JsonNode choices = node.get("choices");
    if (choices != null && !choices.isNull()) {
      if (!choices.isArray()) {
        throw line.problem("choices: " + choices.getNodeType() + " (expected: a list of strings)");
      }
      meta.put("choices", choices.toString());
    }

    String id;
    JsonNode idNode = node.get("id");
    if (idNode == null || idNode.isNull()) {
      id = Integer.toString(line.number());
    } else if (idNode.isTextual() || idNode.isIntegralNumber()) {
      id = idNode.asText();
    } else {
      throw line.problem("id: " + idNode.getNodeType() + " (expected: a string or an integer)");
    }
    return line.sample(id, input, target, category, meta);
  }

  private static String content(JsonLine line, String where, @Nullable JsonNode content) {
    if (content == null || content.isNull()) {
      throw line.problem(where + ".content: missing (expected: a string or a list of parts)");
    }
    if (content.isTextual()) {
      return content.asText();
    }
    if (!content.isArray()) {
      throw line.problem(
          where
              + ".content: "
              + content.getNodeType()
              + " (expected: a string or a list of parts)");
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode part : content) {
      JsonNode t = part.get("text");
      if (part.isObject() && t != null && t.isTextual()) {
        text.append(t.asText());
      }
    }
    return text.toString();
  }

  // --- reading -------------------------------------------------------------------------------

  /** Where a dataset's text comes from: a file, or a classpath resource. */
  record Source(String label, String name, Opener opener) {
    static Source of(Path file) {
      String fileName =
          file.getFileName() == null ? file.toString() : file.getFileName().toString();
      return new Source(
          file.toString(),
          stem(fileName),
          () -> {
            if (!Files.isRegularFile(file)) {
              throw invalid(file + ": not found (expected: a readable file)");
            }
            return Files.newInputStream(file);
          });
    }

    static Source resource(String resource) {
      int slash = resource.lastIndexOf('/');
      return new Source(
          "classpath:" + resource,
          stem(resource.substring(slash + 1)),
          () -> {
            InputStream in = Datasets.class.getClassLoader().getResourceAsStream(resource);
            if (in == null) {
              throw invalid("classpath:" + resource + ": not found (expected: a resource)");
            }
            return in;
          });
    }

    PushbackReader reader() throws IOException {
      Reader r =
          new InputStreamReader(
              opener.open(),
              StandardCharsets.UTF_8
                  .newDecoder()
                  .onMalformedInput(CodingErrorAction.REPORT)
                  .onUnmappableCharacter(CodingErrorAction.REPORT));
      PushbackReader in = new PushbackReader(new BufferedReader(r, 1 << 16), 1);
      int first = in.read();
      if (first != -1 && first != '\uFEFF') {
        in.unread(first);
      }
      return in;
    }
  }

  /** Opens the bytes of a source. */
  @FunctionalInterface
  interface Opener {
    InputStream open() throws IOException;
  }

  /** An empty cell or field means no target. */
  private static @Nullable String nonBlank(@Nullable String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static String stem(String fileName) {
    int dot = fileName.indexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }

  static EvalException invalid(String message) {
    return new EvalException(EvalException.Code.DATASET_INVALID, message);
  }

  private static Dataset dataset(Source source, String name, List<Sample> samples) {
    try {
      return new Dataset(name, source.label(), samples);
    } catch (IllegalArgumentException e) {
      throw invalid(source.label() + ": " + e.getMessage());
    }
  }

  private static List<String> requiredColumns(FieldMapping fields) {
    List<String> columns = new ArrayList<>();
    columns.add(fields.input());
    if (fields.target() != null) {
      columns.add(fields.target());
    }
    if (fields.category() != null) {
      columns.add(fields.category());
    }
    if (fields.id() != null) {
      columns.add(fields.id());
    }
    columns.addAll(fields.metadata());
    return columns;
  }

  @FunctionalInterface
  private interface RowHandler {
    void accept(CsvRow row);
  }

  /** One CSV record: its values by column, its line in the file and its record number. */
  private record CsvRow(String label, int line, int number, Map<String, String> values) {
    @Nullable String value(String column) {
      return values.get(column);
    }

    String required(String column) {
      String v = values.get(column);
      if (v == null || v.isBlank()) {
        throw problem("column " + column + ": empty (expected: a value)");
      }
      return v;
    }

    void copy(String column, Map<String, String> into) {
      String v = values.get(column);
      if (v != null) {
        into.put(column, v);
      }
    }

    Sample sample(
        String id,
        String input,
        @Nullable String target,
        @Nullable String category,
        Map<String, String> metadata) {
      try {
        return new Sample(id, input, target, category, metadata);
      } catch (IllegalArgumentException e) {
        throw problem(String.valueOf(e.getMessage()));
      }
    }

    EvalException problem(String what) {
      return invalid(label + ":" + line + ": " + what);
    }
  }

  private static void readCsv(Source source, List<String> required, RowHandler handler) {
    try (PushbackReader reader = source.reader()) {
      int first = reader.read();
      if (first == -1) {
        throw invalid(source.label() + ": empty (expected: a header row and at least one row)");
      }
      reader.unread(first);
      readCsvRows(source, reader, required, handler);
    } catch (CharacterCodingException e) {
      throw invalid(source.label() + ": not valid UTF-8 (expected: a UTF-8 text file)");
    } catch (IOException e) {
      throw invalid(source.label() + ": cannot be read (" + e.getMessage() + ")");
    }
  }

  private static void readCsvRows(
      Source source, Reader reader, List<String> required, RowHandler handler) throws IOException {
    int line = 0;
    try (MappingIterator<Map<String, String>> it = CSV_ROWS.readValues(reader)) {
      int number = 0;
      boolean checkedHeader = false;
      while (it.hasNextValue()) {
        line = it.getCurrentLocation().getLineNr();
        Map<String, String> raw = it.nextValue();
        if (!checkedHeader) {
          checkHeader(source, it, required);
          checkedHeader = true;
        }
        number++;
        Map<String, String> values = new LinkedHashMap<>();
        raw.forEach((k, v) -> values.put(k.trim(), v));
        handler.accept(new CsvRow(source.label(), line, number, values));
      }
      if (!checkedHeader) {
        throw invalid(
            source.label() + ": no data rows (expected: a header row and at least one row)");
      }
    } catch (CharacterCodingException e) {
      throw invalid(source.label() + ": not valid UTF-8 (expected: a UTF-8 text file)");
    } catch (JacksonException e) {
      int at = e.getLocation() == null ? line : e.getLocation().getLineNr();
      throw invalid(source.label() + ":" + at + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw invalid(source.label() + ": cannot be read (" + e.getMessage() + ")");
    }
  }

  private static void checkHeader(
      Source source, MappingIterator<Map<String, String>> it, List<String> required) {
    List<String> header = new ArrayList<>();
    if (it.getParserSchema() instanceof CsvSchema schema) {
      for (String c : schema.getColumnNames()) {
        header.add(c.trim());
      }
    }
    for (String column : required) {
      if (!header.contains(column)) {
        throw invalid(
            source.label()
                + ":1: column "
                + column
                + " missing (expected one of the header's columns: "
                + String.join(", ", header)
                + ")");
      }
    }
  }

  @FunctionalInterface
  private interface LineHandler {
    void accept(JsonLine line);
  }

  /** One JSONL record. */
  private record JsonLine(String label, int line, int number, JsonNode node) {
    EvalException problem(String what) {
      return invalid(label + ":" + line + ": " + what);
    }

    String requiredString(String field) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        throw problem(field + ": missing (expected: a string)");
      }
      if (!v.isTextual()) {
        throw problem(field + ": " + v.getNodeType() + " (expected: a string)");
      }
      return v.asText();
    }

    String requiredScalar(String field) {
      String v = scalar(field);
      if (v == null || v.isBlank()) {
        throw problem(field + ": missing (expected: a string or a number)");
      }
      return v;
    }

    @Nullable String scalar(String field) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isValueNode()) {
        throw problem(field + ": " + v.getNodeType() + " (expected: a string or a number)");
      }
      return v.asText();
    }

    Sample sample(
        String id,
        String input,
        @Nullable String target,
        @Nullable String category,
        Map<String, String> metadata) {
      try {
        return new Sample(id, input, target, category, metadata);
      } catch (IllegalArgumentException e) {
        throw problem(String.valueOf(e.getMessage()));
      }
    }
  }

  private static void readJsonl(Source source, LineHandler handler) {
    try (BufferedReader reader = new BufferedReader(source.reader())) {
      int line = 0;
      int number = 0;
      for (String text = reader.readLine(); text != null; text = reader.readLine()) {
        line++;
        if (text.isBlank()) {
          continue;
        }
        number++;
        JsonNode node;
        try {
          node = JSON.readTree(text);
        } catch (JacksonException e) {
          throw invalid(
              source.label() + ":" + line + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (node == null || !node.isObject()) {
          throw invalid(
              source.label()
                  + ":"
                  + line
                  + ": "
                  + (node == null ? "nothing" : node.getNodeType())
                  + " (expected: a JSON object)");
        }
        handler.accept(new JsonLine(source.label(), line, number, node));
      }
      if (number == 0) {
        throw invalid(source.label() + ": no records (expected: at least one JSON object line)");
      }
    } catch (CharacterCodingException e) {
      throw invalid(source.label() + ": not valid UTF-8 (expected: a UTF-8 text file)");
    } catch (IOException e) {
      throw invalid(source.label() + ": cannot be read (" + e.getMessage() + ")");
    }
  }
}
