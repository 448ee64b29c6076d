package dev.steward.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds strings meant to match a regular expression, for JSON Schema {@code pattern}. It reads the
 * common subset: literals, escapes ({@code \d \w \s}, {@code \t}, {@code \\uXXXX}, ...), character
 * classes with ranges and negation, {@code .}, groups ({@code (...)}, {@code (?:...)}, named),
 * alternation (the first branch is used) and quantifiers ({@code ? * + {n} {n,} {n,m}}, lazy or
 * possessive). Lookaround, back references and Unicode property classes are not read: such a
 * pattern yields no sample. Every sample is only a candidate; callers check it with the real regex.
 */
final class PatternStrings {
  private static final int UNBOUNDED = -1;

  private final String p;
  private int pos;

  private PatternStrings(String pattern) {
    this.p = pattern;
  }

  /**
   * Candidate strings, shortest first, with unbounded and ranged repetitions stretched further in
   * each so that length limits can be met.
   */
  static List<String> samples(String pattern, int minLength) {
    Node node;
    try {
      PatternStrings parser = new PatternStrings(pattern);
      node = parser.alternation();
      if (parser.pos != pattern.length()) {
        return List.of();
      }
    } catch (UnsupportedOperationException | IndexOutOfBoundsException e) {
      return List.of();
    }
    Set<String> out = new LinkedHashSet<>();
    for (int extra : new int[] {0, 1, 2, 4, 8, minLength, 2 * minLength}) {
      StringBuilder sb = new StringBuilder();
      node.emit(sb, extra);
      out.add(sb.toString());
    }
    return new ArrayList<>(out);
  }

  private sealed interface Node {
    void emit(StringBuilder out, int extra);
  }

  private record Literal(String text) implements Node {
    @Override
    public void emit(StringBuilder out, int extra) {
      out.append(text);
    }
  }

  private record Sequence(List<Node> parts) implements Node {
    @Override
    public void emit(StringBuilder out, int extra) {
      parts.forEach(n -> n.emit(out, extra));
    }
  }

  private record Alternation(List<Node> branches) implements Node {
    @Override
    public void emit(StringBuilder out, int extra) {
      branches.getFirst().emit(out, extra);
    }
  }

  private record Repeat(Node node, int min, int max) implements Node {
    @Override
    public void emit(StringBuilder out, int extra) {
      int count = min + extra;
      if (max != UNBOUNDED) {
        count = Math.min(count, max);
      }
      for (int i = 0; i < count; i++) {
        node.emit(out, extra);
      }
    }
  }

  /** A set of code points, given as inclusive ranges; emits a member. */
  private record CharClass(List<int[]> ranges, boolean negated) implements Node {
    private static final String PREFERRED = "a0xA_ -.";

    @Override
    public void emit(StringBuilder out, int extra) {
      out.appendCodePoint(pick());
    }

    private boolean contains(int cp) {
      for (int[] r : ranges) {
        if (cp >= r[0] && cp <= r[1]) {
          return !negated;
        }
      }
      return negated;
    }

    private int pick() {
      for (int i = 0; i < PREFERRED.length(); i++) {
        if (contains(PREFERRED.charAt(i))) {
          return PREFERRED.charAt(i);
        }
      }
      if (!negated && !ranges.isEmpty()) {
        return ranges.getFirst()[0];
      }
      for (int cp = 0x21; cp < 0x2FFF; cp++) {
        if (contains(cp)) {
          return cp;
        }
      }
      return 'a';
    }
  }

  private static final List<int[]> DIGIT = List.of(new int[] {'0', '9'});
  private static final List<int[]> WORD =
      List.of(
          new int[] {'a', 'z'}, new int[] {'A', 'Z'}, new int[] {'0', '9'}, new int[] {'_', '_'});
  private static final List<int[]> SPACE = List.of(new int[] {' ', ' '}, new int[] {'\t', '\r'});

  private boolean more() {
    return pos < p.length();
  }

  private char peek() {
    return p.charAt(pos);
  }

  private Node alternation() {
    List<Node> branches = new ArrayList<>();
    branches.add(sequence());
    while (more() && peek() == '|') {
      pos++;
      branches.add(sequence());
    }
    return branches.size() == 1 ? branches.getFirst() : new Alternation(branches);
  }

  private Node sequence() {
    List<Node> parts = new ArrayList<>();
    while (more() && peek() != '|' && peek() != ')') {
      Node atom = atom();
      parts.add(quantified(atom));
    }
    return new Sequence(parts);
  }

