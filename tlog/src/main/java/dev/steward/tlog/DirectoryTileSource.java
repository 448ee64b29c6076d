package dev.steward.tlog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** A {@link TileSource} reading a log directory in the tlog-tiles layout. */
final class DirectoryTileSource implements TileSource {
  private final Path dir;

  DirectoryTileSource(Path dir) {
    this.dir = dir;
  }

  @Override
  public Optional<byte[]> read(String path) throws IOException {
    Tiles.requireResourcePath(path);
    Path file = dir.resolve(path);
    try (InputStream in = Files.newInputStream(file)) {
      return Optional.of(Tiles.readLimited(in, path));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return dir.toString();
  }
}
