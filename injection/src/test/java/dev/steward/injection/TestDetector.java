package dev.steward.injection;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** One real detector per test JVM: loading the model takes a second or two. */
final class TestDetector {
  private static @Nullable InjectionDetector instance;
  private static @Nullable Embedder model;

  private TestDetector() {}

  /** The real word-piece tokenizer (plain Java, no model). */
  static WordPieceTokenizer tokenizer() {
    return MiniLmEmbedder.loadTokenizer(MiniLmEmbedder.TOKENIZER_RESOURCE);
  }

  static synchronized InjectionDetector get() {
    InjectionDetector d = instance;
    if (d == null) {
      d = InjectionDetector.builder().embedder(model()).build();
      instance = d;
    }
    return d;
  }

  /** The real model, loaded once and shared by the detectors tests build. */
  static synchronized Embedder model() {
    Embedder m = model;
    if (m == null) {
      m = MiniLmEmbedder.load(1);
      model = m;
    }
    return m;
  }

  /** An embedder that needs no model: a fixed unit vector, with the committed head's SHA-256. */
  static Embedder fake() {
    String sha = InjectionDetector.loadHead(InjectionDetector.HEAD_RESOURCE).modelSha256();
    return new Embedder() {
      @Override
      public float[] embed(int[] window) {
        float[] v = new float[MiniLmEmbedder.DIMENSION];
        Arrays.fill(v, (float) (1 / Math.sqrt(v.length)));
        return v;
      }

      @Override
      public String modelSha256() {
        return sha;
      }
    };
  }
}
