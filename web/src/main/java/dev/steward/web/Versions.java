package dev.steward.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The versions of the WebJars on the class path, read from their Maven metadata. */
final class Versions {
  static final String GOVUK_FRONTEND = of("govuk-frontend");
  static final String UPLOT = of("uplot");

  private Versions() {}

  private static String of(String artifact) {
    String path = "META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
    try (InputStream in = Versions.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("WebJar " + artifact + ": not on the class path");
      }
      Properties p = new Properties();
      p.load(in);
      String version = p.getProperty("version");
      if (version == null) {
        throw new IllegalStateException(path + ": no version");
      }
      return version;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
