package dev.steward.injection;

/** Turns one window of text into a sentence embedding. Implementations are thread-safe. */
interface Embedder {
  /** The embedding of a non-blank text, L2-normalised. */
  float[] embed(String text);

  /** The SHA-256 (hex) of the model file, which a head must have been trained with. */
  String modelSha256();
}
