package dev.steward.injection;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The detector cannot give a verdict: its model or head did not load, or inference failed. The
 * guard fails closed: a caller that gets this exception must treat the text as flagged (block the
 * request or drop the tool content), never as clean.
 */
public final class InjectionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Code {
    /** The embedding model (ONNX Runtime, the model file or its tokenizer) could not be loaded. */
    MODEL_UNAVAILABLE,
    /** The classifier head is missing, malformed, or was trained for another embedding model. */
    HEAD_INVALID,
    /** Embedding or scoring one text failed. */
    INFERENCE_FAILED
  }

  private final Code code;

  public InjectionException(Code code, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  public Code code() {
    return code;
  }
}
