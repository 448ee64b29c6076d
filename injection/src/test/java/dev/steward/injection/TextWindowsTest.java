package dev.steward.injection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class TextWindowsTest {
  @Test
  void normalize_dropsInvisibleCharactersAndCollapsesSpace() {
    assertThat(TextWindows.normalize("  Ig\u200Bnore\n\n\tthe\u00A0rules\uDB40\uDC41 "))
        .isEqualTo("Ignore the rules");
  }

  @Property(tries = 200)
  void split_anyText_windowsAreBoundedAndLoseNoCharacters(
      @ForAll @StringLength(max = 3000) String text, @ForAll @IntRange(min = 10, max = 500) int w) {
    String norm = TextWindows.normalize(text);
    List<String> windows = TextWindows.split(norm, w);
    assertThat(windows).allSatisfy(s -> assertThat(s.length()).isBetween(1, w));
    assertThat(String.join("", windows).replace(" ", "")).isEqualTo(norm.replace(" ", ""));
  }

  @Test
  void sample_keepsFirstAndLastAndSpreadsTheRest() {
    List<String> windows = IntStream.range(0, 20).mapToObj(Integer::toString).toList();
    assertThat(TextWindows.sample(windows, 4)).containsExactly("0", "6", "13", "19");
    assertThat(TextWindows.sample(windows, 1)).containsExactly("0");
    assertThat(TextWindows.sample(windows, 30)).isEqualTo(windows);
  }
}
