package dev.steward.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * Every proof vector of transparency-dev/merkle: valid ones verify, invalid ones are rejected with
 * INVALID_PROOF. Vectors whose hashes are all 32 bytes also go through the public, {@link
 * Hash}-typed API with the same outcome.
 */
class MerkleVectorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TestFactory
  Stream<DynamicTest> inclusion() throws IOException {
    return vectors("inclusion")
        .map(
            f ->
                test(
                    f,
                    v -> {
                      long index = u64(v, "leafIdx");
                      long size = u64(v, "treeSize");
                      byte[] leaf = b64(v, "leafHash");
                      byte[] root = b64(v, "root");
                      List<byte[]> proof = proof(v);
                      Executable raw =
                          () -> ProofVerifier.verifyInclusion(index, size, leaf, proof, root);
                      @Nullable Executable typed =
                          allHashes(proof, leaf, root)
                              ? () ->
                                  ProofVerifier.verifyInclusion(
                                      Hash.of(leaf), index, size, hashes(proof), Hash.of(root))
                              : null;
                      return new Case(raw, typed);
                    }));
  }

  @TestFactory
  Stream<DynamicTest> consistency() throws IOException {
    return vectors("consistency")
        .map(
            f ->
                test(
                    f,
                    v -> {
                      long size1 = u64(v, "size1");
                      long size2 = u64(v, "size2");
                      byte[] root1 = b64(v, "root1");
                      byte[] root2 = b64(v, "root2");
                      List<byte[]> proof = proof(v);
                      Executable raw =
                          () -> ProofVerifier.verifyConsistency(size1, size2, proof, root1, root2);
                      @Nullable Executable typed =
                          allHashes(proof, root1, root2)
                              ? () ->
                                  ProofVerifier.verifyConsistency(
                                      size1, size2, hashes(proof), Hash.of(root1), Hash.of(root2))
                              : null;
                      return new Case(raw, typed);
                    }));
  }

  @TestFactory
  Stream<DynamicTest> subtreeInclusion() throws IOException {
    return vectors("subtreeinclusion")
        .map(
            f ->
                test(
                    f,
                    v ->
                        new Case(
                            () ->
                                ProofVerifier.verifySubtreeInclusion(
                                    u64(v, "leafIdx"),
                                    u64(v, "start"),
                                    u64(v, "end"),
                                    b64(v, "leafHash"),
                                    proof(v),
                                    b64(v, "root")),
                            null)));
  }

  @TestFactory
  Stream<DynamicTest> subtreeConsistency() throws IOException {
    return vectors("subtreeconsistency")
        .map(
            f ->
                test(
                    f,
                    v ->
                        new Case(
                            () ->
                                ProofVerifier.verifySubtreeConsistency(
                                    u64(v, "start"),
                                    u64(v, "end"),
                                    u64(v, "size"),
                                    proof(v),
                                    b64(v, "root1"),
                                    b64(v, "root2")),
                            null)));
  }

  @Test
  void vectors_areAllPresent() throws IOException {
    try (Stream<Path> all = Files.walk(TestData.path("merkle-vectors"))) {
      assertThat(all.filter(p -> p.toString().endsWith(".json")).count()).isEqualTo(518);
    }
  }

  private record Case(Executable raw, @Nullable Executable typed) {}

  @FunctionalInterface
  private interface CaseFactory {
    Case make(JsonNode vector) throws Exception;
  }

  private static DynamicTest test(Path file, CaseFactory factory) {
    Path base = TestData.path("merkle-vectors");
    return DynamicTest.dynamicTest(
        base.relativize(file).toString(),
        () -> {
          JsonNode v = JSON.readTree(file.toFile());
          boolean wantErr = v.get("wantErr").asBoolean();
          Case c = factory.make(v);
          List<Executable> runs = new ArrayList<>();
          runs.add(c.raw());
          Executable typed = c.typed();
          if (typed != null) {
            runs.add(typed);
          }
          for (Executable run : runs) {
            if (wantErr) {
              assertThatThrownBy(run::execute)
                  .as(v.get("desc").asText())
                  .isInstanceOfSatisfying(
                      TlogException.class,
                      e -> assertThat(e.code()).isEqualTo(TlogException.Code.INVALID_PROOF));
            } else {
              assertThatCode(run::execute).as(v.get("desc").asText()).doesNotThrowAnyException();
            }
          }
        });
  }

  private static Stream<Path> vectors(String kind) throws IOException {
    try (Stream<Path> all = Files.walk(TestData.path("merkle-vectors").resolve(kind))) {
      return all.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  private static long u64(JsonNode v, String field) {
    return new BigInteger(v.get(field).asText()).longValue();
  }

  private static byte[] b64(JsonNode v, String field) {
    JsonNode n = v.get(field);
    return n == null || n.isNull() ? new byte[0] : Base64.getDecoder().decode(n.asText());
  }

  private static List<byte[]> proof(JsonNode v) {
    List<byte[]> out = new ArrayList<>();
    JsonNode p = v.get("proof");
    if (p != null && !p.isNull()) {
      p.forEach(h -> out.add(Base64.getDecoder().decode(h.asText())));
    }
    return out;
  }

  private static boolean allHashes(List<byte[]> proof, byte[]... hashes) {
    return Stream.concat(proof.stream(), Stream.of(hashes)).allMatch(h -> h.length == Hash.SIZE);
  }

  private static List<Hash> hashes(List<byte[]> proof) {
    return proof.stream().map(Hash::of).toList();
  }
}
