package dev.steward.web;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Renders pages to HTML with the GOV.UK Design System's markup. Every value is HTML-escaped by the
 * template engine (Mustache); nothing a page model holds is trusted as markup.
 */
public final class Pages {
  private static final String TEMPLATES = "dev/steward/web/templates";
  private static final MustacheFactory FACTORY = new DefaultMustacheFactory(TEMPLATES);
  private static final Mustache PAGE = FACTORY.compile("page.mustache");
  private static final Mustache STANDALONE = FACTORY.compile("standalone.mustache");

  private Pages() {}

  /** The page inside the site's frame (header, navigation, footer), as served. */
  public static String render(Frame frame, Page page) {
    Objects.requireNonNull(frame, "frame");
    Objects.requireNonNull(page, "page");
    StringWriter out = new StringWriter(8192);
    PAGE.execute(out, new Object[] {frame, page});
    return out.toString();
  }

  /**
   * The page as one self-contained HTML file, its GOV.UK styles inlined, for reading offline (an
   * ATRS record written by the CLI): no navigation, no script, no request to any server.
   */
  public static String standalone(Page page) {
    Objects.requireNonNull(page, "page");
    StringWriter out = new StringWriter(200_000);
    STANDALONE.execute(out, new Object[] {new Inline(inlineCss()), page});
    return out.toString();
  }

  /** The inlined style sheet of a standalone page. */
  private record Inline(String css) {}

  private static String inlineCss() {
    Asset css = Assets.find("/assets/govuk-frontend.min.css").orElseThrow();
    return new String(css.bytes(), StandardCharsets.UTF_8)
        // Fonts and images are not inlined: the page falls back to the system's sans-serif.
        .replaceAll("url\\(/assets/[^)]*\\)", "none")
        // A </style> inside the CSS would end the element early; the GOV.UK sheet has none.
        .replace("</", "<\\/");
  }

  static byte[] resource(String path) {
    try (InputStream in = Pages.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("resource " + path + ": not on the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
