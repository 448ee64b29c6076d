package dev.steward.web;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What every page shares: the navigation (public or admin) and, on admin pages, the session's CSRF
 * token that every form carries.
 *
 * @param nav the navigation, the item of the page shown marked current
 * @param csrf the session's CSRF token on admin pages, else {@code null}
 */
public record Frame(List<NavItem> nav, boolean admin, @Nullable String csrf) {
  public Frame {
    nav = List.copyOf(nav);
  }

  /** A navigation link. */
  public record NavItem(String text, String href, boolean current) {
    public NavItem {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(href, "href");
    }
  }

  private static final List<Page.Link> PUBLIC =
      List.of(
          new Page.Link("Transparency log", "/transparency"),
          new Page.Link("Transparency records", "/atrs"),
          new Page.Link("Benefits", "/benefits"),
          new Page.Link("Admin", "/admin"));

  private static final List<Page.Link> ADMIN =
      List.of(
          new Page.Link("Overview", "/admin"),
          new Page.Link("Services and keys", "/admin/services"),
          new Page.Link("Models and approvals", "/admin/models"),
          new Page.Link("Evaluations", "/admin/evaluations"),
          new Page.Link("Spend and benefits", "/admin/spend"),
          new Page.Link("Policy", "/admin/policy"),
          new Page.Link("Kill switches", "/admin/kill-switches"));

  /** The frame of a public page at {@code path}. */
  public static Frame publicPage(String path) {
    return new Frame(nav(PUBLIC, path), false, null);
  }

  /** The frame of an admin page at {@code path}, its forms carrying {@code csrf}. */
  public static Frame adminPage(String path, String csrf) {
    return new Frame(nav(ADMIN, path), true, csrf);
  }

  /** The frame of the admin sign-in page: the public navigation, admin marked current. */
  public static Frame signIn() {
    return new Frame(nav(PUBLIC, "/admin"), false, null);
  }

  private static List<NavItem> nav(List<Page.Link> links, String path) {
    return links.stream()
        .map(
            l ->
                new NavItem(
                    l.text(),
                    l.href(),
                    l.href().equals(path)
                        || (!l.href().equals("/admin") && path.startsWith(l.href() + "/"))))
        .toList();
  }
}
