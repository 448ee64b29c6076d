package dev.steward.web;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A form sent to {@code action}. A posted form carries the session's CSRF token (the page frame
 * supplies it); the server refuses a post without a valid one. A {@code get} form is a search (a
 * receipt lookup) and changes nothing.
 *
 * @param warning whether the button is a warning button (an action that stops something)
 */
public record Form(String action, boolean get, List<Field> fields, String submit, boolean warning) {
  public Form {
    Objects.requireNonNull(action, "action");
    fields = List.copyOf(fields);
    Objects.requireNonNull(submit, "submit");
  }

  /** A form posted to {@code action}. */
  public static Form post(String action, List<Field> fields, String submit) {
    return new Form(action, false, fields, submit, false);
  }

  /** A search form: its fields go in the query string of {@code action}. */
  public static Form search(String action, List<Field> fields, String submit) {
    return new Form(action, true, fields, submit, false);
  }

  /** The same form with a warning button. */
  public Form asWarning() {
    return new Form(action, get, fields, submit, true);
  }

  /**
   * This form as sent back to its author: each field holds the value submitted for it (a select,
   * the option of that value selected; a password, never) and its error, keyed by field name.
   */
  public Form refill(Map<String, String> values, Map<String, String> errors) {
    return new Form(
        action, get, fields.stream().map(f -> f.refill(values, errors)).toList(), submit, warning);
  }

  /** For the template. */
  public String method() {
    return get ? "get" : "post";
  }

  /**
   * One input with its label, hint and error, in GOV.UK markup.
   *
   * @param kind {@code text}, {@code password}, {@code textarea}, {@code select} or {@code hidden}
   * @param options the choices of a select
   */
  public record Field(
      String name,
      String label,
      @Nullable String hint,
      String kind,
      @Nullable String value,
      List<Option> options,
      @Nullable String error,
      @Nullable String autocomplete) {
    public Field {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(label, "label");
      if (!List.of("text", "password", "textarea", "select", "hidden").contains(kind)) {
        throw new IllegalArgumentException(
            "kind: '" + kind + "' (expected: text, password, textarea, select or hidden)");
      }
      options = List.copyOf(options);
    }

    public static Field text(String name, String label, @Nullable String hint) {
      return new Field(name, label, hint, "text", null, List.of(), null, null);
    }

    public static Field select(String name, String label, List<Option> options) {
      return new Field(name, label, null, "select", null, options, null, null);
    }

    public static Field hidden(String name, String value) {
      return new Field(name, name, null, "hidden", value, List.of(), null, null);
    }

    public Field kind(String k) {
      return new Field(name, label, hint, k, value, options, error, autocomplete);
    }

    public Field value(@Nullable String v) {
      return new Field(name, label, hint, kind, v, options, error, autocomplete);
    }

    public Field error(@Nullable String e) {
      return new Field(name, label, hint, kind, value, options, e, autocomplete);
    }

    public Field autocomplete(@Nullable String a) {
      return new Field(name, label, hint, kind, value, options, error, a);
    }

    Field refill(Map<String, String> values, Map<String, String> errors) {
      String v = kind.equals("password") ? value : values.getOrDefault(name, value);
      List<Option> marked =
          options.stream().map(o -> new Option(o.value(), o.text(), o.value().equals(v))).toList();
      return new Field(
          name, label, hint, kind, v, marked, errors.getOrDefault(name, error), autocomplete);
    }

    /** The element's id: the name, prefixed so it cannot clash with the page's own ids. */
    public String id() {
      return "f-" + name;
    }

    /** For the template: the ids of the hint and error that describe the input. */
    public @Nullable String describedBy() {
      String ids =
          ((hint == null ? "" : id() + "-hint ") + (error == null ? "" : id() + "-error")).trim();
      return ids.isEmpty() ? null : ids;
    }

    public boolean isText() {
      return kind.equals("text") || kind.equals("password");
    }

    public boolean isTextarea() {
      return kind.equals("textarea");
    }

    public boolean isSelect() {
      return kind.equals("select");
    }

    public boolean isHidden() {
      return kind.equals("hidden");
    }
  }

  /** A choice of a select. */
  public record Option(String value, String text, boolean selected) {
    public static Option of(String value, String text) {
      return new Option(value, text, false);
    }
  }

  /**
   * A form of one button and hidden fields, for an action on one row (revoke a key).
   *
   * @param hidden what the visible label leaves to context, read to screen readers ("key ab12")
   */
  public record Button(String action, String label, String hidden, boolean warning) {}
}
