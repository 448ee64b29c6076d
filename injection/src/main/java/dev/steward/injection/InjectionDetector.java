package dev.steward.injection;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Detects prompt injection and jailbreak attempts in user messages and in tool or retrieved
 * content, offline: {@link InjectionRules rules} plus a small classifier head over all-MiniLM-L6-v2
 * sentence embeddings computed inside this JVM.
 *
 * <p><b>Score.</b> The text is normalised, cut into word pieces, and the pieces into windows of at
 * most 128 (the length the model was trained at; about 500 characters of English); the classifier
 * score {@code c} is the highest head score over the windows (at most {@link
 * Builder#maxWindows(int)} of them, evenly spaced, first and last always included). Rule hits
 * combine with it as independent evidence: {@code score = 1 - (1 - c) × Π (1 - w)}, the product
 * over the strongest hit {@code w} of each rule. The head's logit is shifted so that {@code c =
 * 0.5} is the point where about 1 % of unseen benign prompts score higher; a text is {@link
 * Verdict#flagged() flagged} when {@code score >= threshold}, by default {@value
 * #DEFAULT_THRESHOLD}. One rule hit of weight 0.5 or more flags a text on its own.
 *
 * <p><b>Cost.</b> The model dominates, in proportion to the word pieces it reads (about 0.15–0.25
 * ms each on one core). Once the verdict is decided (the rules alone, or the rules and the windows
 * scored so far, reach the threshold) no further window is embedded: more evidence could only raise
 * the score. So {@link #detect} flags exactly the texts that a full scoring would flag, and every
 * text that is not flagged has had all its sampled windows scored.
 *
 * <p><b>Failure.</b> {@link #create()} and {@link #detect(String)} throw {@link InjectionException}
 * when the model or head cannot be loaded or inference fails. Callers must then treat the text as
 * flagged (block the request, drop the tool content): the guard fails closed.
 *
 * <p>Thread-safe and immutable; create one per process (loading takes a second or two and about 100
 * MB) and share it.
 */
public final class InjectionDetector {
  /** The default threshold on {@link Verdict#score()}. */
  public static final double DEFAULT_THRESHOLD = 0.5;

  /**
   * The default number of windows the classifier scores per text: 16 windows of up to 128 word
   * pieces cover about 8 KB of English in full.
   */
  public static final int DEFAULT_MAX_WINDOWS = 16;

  static final String HEAD_RESOURCE = "/dev/steward/injection/head.json";

  private final WordPieceTokenizer tokenizer;
  private final Embedder embedder;
  private final Head head;
  private final double threshold;
  private final int maxWindows;

  InjectionDetector(
      WordPieceTokenizer tokenizer,
      Embedder embedder,
      Head head,
      double threshold,
      int maxWindows) {
    if (!embedder.modelSha256().equals(head.modelSha256())) {
      throw new InjectionException(
          InjectionException.Code.HEAD_INVALID,
          "head embedding.sha256: "
              + head.modelSha256()
              + " (expected: "
              + embedder.modelSha256()
              + ", the model on the class path; retrain the head with TrainHead)",
          null);
    }
    this.tokenizer = tokenizer;
    this.embedder = embedder;
    this.head = head;
    this.threshold = threshold;
    this.maxWindows = maxWindows;
    float[] probe =
        embedOrFail(
            tokenizer
                .tokenize("Steward injection detector self-check.")
                .windows(head.windowPieces() - 2)
                .get(0));
    if (probe.length != head.dimension()) {
      throw new InjectionException(
          InjectionException.Code.HEAD_INVALID,
          "head embedding.dimension: "
              + head.dimension()
              + " (expected: "
              + probe.length
              + ", the model's)",
          null);
    }
  }

  /**
   * A detector with the committed head, the default threshold and default limits.
   *
   * @throws InjectionException if the model or head cannot be loaded: callers must fail closed
   */
  public static InjectionDetector create() {
    return builder().build();
  }

  /** A builder for a detector with other settings. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Scores one text: a user message, or tool or retrieved content.
   *
   * @throws InjectionException if inference fails: callers must treat the text as flagged
   */
  public Verdict detect(String text) {
    return verdict(text, true);
  }

  /**
   * The verdict; with {@code decidedStops}, scoring stops once the score reaches the threshold (so
   * the score of a flagged text may be lower than a full scoring's, never its flag).
   */
  Verdict verdict(String text, boolean decidedStops) {
    Objects.requireNonNull(text, "text");
    List<RuleHit> hits = InjectionRules.scan(text);
    double rules = InjectionRules.score(hits);
    if (decidedStops && rules >= threshold) {
      return new Verdict(rules, true, 0, hits);
    }
    double classifier = 0;
    for (int[] window : windows(text)) {
      classifier = Math.max(classifier, head.score(embedOrFail(window), window));
      if (decidedStops && combine(classifier, rules) >= threshold) {
        break;
      }
    }
    double score = combine(classifier, rules);
    return new Verdict(score, score >= threshold, classifier, hits);
  }

  private static double combine(double classifier, double rules) {
    return 1 - (1 - classifier) * (1 - rules);
  }

  /**
   * Removes invisible characters and instruction-like sentences from tool or retrieved content; see
   * {@link InjectionRules#strip(String)}. Run {@link #detect} on the result before passing it to a
   * model.
   */
  public Stripped strip(String toolContent) {
    return InjectionRules.strip(Objects.requireNonNull(toolContent, "toolContent"));
  }

  /** The threshold on {@link Verdict#score()} at or above which a text is flagged. */
  public double threshold() {
    return threshold;
  }

  /** The most windows the classifier scores in one text. */
  public int maxWindows() {
    return maxWindows;
  }

  /** The windows the classifier scores: normalised, cut into word pieces, sampled. */
  List<int[]> windows(String text) {
    return TextWindows.sample(
        tokenizer.tokenize(TextWindows.normalize(text)).windows(head.windowPieces() - 2),
        maxWindows);
  }

  private float[] embedOrFail(int[] window) {
    float[] embedding;
    try {
      embedding = embedder.embed(window);
    } catch (RuntimeException e) {
      throw new InjectionException(
          InjectionException.Code.INFERENCE_FAILED, "embedding failed: " + e, e);
    }
    for (float v : embedding) {
      if (!Float.isFinite(v)) {
        throw new InjectionException(
            InjectionException.Code.INFERENCE_FAILED,
            "embedding: not finite (expected: finite numbers)",
            null);
      }
    }
    return embedding;
  }

  static Head loadHead(String resource) {
    try (InputStream in = InjectionDetector.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new InjectionException(
            InjectionException.Code.HEAD_INVALID,
            "head: " + resource + " not found (expected: on the class path)",
            null);
      }
      return Head.parse(in);
    } catch (IOException e) {
      throw new InjectionException(
          InjectionException.Code.HEAD_INVALID, "head: " + resource + " unreadable: " + e, e);
    }
  }

  /** Settings for a detector; each may be set once. */
  public static final class Builder {
    private double threshold = Double.NaN;
    private int maxWindows;
    private int threads;
    private @Nullable Embedder embedder;
    private @Nullable String headResource;
    private @Nullable String tokenizerResource;

    private Builder() {}

    /** The threshold on the score at or above which a text is flagged, in (0, 1]. */
    public Builder threshold(double threshold) {
      if (!Double.isNaN(this.threshold)) {
        throw new IllegalStateException("threshold was already set to " + this.threshold);
      }
      if (!(threshold > 0 && threshold <= 1)) {
        throw new IllegalArgumentException(
            "threshold: " + threshold + " (expected: 0 < threshold <= 1)");
      }
      this.threshold = threshold;
      return this;
    }

    /**
     * The most windows of up to 128 word pieces (about 500 characters of English) the classifier
     * scores per text (default {@value #DEFAULT_MAX_WINDOWS}); longer texts are sampled evenly,
     * first and last window included, and the rules still read all of it. The worst-case latency
     * grows linearly with this number.
     */
    public Builder maxWindows(int maxWindows) {
      if (this.maxWindows != 0) {
        throw new IllegalStateException("maxWindows was already set to " + this.maxWindows);
      }
      if (maxWindows < 1 || maxWindows > 1024) {
        throw new IllegalArgumentException("maxWindows: " + maxWindows + " (expected: 1..1024)");
      }
      this.maxWindows = maxWindows;
      return this;
    }

    /**
     * ONNX Runtime threads per inference (default 1: the gateway runs many requests at once, so it
     * gains more from parallel requests than from parallel matrix products).
     */
    public Builder inferenceThreads(int threads) {
      if (this.threads != 0) {
        throw new IllegalStateException("inferenceThreads was already set to " + this.threads);
      }
      if (threads < 1 || threads > 256) {
        throw new IllegalArgumentException("inferenceThreads: " + threads + " (expected: 1..256)");
      }
      this.threads = threads;
      return this;
    }

    Builder embedder(Embedder embedder) {
      this.embedder = Objects.requireNonNull(embedder, "embedder");
      return this;
    }

    Builder tokenizerResource(String resource) {
      this.tokenizerResource = Objects.requireNonNull(resource, "resource");
      return this;
    }

    Builder headResource(String resource) {
      this.headResource = Objects.requireNonNull(resource, "resource");
      return this;
    }

    /**
     * Loads the head and the model.
     *
     * @throws InjectionException if either cannot be loaded or they do not fit together
     */
    public InjectionDetector build() {
      Head head = loadHead(headResource == null ? HEAD_RESOURCE : headResource);
      WordPieceTokenizer words =
          MiniLmEmbedder.loadTokenizer(
              tokenizerResource == null ? MiniLmEmbedder.TOKENIZER_RESOURCE : tokenizerResource);
      Embedder model =
          embedder != null ? embedder : MiniLmEmbedder.load(threads == 0 ? 1 : threads);
      return new InjectionDetector(
          words,
          model,
          head,
          Double.isNaN(threshold) ? DEFAULT_THRESHOLD : threshold,
          maxWindows == 0 ? DEFAULT_MAX_WINDOWS : maxWindows);
    }
  }
}
