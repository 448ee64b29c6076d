package dev.steward.tlog;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Offline evidence that entries are in a transparency log: a signed checkpoint and, for each entry,
 * its bytes, its index and its inclusion proof in the checkpoint's tree. Anyone holding the log's
 * verifier key can check it without contacting the log. The JSON form is {@link ReceiptCodec}'s,
 * specified in {@code docs/spec/receipt.md}.
 *
 * <p>The receipt names its verifier key, but a key read from the receipt proves only that the
 * receipt is self-consistent; pass the log's known key to {@link #verify(NoteVerifier)} to prove
 * the entries were logged by that log.
 *
 * @param origin the log's origin: the verifier key's name and the checkpoint's first line
 * @param verifierKey the log's verifier key string, {@code <name>+<hex id>+<base64 key>}
 * @param checkpoint the signed checkpoint note: text, blank line, signature lines
 * @param entries at least one entry, each with its inclusion proof in the checkpoint's tree
 */
public record Receipt(String origin, String verifierKey, String checkpoint, List<Entry> entries) {
  /** The receipt format version this class reads and writes. */
  public static final int VERSION = 1;

  /**
   * One logged entry.
   *
   * @param index the entry's index in the log, unsigned
   * @param entry the entry's bytes, at most {@value TileCodec#MAX_ENTRY_BYTES}
   * @param inclusionProof the RFC 6962 inclusion proof in the checkpoint's tree, leaf side first
   */
  @SuppressWarnings("ArrayRecordComponent") // copied in and out; equals and hashCode use contents
  public record Entry(long index, byte[] entry, List<Hash> inclusionProof) {
    /** The longest proof a tree of 2^64 leaves can need. */
    static final int MAX_PROOF_HASHES = 64;

    public Entry {
      entry = entry.clone();
      inclusionProof = List.copyOf(inclusionProof);
      if (entry.length > TileCodec.MAX_ENTRY_BYTES) {
        throw TlogException.malformed(
            "receipt entry: "
                + entry.length
                + " bytes (expected: at most "
                + TileCodec.MAX_ENTRY_BYTES
                + ")");
      }
      if (inclusionProof.size() > MAX_PROOF_HASHES) {
        throw TlogException.malformed(
            "receipt inclusion proof: "
                + inclusionProof.size()
                + " hashes (expected: at most "
                + MAX_PROOF_HASHES
                + ")");
      }
    }

    /** A copy of the entry's bytes. */
    @Override
    public byte[] entry() {
      return entry.clone();
    }

    /** The entry's RFC 6962 leaf hash. */
    public Hash leafHash() {
      return Merkle.leafHash(entry);
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Entry e
          && e.index == index
          && Arrays.equals(e.entry, entry)
          && e.inclusionProof.equals(inclusionProof);
    }

    @Override
    public int hashCode() {
      return (Long.hashCode(index) * 31 + Arrays.hashCode(entry)) * 31 + inclusionProof.hashCode();
    }

    @Override
    public String toString() {
      return "Entry[index="
          + Long.toUnsignedString(index)
          + ", entry="
          + Base64.getEncoder().encodeToString(entry)
          + ", inclusionProof="
          + inclusionProof
          + "]";
    }
  }

  public Receipt {
    entries = List.copyOf(entries);
    NoteVerifier key = NoteVerifier.parse(verifierKey);
    if (!origin.equals(key.name())) {
      throw TlogException.malformed(
          "receipt origin: '"
              + Encoding.shorten(origin)
              + "' (expected: '"
              + key.name()
              + "', the verifier key's name)");
    }
    Note.requireText(checkpoint);
    if (entries.isEmpty()) {
      throw TlogException.malformed("receipt entries: none (expected: at least one)");
    }
  }

  /** A receipt for {@code entries} under a checkpoint signed by the key of {@code log}. */
  public static Receipt of(NoteVerifier log, byte[] signedCheckpoint, List<Entry> entries) {
    return new Receipt(
        log.name(), log.toString(), new String(signedCheckpoint, StandardCharsets.UTF_8), entries);
  }

  /**
   * Verifies the receipt with the key it names. This proves only self-consistency: prefer {@link
   * #verify(NoteVerifier)} with the log's key obtained independently.
   */
  public Checkpoint verify() {
    return verify(NoteVerifier.parse(verifierKey));
  }

  /**
   * Verifies the receipt against the log's key: the receipt must name that key, the checkpoint must
   * carry its valid signature, and every entry's leaf hash and inclusion proof must lead to the
   * checkpoint's root at its size. Returns the checkpoint; throws {@link TlogException} otherwise
   * ({@code NO_TRUSTED_SIGNATURE} for another key, {@code BAD_SIGNATURE}, {@code MALFORMED}, {@code
   * INVALID_PROOF} naming the entry).
   */
  public Checkpoint verify(NoteVerifier logKey) {
    if (!logKey.equals(NoteVerifier.parse(verifierKey))) {
      throw new TlogException(
          TlogException.Code.NO_TRUSTED_SIGNATURE,
          "receipt verifier_key: "
              + Encoding.shorten(verifierKey)
              + " (expected: "
              + logKey
              + ", the pinned key)");
    }
    Checkpoint cp = Checkpoint.verify(checkpoint.getBytes(StandardCharsets.UTF_8), logKey);
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      try {
        ProofVerifier.verifyInclusion(
            e.leafHash(), e.index(), cp.size(), e.inclusionProof(), cp.root());
      } catch (TlogException ex) {
        throw new TlogException(
            ex.code(),
            "receipt entry "
                + i
                + " (index "
                + Long.toUnsignedString(e.index())
                + "): "
                + ex.getMessage(),
            ex);
      }
    }
    return cp;
  }
}
