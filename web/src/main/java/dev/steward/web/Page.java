package dev.steward.web;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One page's content: a heading, an optional lead paragraph, a banner (the outcome of a form just
 * sent), the errors of a form (shown in a GOV.UK error summary) and its sections in order.
 *
 * @param title the page's {@code <title>} and {@code <h1>}
 * @param caption a caption above the heading, or {@code null}
 */
public record Page(
    String title,
    @Nullable String caption,
    @Nullable String lead,
    @Nullable Banner banner,
    List<Link> errors,
    List<Section> sections) {
  public Page {
    Objects.requireNonNull(title, "title");
    errors = List.copyOf(errors);
    sections = List.copyOf(sections);
  }

  /** A page of sections without caption, lead, banner or errors. */
  public static Page of(String title, List<Section> sections) {
    return new Page(title, null, null, null, List.of(), sections);
  }

  public Page withLead(@Nullable String text) {
    return new Page(title, caption, text, banner, errors, sections);
  }

  public Page withCaption(@Nullable String text) {
    return new Page(title, text, lead, banner, errors, sections);
  }

  public Page withBanner(@Nullable Banner b) {
    return new Page(title, caption, lead, b, errors, sections);
  }

  /** The errors of a form: each links to its field ({@code #field-id}). */
  public Page withErrors(List<Link> list) {
    return new Page(title, caption, lead, banner, list, sections);
  }

  /**
   * This page with every form refilled from what was submitted ({@link Form#refill}): its forms
   * must not share field names.
   */
  public Page refill(java.util.Map<String, String> values, java.util.Map<String, String> errors) {
    return new Page(
        title,
        caption,
        lead,
        banner,
        this.errors,
        sections.stream().map(s -> s.refill(values, errors)).toList());
  }

  /** For the template: whether there are errors to summarise. */
  public boolean hasErrors() {
    return !errors.isEmpty();
  }

  /**
   * A notification banner: {@code success} for a change made, otherwise important information.
   *
   * @param secret text shown once in a code block (a new API key), or {@code null}
   */
  public record Banner(
      String heading, @Nullable String text, @Nullable String secret, boolean success) {
    public Banner {
      Objects.requireNonNull(heading, "heading");
    }
  }

  /** A link: its text and where it goes. */
  public record Link(String text, String href) {
    public Link {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(href, "href");
    }
  }
}
