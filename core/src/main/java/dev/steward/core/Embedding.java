package dev.steward.core;

import java.util.Arrays;

/** One text's vector. The array is the caller's to keep: it is copied in and out. */
public record Embedding(int index, float[] vector) {
  public Embedding {
    vector = vector.clone();
  }

  @Override
  public float[] vector() {
    return vector.clone();
  }

  public int dimensions() {
    return vector.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Embedding e && e.index == index && Arrays.equals(e.vector, vector);
  }

  @Override
  public int hashCode() {
    return 31 * index + Arrays.hashCode(vector);
  }

  @Override
  public String toString() {
    return "Embedding[index=" + index + ", dimensions=" + vector.length + "]";
  }
}