  private Node atom() {
    char c = p.charAt(pos++);
    switch (c) {
      case '^', '$' -> {
        return new Literal("");
      }
      case '.' -> {
        return new CharClass(List.of(new int[] {'\n', '\n'}), true);
      }
      case '(' -> {
        if (more() && peek() == '?') {
          pos++;
          char kind = p.charAt(pos++);
          if (kind == '<' && more() && peek() != '=' && peek() != '!') {
            while (p.charAt(pos) != '>') {
              pos++;
            }
            pos++;
          } else if (kind != ':') {
            throw new UnsupportedOperationException("lookaround or flags");
          }
        }
        Node inner = alternation();
        if (p.charAt(pos++) != ')') {
          throw new UnsupportedOperationException("unclosed group");
        }
        return inner;
      }
      case '[' -> {
        return charClass();
      }
      case '\\' -> {
        return escape();
      }
      case '*', '+', '?', '{', ')' -> throw new UnsupportedOperationException("dangling " + c);
      default -> {
        if (Character.isHighSurrogate(c) && more()) {
          return new Literal(new String(new char[] {c, p.charAt(pos++)}));
        }
        return new Literal(String.valueOf(c));
      }
    }
  }

  private Node escape() {
    char c = p.charAt(pos++);
    return switch (c) {
      case 'd' -> new CharClass(DIGIT, false);
      case 'D' -> new CharClass(DIGIT, true);
      case 'w' -> new CharClass(WORD, false);
      case 'W' -> new CharClass(WORD, true);
      case 's' -> new CharClass(SPACE, false);
      case 'S' -> new CharClass(SPACE, true);
      case 'b', 'B', 'A', 'z', 'Z', 'G' -> new Literal("");
      default -> new Literal(new String(Character.toChars(escapedChar(c))));
    };
  }

  /** The code point of an escape that stands for one character; {@code c} is already consumed. */
  private int escapedChar(char c) {
    return switch (c) {
      case 't' -> '\t';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 'f' -> '\f';
      case 'v' -> 0x0B;
      case '0' -> 0;
      case 'u' -> {
        int cp = Integer.parseInt(p.substring(pos, pos + 4), 16);
        pos += 4;
        yield cp;
      }
      case 'x' -> {
        int cp = Integer.parseInt(p.substring(pos, pos + 2), 16);
        pos += 2;
        yield cp;
      }
      case 'p', 'P', 'k', 'c', 'Q', 'E' -> throw new UnsupportedOperationException("escape \\" + c);
      default -> {
        if (c >= '1' && c <= '9') {
          throw new UnsupportedOperationException("back reference");
        }
        yield c;
      }
    };
  }

  private Node charClass() {
    boolean negated = false;
    if (peek() == '^') {
      negated = true;
      pos++;
    }
    List<int[]> ranges = new ArrayList<>();
    boolean first = true;
    while (first || peek() != ']') {
      first = false;
      int lo;
      char c = p.charAt(pos++);
      if (c == '[') {
        throw new UnsupportedOperationException("nested class");
      }
      if (c == '\\') {
        char e = p.charAt(pos++);
        List<int[]> named =
            switch (e) {
              case 'd' -> DIGIT;
              case 'w' -> WORD;
              case 's' -> SPACE;
              case 'D', 'W', 'S' -> throw new UnsupportedOperationException("negated in class");
              default -> null;
            };
        if (named != null) {
          ranges.addAll(named);
          continue;
        }
        lo = e == 'b' ? '\b' : escapedChar(e);
      } else {
        lo = c;
      }
      int hi = lo;
      if (peek() == '-' && p.charAt(pos + 1) != ']') {
        pos++;
        char h = p.charAt(pos++);
        hi = h == '\\' ? escapedChar(p.charAt(pos++)) : h;
      }
      ranges.add(new int[] {lo, hi});
    }
    pos++;
    return new CharClass(ranges, negated);
  }

  private Node quantified(Node atom) {
    if (!more()) {
      return atom;
    }
    int min;
    int max;
    char c = peek();
    if (c == '?') {
      min = 0;
      max = 1;
    } else if (c == '*') {
      min = 0;
      max = UNBOUNDED;
    } else if (c == '+') {
      min = 1;
      max = UNBOUNDED;
    } else if (c == '{' && isBrace()) {
      int close = p.indexOf('}', pos);
      String body = p.substring(pos + 1, close);
      int comma = body.indexOf(',');
      if (comma < 0) {
        min = Integer.parseInt(body.trim());
        max = min;
      } else {
        min = Integer.parseInt(body.substring(0, comma).trim());
        String upper = body.substring(comma + 1).trim();
        max = upper.isEmpty() ? UNBOUNDED : Integer.parseInt(upper);
      }
      pos = close;
    } else {
      return atom;
    }
    pos++;
    if (more() && (peek() == '?' || peek() == '+')) {
      pos++;
    }
    return quantified(new Repeat(atom, min, max));
  }

  private boolean isBrace() {
    int close = p.indexOf('}', pos);
    return close > pos + 1 && p.substring(pos + 1, close).matches("\\d+(,\\d*)?|\\d+ ?, ?\\d*");
  }
}
