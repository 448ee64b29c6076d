package dev.steward.tlog;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where a reader of a C2SP tlog-tiles log gets its resources: the {@code checkpoint} and the tile
 * paths ({@code tile/<L>/<N>[.p/<W>]}, {@code tile/entries/<N>[.p/<W>]}) relative to the log's
 * prefix. A source only fetches bytes; {@link LogAuditor} and {@link LogReader} decide whether to
 * trust them.
 */
@FunctionalInterface
public interface TileSource {
  /** The resource name of the signed checkpoint. */
  String CHECKPOINT = "checkpoint";

  /**
   * The bytes at {@code path} ({@value #CHECKPOINT} or a canonical tile path), or empty if the
   * source does not have it (a missing file, HTTP 404). Throws {@link IOException} when the source
   * cannot answer.
   */
  Optional<byte[]> read(String path) throws IOException;

  /** The log stored in {@code dir} in the tlog-tiles layout, as {@link TileLog} writes it. */
  static TileSource directory(Path dir) {
    return new DirectoryTileSource(dir);
  }

  /**
   * The log served over HTTP(S) under {@code prefix} (for example {@code
   * https://log.example/log/}), fetched with a 10-second connect timeout and a 30-second request
   * timeout.
   */
  static TileSource http(URI prefix) {
    return http(
        prefix,
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build(),
        Duration.ofSeconds(30));
  }

  /** Like {@link #http(URI)} with a given client and per-request timeout. */
  static TileSource http(URI prefix, HttpClient client, Duration timeout) {
    return new HttpTileSource(prefix, client, timeout);
  }

  /**
   * An open log read in-process: its latest checkpoint and the tiles it covers, so the gateway can
   * audit its own log with the same code an outsider uses.
   */
  static TileSource of(TileLog log) {
    return path -> path.equals(CHECKPOINT) ? Optional.of(log.checkpoint()) : log.read(path);
  }
}
