package dev.steward.server;

import dev.steward.tlog.TileLog;
import dev.steward.tlog.TilePath;
import dev.steward.tlog.TlogException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * Serves the transparency log under {@code /log/} as C2SP tlog-tiles static resources, so any
 * tlog-tiles client can read and audit it without Steward's help: {@code checkpoint} (mutable:
 * cached for two seconds at most), {@code tile/<L>/<N>[.p/<W>]} and {@code
 * tile/entries/<N>[.p/<W>]} (immutable: cached for a year; entry bundles gzipped when the client
 * accepts it), and {@code verifier-key}, the key that signs the checkpoints, as text. Public: no
 * key is needed. Reads files; call off the event loop.
 */
final class LogHandler {
  static final String PREFIX = "/log/";
  private static final String IMMUTABLE = "public, max-age=31536000, immutable";
  private static final String TEXT = "text/plain; charset=utf-8";
  private static final String BYTES = "application/octet-stream";

  private final TileLog log;

  LogHandler(TileLog log) {
    this.log = log;
  }

  /** The resource at {@code path} (below {@link #PREFIX}). */
  Served serve(String path, boolean acceptsGzip) {
    switch (path) {
      case "checkpoint" -> {
        return new Served(
            200, TEXT, Map.of("Cache-Control", "public, max-age=2"), log.checkpoint());
      }
      case "verifier-key" -> {
        return new Served(
            200,
            TEXT,
            Map.of("Cache-Control", "public, max-age=300"),
            (log.verifier() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      default -> {}
    }
    TilePath tile;
    try {
      tile = TilePath.parse(path);
    } catch (TlogException e) {
      return notFound(path);
    }
    Optional<byte[]> data = log.read(tile);
    if (data.isEmpty()) {
      return notFound(path);
    }
    if (tile.entries() && acceptsGzip) {
      return new Served(
          200,
          BYTES,
          Map.of("Cache-Control", IMMUTABLE, "Content-Encoding", "gzip", "Vary", "Accept-Encoding"),
          gzip(data.get()));
    }
    return new Served(
        200,
        BYTES,
        tile.entries()
            ? Map.of("Cache-Control", IMMUTABLE, "Vary", "Accept-Encoding")
            : Map.of("Cache-Control", IMMUTABLE),
        data.get());
  }

  private static Served notFound(String path) {
    return new Served(
        404,
        TEXT,
        Map.of("Cache-Control", "no-store"),
        ("not found: " + HttpFront.clip(PREFIX + path) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 3 + 64);
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
