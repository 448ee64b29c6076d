package dev.steward.tlog;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Objects;

/** Paths of the copied reference data under {@code src/test/resources/tlog}. */
final class TestData {
  static final String TESSERA_SIGNER =
      "PRIVATE+KEY+example.com/log/testdata+33d7b496+AeymY/SZAX0jZcJ8enZ5FY1Dz+wTML2yWSkK+9DSF3eg";
  static final String TESSERA_VERIFIER =
      "example.com/log/testdata+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx";
  static final String[] TESSERA_ENTRIES = {
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eit",
    "nain",
    "ten",
    "ileven",
    "twelf",
    "threeten",
    "fourten",
    "fivten"
  };

  private TestData() {}

  static Path root() {
    URL url = Objects.requireNonNull(TestData.class.getResource("/tlog/PROVENANCE.md"));
    try {
      return Objects.requireNonNull(Path.of(url.toURI()).getParent());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path path(String relative) {
    return root().resolve(relative);
  }
}
