package dev.steward.guard;

/**
 * A detector failed while scanning. The caller must treat the text as unscanned and block it: raw
 * data never passes on error. The message never quotes the text.
 */
public final class ScanFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ScanFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
