package dev.steward.web;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A GOV.UK table. A table with a {@code chart} is also drawn as a line chart by the page's script
 * (first column the x axis: ISO dates; every numeric column a series); without JavaScript, and for
 * screen readers, the table is the chart.
 *
 * @param empty shown instead of the table when there are no rows
 * @param chart the chart's accessible name, or {@code null} for no chart
 */
public record Table(
    String caption, List<Header> headers, List<Row> rows, String empty, @Nullable String chart) {
  public Table {
    Objects.requireNonNull(caption, "caption");
    headers = List.copyOf(headers);
    rows = List.copyOf(rows);
    Objects.requireNonNull(empty, "empty");
    for (Row r : rows) {
      if (r.cells().size() != headers.size()) {
        throw new IllegalArgumentException(
            "row: " + r.cells().size() + " cells (expected: " + headers.size() + ", one a header)");
      }
    }
  }

  public static Table of(String caption, List<Header> headers, List<Row> rows, String empty) {
    return new Table(caption, headers, rows, empty, null);
  }

  public Table chart(String name) {
    return new Table(caption, headers, rows, empty, name);
  }

  /** For the template. */
  public boolean hasRows() {
    return !rows.isEmpty();
  }

  /** A column heading; numeric columns are right-aligned. */
  public record Header(String text, boolean numeric) {
    public static Header text(String t) {
      return new Header(t, false);
    }

    public static Header number(String t) {
      return new Header(t, true);
    }
  }

  /** A row; its first cell is the row's header. */
  public record Row(List<Cell> cells) {
    public Row {
      cells = List.copyOf(cells);
      if (cells.isEmpty()) {
        throw new IllegalArgumentException("row: no cells (expected: at least one)");
      }
    }

    public static Row of(Cell... cells) {
      return new Row(List.of(cells));
    }

    /** For the template: the row's header cell. */
    public Cell first() {
      return cells.getFirst();
    }

    /** For the template: the other cells. */
    public List<Cell> rest() {
      return cells.subList(1, cells.size());
    }
  }

  /**
   * A cell: text, perhaps a link, perhaps a small form with one button (revoke, lift).
   *
   * @param tag the text shown as a GOV.UK tag instead of plain text
   */
  public record Cell(
      String text,
      @Nullable String href,
      boolean numeric,
      boolean tag,
      Form.@Nullable Button button) {
    public Cell {
      Objects.requireNonNull(text, "text");
    }

    public static Cell text(@Nullable String t) {
      return new Cell(t == null ? "" : t, null, false, false, null);
    }

    public static Cell number(String t) {
      return new Cell(t, null, true, false, null);
    }

    public static Cell link(String t, String href) {
      return new Cell(t, href, false, false, null);
    }

    public static Cell tag(String t) {
      return new Cell(t, null, false, true, null);
    }

    public static Cell button(Form.Button b) {
      return new Cell("", null, false, false, b);
    }
  }
}
