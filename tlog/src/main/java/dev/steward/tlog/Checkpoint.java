package dev.steward.tlog;

import java.util.List;

/**
 * A C2SP tlog-checkpoint: the note text naming a log's origin, its tree size and its RFC 6962 root
 * hash, then optional extension lines. The size is unsigned 64-bit.
 *
 * @param origin the log's identity, non-empty; by convention the signing key's name
 * @param size the number of leaves
 * @param root the Merkle tree hash of those leaves
 * @param extensions opaque non-empty lines after the root, usually none
 */
public record Checkpoint(String origin, long size, Hash root, List<String> extensions) {
  public Checkpoint {
    requireLine(origin, "checkpoint origin");
    extensions = List.copyOf(extensions);
    for (String e : extensions) {
      requireLine(e, "checkpoint extension line");
    }
  }

  /** A checkpoint with no extension lines. */
  public static Checkpoint of(String origin, long size, Hash root) {
    return new Checkpoint(origin, size, root, List.of());
  }

  /** Parses checkpoint note text; throws {@link TlogException} (MALFORMED) if it is malformed. */
  public static Checkpoint parse(String text) {
    if (text.isEmpty() || text.charAt(text.length() - 1) != '\n') {
      throw TlogException.malformed("checkpoint: does not end in newline (expected: it does)");
    }
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    if (lines.length < 3) {
      throw TlogException.malformed(
          "checkpoint: " + lines.length + " lines (expected: origin, size, root hash)");
    }
    long size = Encoding.unsignedDecimal(lines[1], "checkpoint size");
    Hash root = Hash.fromBase64(lines[2]);
    return new Checkpoint(lines[0], size, root, List.of(lines).subList(3, lines.length));
  }

  /**
   * Parses a signed checkpoint and checks it: the note must carry a valid signature by {@code
   * logKey} (other signatures, such as witness cosignatures, are ignored), and the origin must be
   * the key's name.
   */
  public static Checkpoint verify(byte[] signedNote, NoteVerifier logKey) {
    Note note = Note.parse(signedNote);
    note.verify(List.of(logKey));
    Checkpoint c = parse(note.text());
    if (!c.origin().equals(logKey.name())) {
      throw new TlogException(
          TlogException.Code.BAD_SIGNATURE,
          "checkpoint origin: '"
              + Encoding.shorten(c.origin())
              + "' (expected: '"
              + logKey.name()
              + "', the log key's name)");
    }
    return c;
  }

  /**
   * The note text: origin, size and base64 root hash, then extension lines, each ending in newline.
   */
  public String text() {
    StringBuilder b =
        new StringBuilder(origin)
            .append('\n')
            .append(Long.toUnsignedString(size))
            .append('\n')
            .append(root.base64())
            .append('\n');
    for (String e : extensions) {
      b.append(e).append('\n');
    }
    return b.toString();
  }

  /** This checkpoint as a note signed by {@code signer}. */
  public byte[] sign(NoteSigner signer) {
    return signer.sign(text());
  }

  private static void requireLine(String line, String what) {
    if (line.isEmpty() || line.indexOf('\n') >= 0) {
      throw TlogException.malformed(what + ": empty or multi-line (expected: one non-empty line)");
    }
  }
}
