package dev.steward.guard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The hand-written evaluation set for names and addresses ({@code varied-dev.txt}, {@code
 * varied-test.txt} beside this class): one snippet per line, {@code \n} for a line break, {@code
 * [[P:...]]} marking a PERSON span and {@code [[L:...]]} a LOCATION span; {@code #} starts a
 * comment line.
 */
final class VariedSet {
  private VariedSet() {}

  /** The tuning part: rules may be adjusted to it. */
  static List<Corpus.Sample> dev() {
    return load("varied-dev.txt");
  }

  /** The frozen part: figures are reported on it, rules are never tuned to it. */
  static List<Corpus.Sample> test() {
    return load("varied-test.txt");
  }

  static List<Corpus.Sample> load(String resource) {
    try (InputStream in = VariedSet.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<Corpus.Sample> out = new ArrayList<>();
      int lineNo = 0;
      for (String line : all.split("\n", -1)) {
        lineNo++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        out.add(parse(line.replace("\\n", "\n"), resource + ":" + lineNo));
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text of a marked-up line and its labelled spans. */
  static Corpus.Sample parse(String marked, String where) {
    StringBuilder text = new StringBuilder(marked.length());
    List<Finding> labels = new ArrayList<>();
    int p = 0;
    while (true) {
      int open = marked.indexOf("[[", p);
      if (open < 0) {
        text.append(marked, p, marked.length());
        break;
      }
      text.append(marked, p, open);
      int colon = marked.indexOf(':', open);
      int close = marked.indexOf("]]", open);
      if (colon < 0 || close < colon) {
        throw new IllegalArgumentException(where + ": unclosed span");
      }
      String type =
          switch (marked.substring(open + 2, colon)) {
            case "P" -> "PERSON";
            case "L" -> "LOCATION";
            default -> throw new IllegalArgumentException(where + ": unknown span type");
          };
      int start = text.length();
      text.append(marked, colon + 1, close);
      labels.add(new Finding(type, start, text.length(), 1.0));
      p = close + 2;
    }
    return new Corpus.Sample(text.toString(), List.copyOf(labels));
  }
}
