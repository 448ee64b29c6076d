package dev.steward.core;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** One part of a message's content: text, or an image given by URL or inline base64 data. */
public sealed interface ContentPart {

  /** Plain text. */
  record Text(String text) implements ContentPart {
    public Text {
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * An image. Exactly one of {@code url} (http, https) or {@code base64Data} (with its {@code
   * mediaType}) is set; {@code detail} is OpenAI's optional fidelity hint.
   */
  record Image(
      @Nullable String url,
      @Nullable String mediaType,
      @Nullable String base64Data,
      @Nullable String detail)
      implements ContentPart {
    public Image {
      if ((url == null) == (base64Data == null)) {
        throw new IllegalArgumentException("image: exactly one of url or base64 data expected");
      }
      if (base64Data != null && mediaType == null) {
        throw new IllegalArgumentException("image: base64 data needs a media type");
      }
    }

    public static Image ofUrl(String url, @Nullable String detail) {
      return new Image(url, null, null, detail);
    }

    public static Image ofBase64(String mediaType, String data, @Nullable String detail) {
      return new Image(null, mediaType, data, detail);
    }

    /** The image as a URL: its own, or a {@code data:} URL built from the inline data. */
    public String asUrl() {
      if (url != null) {
        return url;
      }
      return "data:" + mediaType + ";base64," + base64Data;
    }
  }

  static ContentPart text(String text) {
    return new Text(text);
  }
}
