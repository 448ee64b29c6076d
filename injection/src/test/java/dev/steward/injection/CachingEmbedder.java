package dev.steward.injection;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Remembers embeddings by window (its word-piece ids), in memory and optionally in a file under
 * {@code target/}, so that retraining or re-evaluating does not embed the same windows again. Only
 * a speed-up: the embeddings are those of the wrapped model (the file is keyed by its SHA-256).
 */
final class CachingEmbedder implements Embedder {
  private static final int MAGIC = 0x53_49_45_32; // "SIE2"

  private final Embedder inner;
  private final Map<String, float[]> cache = new HashMap<>();
  private int misses;

  CachingEmbedder(Embedder inner) {
    this.inner = inner;
  }

  @Override
  public float[] embed(int[] window) {
    String key = key(window);
    synchronized (this) {
      float[] hit = cache.get(key);
      if (hit != null) {
        return hit;
      }
      misses++;
    }
    float[] e = inner.embed(window);
    synchronized (this) {
      cache.put(key, e);
    }
    return e;
  }

  /** Word-piece ids are below 65,536: one char each. */
  private static String key(int[] window) {
    char[] chars = new char[window.length];
    for (int i = 0; i < window.length; i++) {
      chars[i] = (char) window[i];
    }
    return new String(chars);
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
        char[] key = new char[in.readInt()];
        for (int k = 0; k < key.length; k++) {
          key[k] = in.readChar();
        }
        float[] v = new float[in.readInt()];
        for (int k = 0; k < v.length; k++) {
          v[k] = in.readFloat();
        }
        cache.put(new String(key), v);
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
          out.writeInt(e.getKey().length());
          out.writeChars(e.getKey());
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
