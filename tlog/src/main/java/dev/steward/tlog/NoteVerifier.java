package dev.steward.tlog;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * An Ed25519 verifier key of the C2SP signed-note format, written {@code <name>+<hex key
 * ID>+<base64(0x01 || public key)>}, as golang.org/x/mod/sumdb/note spells it.
 */
public final class NoteVerifier {
  static final byte ED25519 = 0x01;

  private final String name;
  private final int keyId;
  private final byte[] publicKey;
  private final PublicKey key;

  private NoteVerifier(String name, byte[] publicKey) {
    this.name = name;
    this.publicKey = publicKey.clone();
    this.keyId = keyId(name, publicKey);
    this.key = Ed25519.publicKeyFromBytes(publicKey);
  }

  static NoteVerifier of(String name, byte[] publicKey) {
    return new NoteVerifier(name, publicKey);
  }

  /** Parses a verifier key; throws {@link TlogException} (MALFORMED) if any part is wrong. */
  public static NoteVerifier parse(String vkey) {
    int plus1 = vkey.indexOf('+');
    int plus2 = plus1 < 0 ? -1 : vkey.indexOf('+', plus1 + 1);
    if (plus2 < 0) {
      throw TlogException.malformed("verifier key: not name+hex+base64 (expected: three parts)");
    }
    String name = vkey.substring(0, plus1);
    int id = parseKeyId(vkey.substring(plus1 + 1, plus2), "verifier key");
    byte[] key = Encoding.base64(vkey.substring(plus2 + 1), "verifier key");
    requireName(name, "verifier key name");
    if (key.length != 1 + Ed25519.KEY_SIZE || key[0] != ED25519) {
      throw TlogException.malformed(
          "verifier key: "
              + key.length
              + " bytes of type "
              + (key.length == 0 ? "none" : key[0])
              + " (expected: 33 bytes of type 1, Ed25519)");
    }
    NoteVerifier v = new NoteVerifier(name, java.util.Arrays.copyOfRange(key, 1, key.length));
    if (v.keyId != id) {
      throw TlogException.malformed(
          "verifier key ID: "
              + hex(id)
              + " (expected: "
              + hex(v.keyId)
              + ", the hash of its name and key)");
    }
    return v;
  }

  /** The key name, which for a log's key is the log's origin. */
  public String name() {
    return name;
  }

  /** The 32-bit key ID: the first four bytes of SHA-256(name || 0x0A || 0x01 || public key). */
  public int keyId() {
    return keyId;
  }

  /** The raw 32-byte Ed25519 public key. */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  boolean verify(byte[] text, byte[] signature) {
    return Ed25519.verify(key, text, signature);
  }

  /** The verifier key string. */
  @Override
  public String toString() {
    return name
        + "+"
        + hex(keyId)
        + "+"
        + Base64.getEncoder().encodeToString(Encoding.concat(new byte[] {ED25519}, publicKey));
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof NoteVerifier v && v.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  static int keyId(String name, byte[] publicKey) {
    byte[] digest =
        Merkle.sha256()
            .digest(
                Encoding.concat(
                    name.getBytes(StandardCharsets.UTF_8), new byte[] {'\n', ED25519}, publicKey));
    return ((digest[0] & 0xff) << 24)
        | ((digest[1] & 0xff) << 16)
        | ((digest[2] & 0xff) << 8)
        | (digest[3] & 0xff);
  }

  static String hex(int keyId) {
    return HexFormat.of().toHexDigits(keyId);
  }

  static int parseKeyId(String hex, String what) {
    if (hex.length() != 8 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128)) {
      throw TlogException.malformed(what + " ID: not 8 hex digits (expected: e.g. 530d903a)");
    }
    return Integer.parseUnsignedInt(hex, 16);
  }

  /**
   * Key names are non-empty, valid Unicode, and hold no spaces (Unicode white space) and no '+'.
   */
  static boolean validName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      if (Character.isSurrogate((char) cp)
          || cp == '+'
          || Character.isSpaceChar(cp)
          || (cp >= 0x09 && cp <= 0x0d)
          || cp == 0x85) {
        return false;
      }
      i += Character.charCount(cp);
    }
    return true;
  }

  static void requireName(String name, String what) {
    if (!validName(name)) {
      throw TlogException.malformed(
          what + ": '" + Encoding.shorten(name) + "' (expected: non-empty, no spaces, no '+')");
    }
  }
}
