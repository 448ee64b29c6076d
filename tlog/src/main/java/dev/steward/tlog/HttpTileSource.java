package dev.steward.tlog;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * A {@link TileSource} fetching a log served over HTTP(S). It asks for {@code gzip} or {@code
 * identity} (tlog-tiles lets logs compress entry bundles without negotiation) and inflates gzip
 * bodies itself, bounded like every other body.
 */
final class HttpTileSource implements TileSource {
  private final URI prefix;
  private final HttpClient client;
  private final Duration timeout;

  HttpTileSource(URI prefix, HttpClient client, Duration timeout) {
    String scheme = prefix.getScheme();
    if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException(
          "log URL: " + prefix + " (expected: an http:// or https:// prefix)");
    }
    String s = prefix.toString();
    this.prefix = s.endsWith("/") ? prefix : URI.create(s + "/");
    this.client = client;
    this.timeout = timeout;
  }

  @Override
  public Optional<byte[]> read(String path) throws IOException {
    Tiles.requireResourcePath(path);
    URI uri = prefix.resolve(path);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Accept-Encoding", "gzip, identity")
            .GET()
            .build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("GET " + uri + ": interrupted", e);
    }
    try (InputStream body = response.body()) {
      int status = response.statusCode();
      if (status == 404 || status == 410) {
        return Optional.empty();
      }
      if (status != 200) {
        throw new IOException("GET " + uri + ": status " + status + " (expected: 200 or 404)");
      }
      boolean gzip =
          response
              .headers()
              .firstValue("Content-Encoding")
              .map(v -> v.strip().equalsIgnoreCase("gzip"))
              .orElse(false);
      try (InputStream in = gzip ? new GZIPInputStream(body) : body) {
        return Optional.of(Tiles.readLimited(in, uri.toString()));
      }
    }
  }

  @Override
  public String toString() {
    return prefix.toString();
  }
}
