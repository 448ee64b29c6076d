package dev.steward.injection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeadTest {
  private static final String SHA = "ab".repeat(32);
  private static final int[] WINDOW = {WordPieceTokenizer.CLS, 7592, WordPieceTokenizer.SEP};

  private static Head parse(String json) {
    return Head.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  private static String head(String body) {
    return "{\"format\": \"steward-injection-head/2\", \"embedding\": {\"sha256\": \""
        + SHA
        + "\", \"dimension\": 2}, \"windowPieces\": 128, "
        + body
        + "}";
  }

  @Test
  void parse_logisticHead_scoresWithTheOffset() {
    Head h = parse(head("\"output\": {\"bias\": 0.5, \"weights\": [2, -1]}, \"offset\": 1.5"));
    assertThat(h.logit(new float[] {1, 1}, WINDOW)).isEqualTo(2 - 1 + 0.5 - 1.5);
    assertThat(h.score(new float[] {1, 1}, WINDOW)).isEqualTo(0.5);
    assertThat(h.windowPieces()).isEqualTo(128);
    assertThat(h.modelSha256()).isEqualTo(SHA);
  }

  @Test
  void parse_hiddenLayer_appliesRelu() {
    Head h =
        parse(
            head(
                "\"hidden\": {\"bias\": [0, 0], \"weights\": [[1, 0], [-1, 0]]},"
                    + " \"output\": {\"bias\": 0, \"weights\": [1, -1]}, \"offset\": 0"));
    assertThat(h.logit(new float[] {3, 9}, WINDOW)).isEqualTo(3);
    assertThat(h.logit(new float[] {-2, 9}, WINDOW)).isEqualTo(-2);
  }

  @Test
  void parse_malformed_throwsHeadInvalidNamingTheField() {
    assertInvalid("{\"format\": \"other\"}", "format");
    assertInvalid(
        head("\"output\": {\"bias\": 0, \"weights\": [1]}, \"offset\": 0"),
        "output.weights: 1 numbers (expected: 2 numbers)");
    assertInvalid(
        head("\"output\": {\"bias\": 0, \"weights\": [1, \"x\"]}, \"offset\": 0"),
        "output.weights[1]");
    assertInvalid(head("\"output\": {\"bias\": 0, \"weights\": [1, 2]}"), "offset");
    assertInvalid(
        head("\"output\": {\"bias\": 0, \"weights\": [1, 2]}, \"offset\": 0").replace(SHA, "xyz"),
        "embedding.sha256: xyz");
    assertInvalid(
        head("\"output\": {\"bias\": 0, \"weights\": [1, 2]}, \"offset\": 0").replace("128", "512"),
        "windowPieces: 512 (expected: 3..128 word pieces)");
    assertInvalid("not json", "not readable JSON");
  }

  @Test
  void committedHead_isForTheShippedModel() throws Exception {
    Head committed = InjectionDetector.loadHead(InjectionDetector.HEAD_RESOURCE);
    byte[] model = MiniLmEmbedder.readResource(MiniLmEmbedder.MODEL_RESOURCE);
    assertThat(committed.modelSha256()).isEqualTo(MiniLmEmbedder.sha256(model));
    assertThat(committed.dimension()).isEqualTo(MiniLmEmbedder.DIMENSION);
  }

  private static void assertInvalid(String json, String message) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOfSatisfying(
            InjectionException.class,
            e -> assertThat(e.code()).isEqualTo(InjectionException.Code.HEAD_INVALID))
        .hasMessageContaining(message);
  }
}
