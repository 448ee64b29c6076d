package dev.steward.web;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The static files under {@code /assets/}: GOV.UK Frontend's style sheet, script, fonts and images
 * (where its style sheet expects them), uPlot, and Steward's own script. Only these; a path is
 * looked up by prefix and never resolved against a directory, so {@code ..} leads nowhere.
 */
public final class Assets {
  public static final String PREFIX = "/assets/";
  private static final String GOVUK =
      "META-INF/resources/webjars/govuk-frontend/" + Versions.GOVUK_FRONTEND + "/dist/govuk/";
  private static final String UPLOT =
      "META-INF/resources/webjars/uplot/" + Versions.UPLOT + "/dist/";
  private static final String OWN = "dev/steward/web/static/";

  /** Request path prefix → class-path prefix. */
  private static final Map<String, String> ROOTS =
      Map.of(
          "/assets/govuk-frontend.min.css", GOVUK + "govuk-frontend.min.css",
          "/assets/govuk-frontend.min.js", GOVUK + "govuk-frontend.min.js",
          "/assets/fonts/", GOVUK + "assets/fonts/",
          "/assets/images/", GOVUK + "assets/images/",
          "/assets/rebrand/", GOVUK + "assets/rebrand/",
          "/assets/uplot/uPlot.iife.min.js", UPLOT + "uPlot.iife.min.js",
          "/assets/uplot/uPlot.min.css", UPLOT + "uPlot.min.css",
          "/assets/steward/", OWN);

  private static final Map<String, Optional<Asset>> CACHE = new ConcurrentHashMap<>();

  private Assets() {}

  /** The asset at request path {@code path}, if there is one. */
  public static Optional<Asset> find(String path) {
    if (!path.startsWith(PREFIX) || path.contains("..") || path.contains("//")) {
      return Optional.empty();
    }
    return CACHE.computeIfAbsent(path, Assets::load);
  }

  private static Optional<Asset> load(String path) {
    for (Map.Entry<String, String> root : ROOTS.entrySet()) {
      String from = root.getKey();
      boolean dir = from.endsWith("/");
      if (dir ? path.startsWith(from) && path.length() > from.length() : path.equals(from)) {
        String resource = dir ? root.getValue() + path.substring(from.length()) : root.getValue();
        String type = contentType(path);
        if (type == null || Assets.class.getClassLoader().getResource(resource) == null) {
          return Optional.empty();
        }
        return Optional.of(new Asset(Pages.resource(resource), type, !root.getValue().equals(OWN)));
      }
    }
    return Optional.empty();
  }

  private static @org.jspecify.annotations.Nullable String contentType(String path) {
    int dot = path.lastIndexOf('.');
    String ext = dot < 0 ? "" : path.substring(dot + 1);
    return switch (ext) {
      case "css" -> "text/css; charset=utf-8";
      case "js" -> "text/javascript; charset=utf-8";
      case "woff2" -> "font/woff2";
      case "woff" -> "font/woff";
      case "svg" -> "image/svg+xml";
      case "png" -> "image/png";
      case "ico" -> "image/x-icon";
      default -> null;
    };
  }
}
