package dev.steward.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The uncased BERT word-piece tokenizer of all-MiniLM-L6-v2, in plain Java, read from the model's
 * {@code tokenizer.json}: the Hugging Face "BertNormalizer" (control characters dropped, white
 * space made a space, CJK ideographs split off, accents stripped, lower case), "BertPreTokenizer"
 * (split at white space and around each punctuation character) and greedy longest-match WordPiece.
 * {@code WordPieceTokenizerTest} checks it against the Hugging Face implementation on every example
 * text. Immutable and thread-safe; a few microseconds per kilobyte, with no native code.
 */
final class WordPieceTokenizer {
  static final int CLS = 101;
  static final int SEP = 102;

  private static final String CONTINUATION = "##";

  private final Map<String, Integer> vocab;
  private final Map<String, Integer> added;
  private final int unknown;
  private final int maxCharsPerWord;

  private WordPieceTokenizer(
      Map<String, Integer> vocab, Map<String, Integer> added, int unknown, int maxCharsPerWord) {
    this.vocab = vocab;
    this.added = added;
    this.unknown = unknown;
    this.maxCharsPerWord = maxCharsPerWord;
  }

  /**
   * Reads a Hugging Face {@code tokenizer.json} whose model is an uncased WordPiece.
   *
   * @throws IOException if it cannot be read or is not such a tokenizer
   */
  static WordPieceTokenizer load(InputStream tokenizerJson) throws IOException {
    JsonNode root = new ObjectMapper().readTree(tokenizerJson);
    JsonNode model = root == null ? null : root.path("model");
    if (model == null || !"WordPiece".equals(model.path("type").asText())) {
      throw new IOException("tokenizer: model.type is not WordPiece");
    }
    if (!root.path("normalizer").path("lowercase").asBoolean(false)) {
      throw new IOException("tokenizer: normalizer is not lower-casing (expected: uncased BERT)");
    }
    Map<String, Integer> vocab = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : model.path("vocab").properties()) {
      vocab.put(e.getKey(), e.getValue().asInt());
    }
    Integer unknown = vocab.get(model.path("unk_token").asText("[UNK]"));
    if (unknown == null
        || !Integer.valueOf(CLS).equals(vocab.get("[CLS]"))
        || !Integer.valueOf(SEP).equals(vocab.get("[SEP]"))) {
      throw new IOException("tokenizer: [UNK], [CLS]=101 or [SEP]=102 missing from the vocabulary");
    }
    Map<String, Integer> added = new HashMap<>();
    for (JsonNode token : root.path("added_tokens")) {
      if (!token.path("content").asText().isEmpty()) {
        added.put(token.path("content").asText(), token.path("id").asInt());
      }
    }
    return new WordPieceTokenizer(
        Map.copyOf(vocab),
        Map.copyOf(added),
        unknown,
        model.path("max_input_chars_per_word").asInt(100));
  }

  /**
   * The word pieces of a text, without the [CLS] and [SEP] that frame a window. As in the reference
   * implementation, the tokenizer's added tokens ({@code [CLS]}, {@code [SEP]}, {@code [MASK]}…)
   * written literally in the text are read as those tokens.
   */
  Tokens tokenize(String text) {
    Tokens.Builder out = new Tokens.Builder(text.length() / 3 + 4);
    int from = 0;
    for (int i = text.indexOf('['); i >= 0; i = text.indexOf('[', i + 1)) {
      for (Map.Entry<String, Integer> token : added.entrySet()) {
        if (text.startsWith(token.getKey(), i)) {
          segment(text.substring(from, i), out);
          out.startWord();
          out.add(token.getValue());
          from = i + token.getKey().length();
          i = from - 1;
          break;
        }
      }
    }
    segment(from == 0 ? text : text.substring(from), out);
    return out.build();
  }

  /** Normalises and splits a text that holds no added token. */
  private void segment(String text, Tokens.Builder out) {
    String normalized = normalize(text);
    int n = normalized.length();
    int i = 0;
    while (i < n) {
      int cp = normalized.codePointAt(i);
      if (isWhitespace(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      int end = i + Character.charCount(cp);
      if (!isPunctuation(cp)) {
        while (end < n) {
          int next = normalized.codePointAt(end);
          if (isWhitespace(next) || isPunctuation(next)) {
            break;
          }
          end += Character.charCount(next);
        }
      }
      wordPieces(normalized, i, end, out);
      i = end;
    }
  }

  /** Appends the pieces of one pre-token, {@code normalized[start, end)}, as one word. */
  private void wordPieces(String normalized, int start, int end, Tokens.Builder out) {
    out.startWord();
    if (normalized.codePointCount(start, end) > maxCharsPerWord) {
      out.add(unknown);
      return;
    }
    int mark = out.size();
    int from = start;
    while (from < end) {
      int to = end;
      Integer id = null;
      while (to > from) {
        String piece = normalized.substring(from, to);
        id = vocab.get(from == start ? piece : CONTINUATION + piece);
        if (id != null) {
          break;
        }
        to = Character.isLowSurrogate(normalized.charAt(to - 1)) ? to - 2 : to - 1;
      }
      if (id == null) {
        out.truncate(mark);
        out.add(unknown);
        return;
      }
      out.add(id);
      from = to;
    }
  }

  /**
   * The BertNormalizer: drops NUL, U+FFFD and control, format, unassigned, private-use and
   * surrogate code points; makes white space a space; puts spaces around CJK ideographs; strips
   * accents (NFD, non-spacing marks removed); lower case, code point by code point.
   */
  static String normalize(String text) {
    StringBuilder cleaned = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
        continue;
      }
      if (isWhitespace(cp)) {
        cleaned.append(' ');
      } else if (isCjk(cp)) {
        cleaned.append(' ').appendCodePoint(cp).append(' ');
      } else {
        cleaned.appendCodePoint(cp);
      }
    }
    String s = cleaned.toString();
    boolean ascii = true;
    for (int i = 0; i < s.length() && ascii; i++) {
      ascii = s.charAt(i) < 0x80;
    }
    if (!ascii) {
      s = Normalizer.normalize(s, Normalizer.Form.NFD);
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.getType(cp) != Character.NON_SPACING_MARK) {
        out.appendCodePoint(Character.toLowerCase(cp));
      }
    }
    return out.toString();
  }

  /** Rust's {@code char::is_whitespace} (the White_Space property). */
  static boolean isWhitespace(int cp) {
    return switch (cp) {
      case 0x09,
          0x0A,
          0x0B,
          0x0C,
          0x0D,
          0x20,
          0x85,
          0xA0,
          0x1680,
          0x2028,
          0x2029,
          0x202F,
          0x205F,
          0x3000 ->
          true;
      default -> cp >= 0x2000 && cp <= 0x200A;
    };
  }

  /** Categories Cc, Cf, Cn, Co and Cs, except tab, line feed and carriage return. */
  private static boolean isControl(int cp) {
    if (cp == '\t' || cp == '\n' || cp == '\r') {
      return false;
    }
    int type = Character.getType(cp);
    return type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.UNASSIGNED
        || type == Character.PRIVATE_USE
        || type == Character.SURROGATE;
  }

  /** ASCII punctuation and symbols, and the Unicode punctuation categories (P*). */
  static boolean isPunctuation(int cp) {
    if (cp < 0x80) {
      return (cp >= 33 && cp <= 47)
          || (cp >= 58 && cp <= 64)
          || (cp >= 91 && cp <= 96)
          || (cp >= 123 && cp <= 126);
    }
    return switch (Character.getType(cp)) {
      case Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION ->
          true;
      default -> false;
    };
  }

  private static boolean isCjk(int cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF)
        || (cp >= 0x3400 && cp <= 0x4DBF)
        || (cp >= 0x20000 && cp <= 0x2A6DF)
        || (cp >= 0x2A700 && cp <= 0x2B73F)
        || (cp >= 0x2B740 && cp <= 0x2B81F)
        || (cp >= 0x2B920 && cp <= 0x2CEAF)
        || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0x2F800 && cp <= 0x2FA1F);
  }

  /**
   * Word-piece ids with the index of the first piece of each word, so that windows can be cut
   * between words.
   */
  @SuppressWarnings("ArrayRecordComponent") // internal buffers, never compared
  record Tokens(int[] ids, boolean[] wordStart) {
    int size() {
      return ids.length;
    }

    /**
     * The pieces cut into windows of at most {@code maxPieces} each, as model input ({@code [CLS] …
     * [SEP]}). The windows are about equally long (no short tail) and end between words unless a
     * single word is longer than half a window. No pieces are dropped; an empty text has no
     * windows.
     */
    List<int[]> windows(int maxPieces) {
      List<int[]> out = new ArrayList<>();
      int total = ids.length;
      int start = 0;
      while (start < total) {
        int remaining = total - start;
        int count = (remaining + maxPieces - 1) / maxPieces;
        int size = (remaining + count - 1) / count;
        int end = start + size;
        if (end < total) {
          int cut = end;
          while (cut > start + size / 2 && !wordStart[cut]) {
            cut--;
          }
          if (cut > start && wordStart[cut]) {
            end = cut;
          }
        }
        int[] window = new int[end - start + 2];
        window[0] = CLS;
        System.arraycopy(ids, start, window, 1, end - start);
        window[window.length - 1] = SEP;
        out.add(window);
        start = end;
      }
      return out;
    }

    static final class Builder {
      private int[] ids;
      private boolean[] wordStart;
      private int size;
      private boolean pendingWord;

      Builder(int capacity) {
        ids = new int[capacity];
        wordStart = new boolean[capacity];
      }

      void startWord() {
        pendingWord = true;
      }

      void add(int id) {
        if (size == ids.length) {
          ids = Arrays.copyOf(ids, size * 2 + 8);
          wordStart = Arrays.copyOf(wordStart, size * 2 + 8);
        }
        ids[size] = id;
        wordStart[size] = pendingWord;
        pendingWord = false;
        size++;
      }

      int size() {
        return size;
      }

      /** Drops the pieces from {@code mark} on; the word they began starts again. */
      void truncate(int mark) {
        if (mark < size) {
          pendingWord = wordStart[mark];
          size = mark;
        }
      }

      Tokens build() {
        return new Tokens(Arrays.copyOf(ids, size), Arrays.copyOf(wordStart, size));
      }
    }
  }
}
