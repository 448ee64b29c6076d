package dev.steward.injection;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** One real detector per test JVM: loading the model takes a second or two. */
final class TestDetector {
  private static @Nullable InjectionDetector instance;

  private TestDetector() {}

  static synchronized InjectionDetector get() {
    InjectionDetector d = instance;
    if (d == null) {
      d = InjectionDetector.create();
      instance = d;
    }
    return d;
  }

  /** An embedder that needs no model: a fixed unit vector, with the committed head's SHA-256. */
  static Embedder fake() {
    String sha = InjectionDetector.loadHead(InjectionDetector.HEAD_RESOURCE).modelSha256();
    return new Embedder() {
      @Override
      public float[] embed(String text) {
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
