package dev.steward.web;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A part of a page under its own {@code <h2>}: paragraphs, then at most one of each of a summary
 * list, a table, preformatted text and a form, in that order.
 *
 * @param id the section's HTML id (for links to it), or {@code null}
 * @param pre preformatted text (a checkpoint, a command), or {@code null}
 */
public record Section(
    @Nullable String id,
    String heading,
    List<String> paragraphs,
    List<Summary> summary,
    @Nullable Table table,
    @Nullable String pre,
    @Nullable Form form,
    List<Page.Link> links) {
  public Section {
    Objects.requireNonNull(heading, "heading");
    paragraphs = List.copyOf(paragraphs);
    summary = List.copyOf(summary);
    links = List.copyOf(links);
  }

  public static Section of(String heading) {
    return new Section(null, heading, List.of(), List.of(), null, null, null, List.of());
  }

  public Section id(String value) {
    return new Section(value, heading, paragraphs, summary, table, pre, form, links);
  }

  public Section paragraphs(String... texts) {
    return new Section(id, heading, List.of(texts), summary, table, pre, form, links);
  }

  public Section summary(List<Summary> rows) {
    return new Section(id, heading, paragraphs, rows, table, pre, form, links);
  }

  public Section table(Table t) {
    return new Section(id, heading, paragraphs, summary, t, pre, form, links);
  }

  public Section pre(String text) {
    return new Section(id, heading, paragraphs, summary, table, text, form, links);
  }

  public Section form(Form f) {
    return new Section(id, heading, paragraphs, summary, table, pre, f, links);
  }

  public Section links(List<Page.Link> list) {
    return new Section(id, heading, paragraphs, summary, table, pre, form, list);
  }

  /** This section with its form, if any, refilled ({@link Form#refill}). */
  public Section refill(
      java.util.Map<String, String> values, java.util.Map<String, String> errors) {
    Form f = form;
    return f == null ? this : form(f.refill(values, errors));
  }

  /** For the template: whether there is a summary list. */
  public boolean hasSummary() {
    return !summary.isEmpty();
  }

  /** For the template: whether there are links. */
  public boolean hasLinks() {
    return !links.isEmpty();
  }

  /**
   * One row of a GOV.UK summary list.
   *
   * @param values one or more lines of value; none shows "Not known"
   * @param tag a short status shown as a tag after the value (e.g. "Missing"), or {@code null}
   */
  public record Summary(String key, List<String> values, @Nullable String tag) {
    public Summary {
      Objects.requireNonNull(key, "key");
      values = List.copyOf(values);
    }

    public static Summary of(String key, @Nullable String value) {
      return new Summary(key, value == null ? List.of() : List.of(value), null);
    }

    /** For the template. */
    public boolean known() {
      return !values.isEmpty();
    }
  }
}
