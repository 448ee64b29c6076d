package dev.steward.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PagesTest {
  private static Page page(String value) {
    return Page.of(
            "Keys",
            List.of(
                Section.of("Summary").summary(List.of(Section.Summary.of("Owner", value))),
                Section.of("Table")
                    .table(
                        Table.of(
                            "Keys",
                            List.of(Table.Header.text("Key"), Table.Header.number("Spend")),
                            List.of(
                                Table.Row.of(Table.Cell.text(value), Table.Cell.number("1.00"))),
                            "No keys"))
                    .form(
                        Form.post(
                            "/admin/keys",
                            List.of(Form.Field.text("label", "Label", "A name").error("Too long")),
                            "Create key"))))
        .withErrors(List.of(new Page.Link("Too long", "#f-label")));
  }

  @Test
  void render_escapesEveryValue() {
    String html =
        Pages.render(Frame.adminPage("/admin/services", "tok"), page("<script>x</script>"));
    assertThat(html)
        .doesNotContain("<script>x</script>")
        .contains("&lt;script&gt;x&lt;/script&gt;");
  }

  @Test
  void render_adminFormsCarryTheCsrfToken_andErrorsAreSummarisedAndLinked() {
    String html = Pages.render(Frame.adminPage("/admin/services", "tok-123"), page("v"));
    assertThat(html)
        .contains("<title>Error: Keys – Steward</title>")
        .contains("<a href=\"#f-label\">Too long</a>")
        .contains("name=\"csrf\" value=\"tok-123\"")
        .contains("aria-describedby=\"f-label-hint f-label-error\"")
        .contains("govuk-table__header--numeric")
        .contains("<th scope=\"row\" class=\"govuk-table__header\">v</th>");
  }

  @Test
  void render_marksTheCurrentNavigationItem() {
    String html =
        Pages.render(Frame.publicPage("/atrs/justice/courts"), Page.of("ATRS", List.of()));
    assertThat(html).contains("href=\"/atrs\" aria-current=\"page\"");
    assertThat(html).doesNotContain("href=\"/benefits\" aria-current");
  }

  @Test
  void render_emptyTableShowsItsEmptyText() {
    Page p =
        Page.of(
            "T",
            List.of(
                Section.of("S")
                    .table(
                        Table.of("c", List.of(Table.Header.text("a")), List.of(), "Nothing yet"))));
    assertThat(Pages.render(Frame.publicPage("/"), p))
        .contains("Nothing yet")
        .doesNotContain("<table");
  }

  @Test
  void standalone_inlinesTheStylesAndLoadsNothing() {
    String html = Pages.standalone(page("v"));
    assertThat(html)
        .contains(".govuk-summary-list")
        .doesNotContain("<script")
        .doesNotContain("<link");
    assertThat(html).doesNotContain("url(/assets");
  }

  @Test
  void table_rowOfTheWrongWidth_rejects() {
    assertThatThrownBy(
            () ->
                Table.of(
                    "c",
                    List.of(Table.Header.text("a"), Table.Header.text("b")),
                    List.of(Table.Row.of(Table.Cell.text("1"))),
                    ""))
        .hasMessageContaining("expected: 2");
  }
}
