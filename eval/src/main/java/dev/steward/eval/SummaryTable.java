package dev.steward.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a run's summary as a plain-text table for a terminal. */
public final class SummaryTable {
  private SummaryTable() {}

  /**
   * The summary: a heading (suite, model, counts, tokens), a table of every scorer's metrics
   * (scorer, metric, value, stderr, n), then, when samples have categories, accuracy per category.
   * Values and standard errors have three decimals; a metric over no samples shows {@code -}.
   */
  public static String render(String suite, String model, EvalSummary s) {
    StringBuilder out = new StringBuilder();
    out.append("suite    ").append(suite).append('\n');
    out.append("model    ").append(model).append('\n');
    out.append("samples  ")
        .append(s.samples())
        .append(" (")
        .append(s.completed())
        .append(" completed, ")
        .append(s.errors())
        .append(s.errors() == 1 ? " error)" : " errors)")
        .append('\n');
    out.append("tokens   ")
        .append(s.inputTokens())
        .append(" in, ")
        .append(s.outputTokens())
        .append(" out\n");

    List<String[]> metrics = new ArrayList<>();
    for (ScorerSummary scorer : s.scorers()) {
      for (MetricValue m : scorer.metrics()) {
        metrics.add(row(scorer.scorer(), m.name(), m));
      }
    }
    if (!metrics.isEmpty()) {
      out.append('\n');
      table(out, new String[] {"scorer", "metric", "value", "stderr", "n"}, metrics);
    }

    List<String[]> categories = new ArrayList<>();
    for (ScorerSummary scorer : s.scorers()) {
      for (Map.Entry<String, MetricValue> c : scorer.byCategory().entrySet()) {
        categories.add(row(scorer.scorer(), c.getKey(), c.getValue()));
      }
    }
    if (!categories.isEmpty()) {
      out.append('\n');
      table(out, new String[] {"scorer", "category", "accuracy", "stderr", "n"}, categories);
    }
    return out.toString();
  }

  private static String[] row(String scorer, String name, MetricValue m) {
    boolean none = m.count() == 0;
    return new String[] {
      scorer,
      name,
      none ? "-" : number(m.value()),
      none ? "-" : number(m.stderr()),
      Integer.toString(m.count())
    };
  }

  private static String number(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  /** Two text columns, then right-aligned numbers; columns separated by two spaces. */
  private static void table(StringBuilder out, String[] header, List<String[]> rows) {
    int[] width = new int[header.length];
    for (int i = 0; i < header.length; i++) {
      width[i] = header[i].length();
    }
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    line(out, header, width);
    String[] rule = new String[header.length];
    for (int i = 0; i < header.length; i++) {
      rule[i] = "-".repeat(width[i]);
    }
    line(out, rule, width);
    for (String[] r : rows) {
      line(out, r, width);
    }
  }

  private static void line(StringBuilder out, String[] cells, int[] width) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        b.append("  ");
      }
      String pad = " ".repeat(width[i] - cells[i].length());
      b.append(i < 2 ? cells[i] + pad : pad + cells[i]);
    }
    out.append(b.toString().stripTrailing()).append('\n');
  }
}
