package dev.steward.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * The trained classifier head over sentence embeddings: logistic regression, optionally after one
 * ReLU hidden layer, read from {@code head.json}. Its logit is shifted by {@code offset} so that
 * the score 0.5 is the operating point chosen in training (see TRAINING.md beside the file).
 * Immutable.
 */
final class Head {
  static final String FORMAT = "steward-injection-head/1";

  private final int dimension;
  private final int windowChars;
  private final String modelSha256;
  private final float @Nullable [][] hiddenWeights;
  private final float @Nullable [] hiddenBias;
  private final float[] outputWeights;
  private final double outputBias;
  private final double offset;

  Head(
      int dimension,
      int windowChars,
      String modelSha256,
      float @Nullable [][] hiddenWeights,
      float @Nullable [] hiddenBias,
      float[] outputWeights,
      double outputBias,
      double offset) {
    this.dimension = dimension;
    this.windowChars = windowChars;
    this.modelSha256 = modelSha256;
    this.hiddenWeights = hiddenWeights;
    this.hiddenBias = hiddenBias;
    this.outputWeights = outputWeights;
    this.outputBias = outputBias;
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
      int windowChars = positiveInt(root, "windowChars");
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
      double offset = finite(root, "offset");
      return new Head(
          dimension,
          windowChars,
          sha,
          hiddenWeights,
          hiddenBias,
          outputWeights,
          outputBias,
          offset);
    } catch (IOException e) {
      throw new InjectionException(
          InjectionException.Code.HEAD_INVALID, "head: not readable JSON: " + e.getMessage(), e);
    }
  }

  int dimension() {
    return dimension;
  }

  int windowChars() {
    return windowChars;
  }

  String modelSha256() {
    return modelSha256;
  }

  /** The shifted logit: positive above the operating point. */
  double logit(float[] embedding) {
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
    return z;
  }

  /** The classifier score of one embedding, 0..1. */
  double score(float[] embedding) {
    return sigmoid(logit(embedding));
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
