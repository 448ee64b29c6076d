package dev.steward.injection;

import java.util.Random;

/**
 * Trains the head in plain Java: weighted logistic regression with L2 regularisation, optionally
 * after one ReLU hidden layer, by full-batch Adam. Deterministic: the same rows, settings and seed
 * give the same weights bit for bit (single-threaded, fixed summation order).
 */
final class Trainer {
  /**
   * Training settings. {@code hidden == 0} means plain logistic regression on the embedding; {@code
   * l2Pieces > 0} adds a weight per word piece (a bag of pieces), with that L2 penalty.
   */
  record Settings(
      int hidden, double l2, double learningRate, int epochs, long seed, double l2Pieces) {
    Settings withPieces(double l2Pieces) {
      return new Settings(hidden, l2, learningRate, epochs, seed, l2Pieces);
    }
  }

  /** A trained head before its offset is chosen. */
  @SuppressWarnings("ArrayRecordComponent") // a training buffer, never compared or hashed
  record Model(
      float[][] hiddenWeights,
      float[] hiddenBias,
      float[] outputWeights,
      double bias,
      float[] pieceWeights) {
    Head toHead(int dimension, int windowPieces, String sha, double offset) {
      return new Head(
          dimension,
          windowPieces,
          sha,
          hiddenWeights.length == 0 ? null : hiddenWeights,
          hiddenWeights.length == 0 ? null : hiddenBias,
          outputWeights,
          bias,
          pieceWeights.length == 0 ? null : pieceWeights,
          offset);
    }
  }

  /** The size of the word-piece vocabulary (all-MiniLM-L6-v2's uncased BERT vocabulary). */
  static final int VOCABULARY = 30_522;

  private Trainer() {}

  /**
   * Trains on rows of embeddings {@code x} and, when {@code s.l2Pieces() > 0}, the distinct word
   * pieces of each row's window ({@code pieces}, from {@link Head#distinctPieces}).
   */
  static Model train(float[][] x, int[][] pieces, boolean[] y, double[] weight, Settings s) {
    int n = x.length;
    boolean bag = s.l2Pieces() > 0;
    double[] wp = new double[bag ? VOCABULARY : 0];
    Adam adamWp = new Adam(wp.length);
    int d = x[0].length;
    double total = 0;
    for (double w : weight) {
      total += w;
    }
    int h = s.hidden();
    Random random = new Random(s.seed());
    double[][] w1 = new double[h][d];
    double[] b1 = new double[h];
    int outputs = h == 0 ? d : h;
    double[] w2 = new double[outputs];
    double b2 = 0;
    for (int r = 0; r < h; r++) {
      for (int k = 0; k < d; k++) {
        w1[r][k] = random.nextGaussian() * Math.sqrt(2.0 / d);
      }
    }
    if (h > 0) {
      for (int k = 0; k < h; k++) {
        w2[k] = random.nextGaussian() * Math.sqrt(1.0 / h);
      }
    }
    Adam adamW1 = new Adam(h * d);
    Adam adamB1 = new Adam(h);
    Adam adamW2 = new Adam(outputs);
    Adam adamB2 = new Adam(1);
    double[] hiddenOut = new double[Math.max(h, 1)];
    for (int epoch = 1; epoch <= s.epochs(); epoch++) {
      double[] gWp = new double[wp.length];
      double[] gW1 = new double[h * d];
      double[] gB1 = new double[h];
      double[] gW2 = new double[outputs];
      double gB2 = 0;
      for (int i = 0; i < n; i++) {
        float[] xi = x[i];
        double z = b2;
        double scale = 0;
        if (bag && pieces[i].length > 0) {
          scale = 1 / Math.sqrt(pieces[i].length);
          for (int p : pieces[i]) {
            z += wp[p] * scale;
          }
        }
        if (h == 0) {
          for (int k = 0; k < d; k++) {
            z += w2[k] * xi[k];
          }
        } else {
          for (int r = 0; r < h; r++) {
            double a = b1[r];
            double[] row = w1[r];
            for (int k = 0; k < d; k++) {
              a += row[k] * xi[k];
            }
            hiddenOut[r] = Math.max(0, a);
            z += w2[r] * hiddenOut[r];
          }
        }
        double err = (Head.sigmoid(z) - (y[i] ? 1 : 0)) * weight[i] / total;
        gB2 += err;
        if (bag) {
          for (int p : pieces[i]) {
            gWp[p] += err * scale;
          }
        }
        if (h == 0) {
          for (int k = 0; k < d; k++) {
            gW2[k] += err * xi[k];
          }
        } else {
          for (int r = 0; r < h; r++) {
            gW2[r] += err * hiddenOut[r];
            if (hiddenOut[r] > 0) {
              double back = err * w2[r];
              gB1[r] += back;
              int base = r * d;
              for (int k = 0; k < d; k++) {
                gW1[base + k] += back * xi[k];
              }
            }
          }
        }
      }
      for (int k = 0; k < outputs; k++) {
        gW2[k] += s.l2() * w2[k];
      }
      for (int r = 0; r < h; r++) {
        for (int k = 0; k < d; k++) {
          gW1[r * d + k] += s.l2() * w1[r][k];
        }
      }
      adamW2.step(w2, gW2, s.learningRate(), epoch);
      if (bag) {
        for (int k = 0; k < wp.length; k++) {
          gWp[k] += s.l2Pieces() * wp[k];
        }
        adamWp.step(wp, gWp, s.learningRate(), epoch);
      }
      double[] b2Box = {b2};
      adamB2.step(b2Box, new double[] {gB2}, s.learningRate(), epoch);
      b2 = b2Box[0];
      if (h > 0) {
        double[] flat = new double[h * d];
        for (int r = 0; r < h; r++) {
          System.arraycopy(w1[r], 0, flat, r * d, d);
        }
        adamW1.step(flat, gW1, s.learningRate(), epoch);
        for (int r = 0; r < h; r++) {
          System.arraycopy(flat, r * d, w1[r], 0, d);
        }
        adamB1.step(b1, gB1, s.learningRate(), epoch);
      }
    }
    float[][] hw = new float[h][];
    float[] hb = new float[h];
    for (int r = 0; r < h; r++) {
      hw[r] = toFloat(w1[r]);
      hb[r] = (float) b1[r];
    }
    return new Model(hw, hb, toFloat(w2), b2, toFloat(wp));
  }

  private static float[] toFloat(double[] v) {
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) v[i];
    }
    return out;
  }

  /** Adam with the usual constants (β1 0.9, β2 0.999, ε 1e-8). */
  private static final class Adam {
    private final double[] m;
    private final double[] v;

    Adam(int size) {
      m = new double[size];
      v = new double[size];
    }

    void step(double[] params, double[] grad, double lr, int t) {
      double c1 = 1 - Math.pow(0.9, t);
      double c2 = 1 - Math.pow(0.999, t);
      for (int i = 0; i < params.length; i++) {
        m[i] = 0.9 * m[i] + 0.1 * grad[i];
        v[i] = 0.999 * v[i] + 0.001 * grad[i] * grad[i];
        params[i] -= lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8);
      }
    }
  }
}
