package dev.steward.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The trained classifier head over one window: logistic regression on the window's sentence
 * embedding (optionally after one ReLU hidden layer) plus, optionally, a weight per word piece
 * present in the window (a bag of word pieces, scaled by one over the square root of their number,
 * so that a window's length does not count). Read from {@code head.json}. Its logit is shifted by
 * {@code offset} so that the score 0.5 is the operating point chosen in training (see TRAINING.md
 * beside the file). Immutable.
 */
final class Head {
  static final String FORMAT = "steward-injection-head/2";

  private final int dimension;
  private final int windowPieces;
  private final String modelSha256;
  private final float @Nullable [][] hiddenWeights;
  private final float @Nullable [] hiddenBias;
  private final float[] outputWeights;
  private final double outputBias;
  private final float @Nullable [] pieceWeights;
  private final double offset;

  Head(
      int dimension,
      int windowPieces,
      String modelSha256,
      float @Nullable [][] hiddenWeights,
      float @Nullable [] hiddenBias,
      float[] outputWeights,
      double outputBias,
      float @Nullable [] pieceWeights,
      double offset) {
    this.dimension = dimension;
    this.windowPieces = windowPieces;
    this.modelSha256 = modelSha256;
    this.hiddenWeights = hiddenWeights;
    this.hiddenBias = hiddenBias;
    this.outputWeights = outputWeights;
    this.outputBias = outputBias;
    this.pieceWeights = pieceWeights;
    this.offset = offset;
  }

  /**
   * Reads a head.
   *
   * @throws InjectionException {@code HEAD_INVALID} if the JSON is malformed or inconsistent
   */
  static Head parse(InputStream json) {
    try {
      JsonNode root = new ObjectMapper().readTree(json);
      if (root == null || !FORMAT.equals(root.path("format").asText())) {
        throw invalid("format: " + (root == null ? "<empty>" : root.path("format")), FORMAT);
      }
      JsonNode embedding = root.path("embedding");
      int dimension = positiveInt(embedding, "dimension");
      String sha = embedding.path("sha256").asText("");
      if (!sha.matches("[0-9a-f]{64}")) {
        throw invalid("embedding.sha256: " + sha, "64 lower-case hex digits");
      }
      int windowPieces = positiveInt(root, "windowPieces");
      if (windowPieces < 3 || windowPieces > MiniLmEmbedder.MAX_PIECES) {
        throw invalid(
            "windowPieces: " + windowPieces, "3.." + MiniLmEmbedder.MAX_PIECES + " word pieces");
      }
      float[][] hiddenWeights = null;
      float[] hiddenBias = null;
      int inputs = dimension;
      JsonNode hidden = root.path("hidden");
      if (!hidden.isMissingNode() && !hidden.isNull()) {
        hiddenBias = vector(hidden.path("bias"), -1, "hidden.bias");
        hiddenWeights = new float[hiddenBias.length][];
        JsonNode rows = hidden.path("weights");
        if (!rows.isArray() || rows.size() != hiddenBias.length) {
          throw invalid("hidden.weights: " + rows.size() + " rows", hiddenBias.length + " rows");
        }
        for (int r = 0; r < hiddenBias.length; r++) {
          hiddenWeights[r] = vector(rows.get(r), dimension, "hidden.weights[" + r + "]");
        }
        inputs = hiddenBias.length;
      }
      JsonNode output = root.path("output");
      float[] outputWeights = vector(output.path("weights"), inputs, "output.weights");
      double outputBias = finite(output, "bias");
      float[] pieceWeights = null;
      JsonNode pieces = root.path("pieces");
      if (!pieces.isMissingNode() && !pieces.isNull()) {
        int vocabulary = positiveInt(pieces, "vocabulary");
        JsonNode ids = pieces.path("ids");
        float[] weights = vector(pieces.path("weights"), ids.size(), "pieces.weights");
        pieceWeights = new float[vocabulary];
        for (int i = 0; i < ids.size(); i++) {
          JsonNode id = ids.get(i);
          if (!id.canConvertToInt() || id.asInt() < 0 || id.asInt() >= vocabulary) {
            throw invalid("pieces.ids[" + i + "]: " + id, "0.." + (vocabulary - 1));
          }
          pieceWeights[id.asInt()] = weights[i];
        }
      }
      double offset = finite(root, "offset");
      return new Head(
          dimension,
          windowPieces,
          sha,
          hiddenWeights,
          hiddenBias,
          outputWeights,
          outputBias,
          pieceWeights,
          offset);
    } catch (IOException e) {
      throw new InjectionException(
          InjectionException.Code.HEAD_INVALID, "head: not readable JSON: " + e.getMessage(), e);
    }
  }

  int dimension() {
    return dimension;
  }

  /** The most word pieces per window, {@code [CLS]} and {@code [SEP]} included. */
  int windowPieces() {
    return windowPieces;
  }

  String modelSha256() {
    return modelSha256;
  }

  /**
   * The shifted logit of one window: positive above the operating point.
   *
   * @param embedding the window's sentence embedding
   * @param window the window's word-piece ids, {@code [CLS]} first and {@code [SEP]} last
   */
  double logit(float[] embedding, int[] window) {
    float[] x = embedding;
    if (hiddenWeights != null && hiddenBias != null) {
      float[] h = new float[hiddenBias.length];
      for (int r = 0; r < h.length; r++) {
        double sum = hiddenBias[r];
        float[] row = hiddenWeights[r];
        for (int k = 0; k < row.length; k++) {
          sum += row[k] * embedding[k];
        }
        h[r] = (float) Math.max(0, sum);
      }
      x = h;
    }
    double z = outputBias - offset;
    for (int k = 0; k < outputWeights.length; k++) {
      z += outputWeights[k] * x[k];
    }
    if (pieceWeights != null) {
      z += pieces(window, pieceWeights);
    }
    return z;
  }

  /** The bag-of-pieces term: the weights of the distinct pieces, over the root of their count. */
  private static double pieces(int[] window, float[] weights) {
    int[] ids = distinctPieces(window);
    double sum = 0;
    for (int id : ids) {
      sum += id < weights.length ? weights[id] : 0;
    }
    return ids.length == 0 ? 0 : sum / Math.sqrt(ids.length);
  }

  /** The distinct word pieces of a window, without its [CLS] and [SEP], sorted. */
  static int[] distinctPieces(int[] window) {
    int[] ids = Arrays.copyOfRange(window, 1, Math.max(1, window.length - 1));
    Arrays.sort(ids);
    int n = 0;
    for (int i = 0; i < ids.length; i++) {
      if (i == 0 || ids[i] != ids[i - 1]) {
        ids[n++] = ids[i];
      }
    }
    return Arrays.copyOf(ids, n);
  }

  /** The classifier score of one window, 0..1. */
  double score(float[] embedding, int[] window) {
    return sigmoid(logit(embedding, window));
  }

  static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }

  private static float[] vector(JsonNode node, int size, String name) {
    if (!node.isArray() || node.isEmpty() || (size >= 0 && node.size() != size)) {
      throw invalid(
          name + ": " + (node.isArray() ? node.size() + " numbers" : node.getNodeType()),
          size >= 0 ? size + " numbers" : "a non-empty array of numbers");
    }
    float[] v = new float[node.size()];
    for (int i = 0; i < v.length; i++) {
      JsonNode n = node.get(i);
      if (!n.isNumber() || !Double.isFinite(n.asDouble())) {
        throw invalid(name + "[" + i + "]: " + n, "a finite number");
      }
      v[i] = (float) n.asDouble();
    }
    return v;
  }

  private static int positiveInt(JsonNode parent, String name) {
    JsonNode n = parent.path(name);
    if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() <= 0) {
      throw invalid(name + ": " + n, "a positive integer");
    }
    return n.asInt();
  }

  private static double finite(JsonNode parent, String name) {
    JsonNode n = parent.path(name);
    if (!n.isNumber() || !Double.isFinite(n.asDouble())) {
      throw invalid(name + ": " + n, "a finite number");
    }
    return n.asDouble();
  }

  private static InjectionException invalid(String what, String expected) {
    return new InjectionException(
        InjectionException.Code.HEAD_INVALID,
        "head " + what + " (expected: " + expected + ")",
        null);
  }
}
