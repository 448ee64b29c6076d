package dev.steward.tlog;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A C2SP signed note: a text ending in a newline, a blank line, and one or more signature lines
 * {@code — <key name> base64(key ID || signature)}. {@link #parse} checks the syntax only; {@link
 * #verify} applies the trust rules: signatures by unknown keys are ignored, a signature by a known
 * key that fails rejects the whole note, and at least one known key must have signed.
 *
 * @param text the signed text, including its final newline
 * @param signatures the signature lines in order, as parsed
 */
public record Note(String text, List<Signature> signatures) {
  /** The largest note {@link #parse} reads. */
  public static final int MAX_BYTES = 1 << 20;

  /** The most signature lines {@link #parse} reads. */
  public static final int MAX_SIGNATURES = 100;

  private static final String SIG_PREFIX = "\u2014 ";

  /**
   * One signature line.
   *
   * @param name the key name
   * @param keyId the key ID (the first four bytes of the decoded signature)
   * @param base64 the base64 of key ID and signature, as written on the line
   */
  public record Signature(String name, int keyId, String base64) {
    public Signature {
      NoteVerifier.requireName(name, "signature key name");
      byte[] raw = Encoding.base64(base64, "signature");
      if (raw.length < 5) {
        throw TlogException.malformed("signature: " + raw.length + " bytes (expected: at least 5)");
      }
      if (keyIdOf(raw) != keyId) {
        throw TlogException.malformed("signature key ID: does not match its first four bytes");
      }
    }

    /** The signature proper, without the four key ID bytes. */
    byte[] signature() {
      byte[] raw = Encoding.base64(base64, "signature");
      return Arrays.copyOfRange(raw, 4, raw.length);
    }
  }

  public Note {
    requireText(text);
    signatures = List.copyOf(signatures);
    if (signatures.isEmpty()) {
      throw TlogException.malformed("note: no signatures (expected: at least one)");
    }
  }

  /** Parses a signed note; throws {@link TlogException} (MALFORMED) if it breaks the format. */
  public static Note parse(byte[] message) {
    if (message.length > MAX_BYTES) {
      throw TlogException.malformed(
          "note: " + message.length + " bytes (expected: at most " + MAX_BYTES + ")");
    }
    String s;
    try {
      s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(message))
              .toString();
    } catch (CharacterCodingException e) {
      throw TlogException.malformed("note: invalid UTF-8 (expected: UTF-8 text)");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 && c != '\n') {
        throw TlogException.malformed(
            "note: control character 0x"
                + Integer.toHexString(c)
                + " (expected: none but newline)");
      }
    }
    int split = s.lastIndexOf("\n\n");
    if (split < 0) {
      throw TlogException.malformed("note: no blank line before signatures (expected: one)");
    }
    String text = s.substring(0, split + 1);
    String block = s.substring(split + 2);
    if (block.isEmpty() || block.charAt(block.length() - 1) != '\n') {
      throw TlogException.malformed(
          "note: signature block does not end in newline (expected: it does)");
    }
    List<Signature> sigs = new ArrayList<>();
    for (String line : block.substring(0, block.length() - 1).split("\n", -1)) {
      if (sigs.size() == MAX_SIGNATURES) {
        throw TlogException.malformed(
            "note: more than " + MAX_SIGNATURES + " signatures (expected: at most that many)");
      }
      if (!line.startsWith(SIG_PREFIX)) {
        throw TlogException.malformed("note: signature line without '— ' (expected: '— name sig')");
      }
      String rest = line.substring(SIG_PREFIX.length());
      int space = rest.indexOf(' ');
      if (space < 0) {
        throw TlogException.malformed("note: signature line without a space (expected: name sig)");
      }
      String name = rest.substring(0, space);
      String b64 = rest.substring(space + 1);
      byte[] raw = Encoding.base64(b64, "signature");
      sigs.add(new Signature(name, raw.length < 4 ? 0 : keyIdOf(raw), b64));
    }
    return new Note(text, sigs);
  }

  /**
   * Verifies the note against the known keys and returns those whose signatures verified, in
   * signature order. Throws {@link TlogException}: {@code BAD_SIGNATURE} if a signature by a known
   * key (same name and key ID) fails, {@code NO_TRUSTED_SIGNATURE} if no known key signed.
   * Signatures by unknown keys, and repeated signatures by one key, are ignored.
   */
  public List<NoteVerifier> verify(Collection<NoteVerifier> known) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    Set<NoteVerifier> seen = new HashSet<>();
    List<NoteVerifier> verified = new ArrayList<>();
    for (Signature sig : signatures) {
      NoteVerifier v = find(known, sig);
      if (v == null || !seen.add(v)) {
        continue;
      }
      if (!v.verify(body, sig.signature())) {
        throw new TlogException(
            TlogException.Code.BAD_SIGNATURE,
            "note signature: by "
                + sig.name()
                + "+"
                + NoteVerifier.hex(sig.keyId())
                + " does not verify (expected: a valid signature by this known key)");
      }
      verified.add(v);
    }
    if (verified.isEmpty()) {
      throw new TlogException(
          TlogException.Code.NO_TRUSTED_SIGNATURE,
          "note: no signature by a known key (expected: one by "
              + known.stream().map(k -> k.name() + "+" + NoteVerifier.hex(k.keyId())).toList()
              + ")");
    }
    return List.copyOf(verified);
  }

  /** The note as bytes: text, blank line, signature lines. */
  public byte[] toBytes() {
    StringBuilder b = new StringBuilder(text).append('\n');
    for (Signature s : signatures) {
      b.append(SIG_PREFIX).append(s.name()).append(' ').append(s.base64()).append('\n');
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static @org.jspecify.annotations.Nullable NoteVerifier find(
      Collection<NoteVerifier> known, Signature sig) {
    for (NoteVerifier v : known) {
      if (v.keyId() == sig.keyId() && v.name().equals(sig.name())) {
        return v;
      }
    }
    return null;
  }

  private static int keyIdOf(byte[] raw) {
    return ((raw[0] & 0xff) << 24)
        | ((raw[1] & 0xff) << 16)
        | ((raw[2] & 0xff) << 8)
        | (raw[3] & 0xff);
  }

  static void requireText(String text) {
    if (text.isEmpty() || text.charAt(text.length() - 1) != '\n') {
      throw TlogException.malformed("note text: does not end in newline (expected: it does)");
    }
  }
}
