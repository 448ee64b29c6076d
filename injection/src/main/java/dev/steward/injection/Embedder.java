package dev.steward.injection;

/** Turns one window of word pieces into a sentence embedding. Implementations are thread-safe. */
interface Embedder {
  /**
   * The embedding of one window, L2-normalised.
   *
   * @param window word-piece ids from {@code [CLS]} to {@code [SEP]}, at most {@link
   *     MiniLmEmbedder#MAX_PIECES} of them
   */
  float[] embed(int[] window);

  /** The SHA-256 (hex) of the model file, which a head must have been trained with. */
  String modelSha256();
}
