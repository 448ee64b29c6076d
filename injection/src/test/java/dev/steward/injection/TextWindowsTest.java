package dev.steward.injection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class TextWindowsTest {
  private static final WordPieceTokenizer TOKENIZER = TestDetector.tokenizer();

  @Test
  void normalize_dropsInvisibleCharactersAndCollapsesSpace() {
    assertThat(TextWindows.normalize("  Ig\u200Bnore\n\n\tthe\u00A0rules\uDB40\uDC41 "))
        .isEqualTo("Ignore the rules");
  }

  @Property(tries = 200)
  void windows_anyText_areBoundedFramedAndLoseNoPiece(
      @ForAll @StringLength(max = 3000) String text, @ForAll @IntRange(min = 1, max = 126) int w) {
    WordPieceTokenizer.Tokens tokens = TOKENIZER.tokenize(TextWindows.normalize(text));
    List<int[]> windows = tokens.windows(w);
    List<Integer> joined = new ArrayList<>();
    for (int[] window : windows) {
      assertThat(window.length).isBetween(3, w + 2);
      assertThat(window[0]).isEqualTo(WordPieceTokenizer.CLS);
      assertThat(window[window.length - 1]).isEqualTo(WordPieceTokenizer.SEP);
      Arrays.stream(window, 1, window.length - 1).forEach(joined::add);
    }
    assertThat(joined).containsExactlyElementsOf(Arrays.stream(tokens.ids()).boxed().toList());
  }

  @Test
  void windows_areAboutEqualAndCutBetweenWords() {
    String text = "The library opens at nine and closes at seven on weekdays. ".repeat(30);
    WordPieceTokenizer.Tokens tokens = TOKENIZER.tokenize(text);
    List<int[]> windows = tokens.windows(126);
    int n = windows.size();
    assertThat(n).isEqualTo((tokens.size() + 125) / 126);
    int smallest = windows.stream().mapToInt(x -> x.length).min().orElseThrow();
    int largest = windows.stream().mapToInt(x -> x.length).max().orElseThrow();
    assertThat(largest - smallest).isLessThan(15);
    int offset = 0;
    for (int[] window : windows) {
      assertThat(tokens.wordStart()[offset]).isTrue();
      offset += window.length - 2;
    }
  }

  @Test
  void windows_emptyText_none() {
    assertThat(TOKENIZER.tokenize(TextWindows.normalize(" \u200B ")).windows(126)).isEmpty();
  }

  @Test
  void sample_keepsFirstAndLastAndSpreadsTheRest() {
    List<String> windows = IntStream.range(0, 20).mapToObj(Integer::toString).toList();
    assertThat(TextWindows.sample(windows, 4)).containsExactly("0", "6", "13", "19");
    assertThat(TextWindows.sample(windows, 1)).containsExactly("0");
    assertThat(TextWindows.sample(windows, 30)).isEqualTo(windows);
  }
}
