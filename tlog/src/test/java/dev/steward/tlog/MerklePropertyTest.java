package dev.steward.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The fast tree code against {@link ReferenceMerkle}, the RFC's definitions applied naively. */
class MerklePropertyTest {

  @Property(tries = 100)
  void treeEdge_grownInRandomBatches_hasReferenceRootAndTiles(
      @ForAll @IntRange(min = 0, max = 700) int size,
      @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 1, max = 300) Integer> batches) {
    ReferenceMerkle ref = ReferenceMerkle.ofSize(size);
    TreeEdge edge = TreeEdge.empty();
    List<TreeEdge.TileWrite> writes = new ArrayList<>();
    int next = 0;
    for (int b = 0; next < size; b = (b + 1) % batches.size()) {
      int n = Math.min(batches.get(b), size - next);
      List<byte[]> entries = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        entries.add(ReferenceMerkle.entry(next + i));
      }
      TreeEdge.Growth g = edge.append(entries);
      writes.addAll(g.writes());
      edge = g.next();
      next += n;
      assertThat(edge.root().bytes()).isEqualTo(ref.root(next));
    }
    assertThat(edge.size()).isEqualTo(size);
    assertThat(edge.root().bytes()).isEqualTo(ref.root(size));
    for (TreeEdge.TileWrite w : writes) {
      TilePath p = w.path();
      if (p.entries()) {
        List<byte[]> got = TileCodec.decodeEntryBundle(w.data());
        for (int i = 0; i < got.size(); i++) {
          assertThat(got.get(i)).isEqualTo(ReferenceMerkle.entry(p.index() * 256 + i));
        }
      } else {
        List<Hash> got = TileCodec.decodeHashTile(w.data());
        int span = 1 << (8 * p.level());
        for (int i = 0; i < got.size(); i++) {
          int node = (int) p.index() * 256 + i;
          assertThat(got.get(i).bytes()).isEqualTo(ref.mth(node * span, (node + 1) * span));
        }
      }
    }
  }

  @Property(tries = 200)
  void inclusionProof_matchesReferenceAndVerifies(
      @ForAll @IntRange(min = 1, max = 600) int size,
      @ForAll @IntRange(min = 0, max = 599) int index) {
    Assume.that(index < size);
    ReferenceMerkle ref = ReferenceMerkle.ofSize(size);
    List<Hash> proof = Proofs.inclusion(index, size, ref.nodes());
    assertThat(b64(proof))
        .isEqualTo(ref.path(index, 0, size).stream().map(Hash::of).map(Hash::base64).toList());
    Hash root = Hash.of(ref.root(size));
    assertThat(Proofs.root(size, ref.nodes())).isEqualTo(root);
    Hash leaf = Hash.of(ref.leafHash(index));
    ProofVerifier.verifyInclusion(leaf, index, size, proof, root);
    assertThat(ProofVerifier.rootFromInclusion(leaf, index, size, proof)).isEqualTo(root);
  }

  @Property(tries = 200)
  void inclusionProof_anyAlteration_isRejected(
      @ForAll @IntRange(min = 2, max = 600) int size,
      @ForAll @IntRange(min = 0, max = 599) int index,
      @ForAll @IntRange(min = 0, max = 255) int bit,
      @ForAll @IntRange(min = 0, max = 20) int at,
      @ForAll @IntRange(min = 1, max = 600) int otherIndex) {
    Assume.that(index < size);
    ReferenceMerkle ref = ReferenceMerkle.ofSize(size);
    List<Hash> proof = Proofs.inclusion(index, size, ref.nodes());
    Hash root = Hash.of(ref.root(size));
    Hash leaf = Hash.of(ref.leafHash(index));
    if (!proof.isEmpty()) {
      List<Hash> flipped = new ArrayList<>(proof);
      flipped.set(at % proof.size(), flip(proof.get(at % proof.size()), bit));
      assertRejected(() -> ProofVerifier.verifyInclusion(leaf, index, size, flipped, root));
    }
    assertRejected(() -> ProofVerifier.verifyInclusion(flip(leaf, bit), index, size, proof, root));
    assertRejected(() -> ProofVerifier.verifyInclusion(leaf, index, size, proof, flip(root, bit)));
    int wrong = otherIndex % size;
    Assume.that(wrong != index);
    assertRejected(() -> ProofVerifier.verifyInclusion(leaf, wrong, size, proof, root));
  }

  @Property(tries = 200)
  void consistencyProof_matchesReferenceAndVerifies(
      @ForAll @IntRange(min = 1, max = 600) int size1,
      @ForAll @IntRange(min = 1, max = 600) int size2) {
    Assume.that(size1 <= size2);
    ReferenceMerkle ref = ReferenceMerkle.ofSize(size2);
    List<Hash> proof = Proofs.consistency(size1, size2, ref.nodes());
    assertThat(b64(proof))
        .isEqualTo(ref.consistency(size1, size2).stream().map(Hash::of).map(Hash::base64).toList());
    Hash root1 = Hash.of(ref.root(size1));
    Hash root2 = Hash.of(ref.root(size2));
    ProofVerifier.verifyConsistency(size1, size2, proof, root1, root2);
    if (size1 < size2) {
      assertRejected(() -> ProofVerifier.verifyConsistency(size1, size2, proof, root2, root2));
      assertRejected(() -> ProofVerifier.verifyConsistency(size1 + 1, size2, proof, root1, root2));
      List<Hash> flipped = new ArrayList<>(proof);
      flipped.set(0, flip(proof.get(0), 7));
      assertRejected(() -> ProofVerifier.verifyConsistency(size1, size2, flipped, root1, root2));
    }
  }

  @Example
  void treeEdge_threeTileLevels_matchesReferenceRoot() {
    int size = 70_000;
    ReferenceMerkle ref = ReferenceMerkle.ofSize(size);
    List<byte[]> entries = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      entries.add(ReferenceMerkle.entry(i));
    }
    TreeEdge edge = TreeEdge.empty().append(entries.subList(0, 65_535)).next();
    TreeEdge.Growth g = edge.append(entries.subList(65_535, size));
    assertThat(g.next().root().bytes()).isEqualTo(ref.root(size));
    assertThat(g.writes().stream().map(w -> w.path().toString()))
        .contains(
            "tile/0/255",
            "tile/1/000",
            "tile/entries/255",
            "tile/2/000.p/1",
            "tile/1/001.p/17",
            "tile/0/273.p/112",
            "tile/entries/273.p/112");
  }

  private static List<String> b64(List<Hash> hashes) {
    return hashes.stream().map(Hash::base64).toList();
  }

  private static Hash flip(Hash h, int bit) {
    byte[] b = h.bytes();
    b[bit / 8 % Hash.SIZE] ^= (byte) (1 << (bit % 8));
    return Hash.of(b);
  }

  private static void assertRejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            TlogException.class,
            e -> assertThat(e.code()).isEqualTo(TlogException.Code.INVALID_PROOF));
  }
}
