package dev.steward.injection;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Remembers embeddings by window text, in memory and optionally in a file under {@code target/}, so
 * that retraining or re-evaluating does not embed the same windows again. Only a speed-up: the
 * embeddings are those of the wrapped model (the file is keyed by its SHA-256).
 */
final class CachingEmbedder implements Embedder {
  private static final int MAGIC = 0x53_49_45_31; // "SIE1"

  private final Embedder inner;
  private final Map<String, float[]> cache = new HashMap<>();
  private int misses;

  CachingEmbedder(Embedder inner) {
    this.inner = inner;
  }

  @Override
  public synchronized float[] embed(String text) {
    float[] hit = cache.get(text);
    if (hit != null) {
      return hit;
    }
    misses++;
    float[] e = inner.embed(text);
    cache.put(text, e);
    return e;
  }

  @Override
  public String modelSha256() {
    return inner.modelSha256();
  }

  synchronized int misses() {
    return misses;
  }

  synchronized void load(Path file) {
    if (!Files.isRegularFile(file)) {
      return;
    }
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      if (in.readInt() != MAGIC || !in.readUTF().equals(inner.modelSha256())) {
        return;
      }
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        byte[] key = new byte[in.readInt()];
        in.readFully(key);
        float[] v = new float[in.readInt()];
        for (int k = 0; k < v.length; k++) {
          v[k] = in.readFloat();
        }
        cache.put(new String(key, StandardCharsets.UTF_8), v);
      }
    } catch (IOException e) {
      cache.clear();
    }
  }

  synchronized void save(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (DataOutputStream out =
          new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
        out.writeInt(MAGIC);
        out.writeUTF(inner.modelSha256());
        out.writeInt(cache.size());
        for (Map.Entry<String, float[]> e : cache.entrySet()) {
          byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
          out.writeInt(key.length);
          out.write(key);
          out.writeInt(e.getValue().length);
          for (float f : e.getValue()) {
            out.writeFloat(f);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
