package dev.steward.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AssetsTest {
  @Test
  void find_servesGovukFrontendFromItsWebJar_whereItsStyleSheetExpectsFonts() {
    assertThat(Assets.find("/assets/govuk-frontend.min.css"))
        .get()
        .satisfies(
            a -> {
              assertThat(a.contentType()).startsWith("text/css");
              assertThat(new String(a.bytes(), java.nio.charset.StandardCharsets.UTF_8))
                  .contains("url(/assets/fonts/");
            });
    assertThat(Assets.find("/assets/fonts/bold-b542beb274-v2.woff2"))
        .get()
        .extracting(Asset::contentType)
        .isEqualTo("font/woff2");
    assertThat(Assets.find("/assets/uplot/uPlot.iife.min.js")).isPresent();
    assertThat(Assets.find("/assets/steward/steward.js"))
        .get()
        .extracting(Asset::immutable)
        .isEqualTo(false);
  }

  @Test
  void find_refusesTraversalUnknownFilesAndOtherPrefixes() {
    assertThat(Assets.find("/assets/steward/../templates/page.mustache")).isEmpty();
    assertThat(Assets.find("/assets/steward/missing.js")).isEmpty();
    assertThat(Assets.find("/assets/fonts/")).isEmpty();
    assertThat(Assets.find("/assets/images/../../package.json")).isEmpty();
    assertThat(Assets.find("/other/govuk-frontend.min.css")).isEmpty();
    assertThat(Assets.find("/assets/uplot/uPlot.cjs.js")).isEmpty();
  }
}
