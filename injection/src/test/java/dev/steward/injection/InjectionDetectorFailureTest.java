package dev.steward.injection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The guard fails closed: every loading or inference failure is an InjectionException. */
class InjectionDetectorFailureTest {
  @Test
  void load_modelMissingFromClassPath_throwsModelUnavailable() {
    assertThatThrownBy(() -> MiniLmEmbedder.load(1, "/no-such-model.onnx"))
        .isInstanceOfSatisfying(
            InjectionException.class,
            e -> assertThat(e.code()).isEqualTo(InjectionException.Code.MODEL_UNAVAILABLE))
        .hasMessageContaining("/no-such-model.onnx");
  }

  @Test
  void build_headMissing_throwsHeadInvalid() {
    assertThatThrownBy(
            () ->
                InjectionDetector.builder()
                    .embedder(TestDetector.fake())
                    .headResource("/dev/steward/injection/missing.json")
                    .build())
        .isInstanceOfSatisfying(
            InjectionException.class,
            e -> assertThat(e.code()).isEqualTo(InjectionException.Code.HEAD_INVALID))
        .hasMessageContaining("missing.json not found");
  }

  @Test
  void build_headTrainedForAnotherModel_throwsHeadInvalid() {
    Embedder other =
        new Embedder() {
          @Override
          public float[] embed(int[] window) {
            return TestDetector.fake().embed(window);
          }

          @Override
          public String modelSha256() {
            return "0".repeat(64);
          }
        };
    assertThatThrownBy(() -> InjectionDetector.builder().embedder(other).build())
        .isInstanceOfSatisfying(
            InjectionException.class,
            e -> assertThat(e.code()).isEqualTo(InjectionException.Code.HEAD_INVALID))
        .hasMessageContaining("embedding.sha256");
  }

  @Test
  void build_modelFailsItsSelfCheck_throwsInferenceFailed() {
    assertThatThrownBy(() -> InjectionDetector.builder().embedder(failingAfter(0)).build())
        .isInstanceOfSatisfying(
            InjectionException.class,
            e -> assertThat(e.code()).isEqualTo(InjectionException.Code.INFERENCE_FAILED));
  }

  @Test
  void detect_inferenceFails_throwsInsteadOfScoring() {
    InjectionDetector d = InjectionDetector.builder().embedder(failingAfter(1)).build();
    assertThatThrownBy(() -> d.detect("How do I renew my passport?"))
        .isInstanceOfSatisfying(
            InjectionException.class,
            e -> assertThat(e.code()).isEqualTo(InjectionException.Code.INFERENCE_FAILED))
        .hasMessageContaining("ONNX session closed");
  }

  @Test
  void detect_nonFiniteEmbedding_throws() {
    Embedder fake = TestDetector.fake();
    AtomicInteger calls = new AtomicInteger();
    Embedder nan =
        new Embedder() {
          @Override
          public float[] embed(int[] window) {
            float[] v = fake.embed(window);
            if (calls.getAndIncrement() > 0) {
              v[7] = Float.NaN;
            }
            return v;
          }

          @Override
          public String modelSha256() {
            return fake.modelSha256();
          }
        };
    InjectionDetector d = InjectionDetector.builder().embedder(nan).build();
    assertThatThrownBy(() -> d.detect("text"))
        .isInstanceOfSatisfying(
            InjectionException.class,
            e -> assertThat(e.code()).isEqualTo(InjectionException.Code.INFERENCE_FAILED));
  }

  @Test
  void builder_rejectsBadAndRepeatedSettings() {
    assertThatThrownBy(() -> InjectionDetector.builder().threshold(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threshold: 0.0 (expected: 0 < threshold <= 1)");
    assertThatThrownBy(() -> InjectionDetector.builder().maxWindows(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxWindows: 0 (expected: 1..1024)");
    assertThatThrownBy(() -> InjectionDetector.builder().threshold(0.4).threshold(0.6))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("threshold was already set to 0.4");
  }

  @Test
  void build_customThreshold_isUsedForFlagging() {
    InjectionDetector d =
        InjectionDetector.builder().embedder(TestDetector.fake()).threshold(0.25).build();
    assertThat(d.threshold()).isEqualTo(0.25);
    assertThat(d.detect("abc\u202Edef").flagged()).isTrue();
  }

  private static Embedder failingAfter(int okCalls) {
    Embedder fake = TestDetector.fake();
    AtomicInteger calls = new AtomicInteger();
    return new Embedder() {
      @Override
      public float[] embed(int[] window) {
        if (calls.getAndIncrement() >= okCalls) {
          throw new IllegalStateException("ONNX session closed");
        }
        return fake.embed(window);
      }

      @Override
      public String modelSha256() {
        return fake.modelSha256();
      }
    };
  }
}
