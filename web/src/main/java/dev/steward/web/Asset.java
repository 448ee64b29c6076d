package dev.steward.web;

import java.util.Objects;

/**
 * A static file served with the pages.
 *
 * @param immutable whether its content is fixed by the build (a WebJar's file), so that it may be
 *     cached for a day
 */
public record Asset(byte[] bytes, String contentType, boolean immutable) {
  public Asset {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(contentType, "contentType");
  }
}
