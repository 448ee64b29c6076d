package dev.steward.tlog;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * An Ed25519 signer of C2SP signed notes. Its key string is {@code PRIVATE+KEY+<name>+<hex key
 * ID>+<base64(0x01 || 32-byte seed)>}, the form golang.org/x/mod/sumdb/note reads and writes.
 * Signatures are deterministic (RFC 8032). {@link #toString()} never reveals the private key; only
 * {@link #privateKeyString()} does.
 */
public final class NoteSigner {
  private static final String PREFIX = "PRIVATE+KEY+";

  private final byte[] seed;
  private final PrivateKey key;
  private final NoteVerifier verifier;

  private NoteSigner(String name, byte[] seed) {
    this.seed = seed.clone();
    this.key = Ed25519.privateKey(seed);
    this.verifier = NoteVerifier.of(name, Ed25519.publicKey(seed));
  }

  /** A new signer with a random key. */
  public static NoteSigner generate(String name) {
    NoteVerifier.requireName(name, "signer name");
    byte[] seed = new byte[Ed25519.KEY_SIZE];
    new SecureRandom().nextBytes(seed);
    return new NoteSigner(name, seed);
  }

  /** Parses a signer key string; throws {@link TlogException} (MALFORMED) if any part is wrong. */
  public static NoteSigner parse(String skey) {
    if (!skey.startsWith(PREFIX)) {
      throw TlogException.malformed("signer key: no PRIVATE+KEY+ prefix (expected: a signer key)");
    }
    String rest = skey.substring(PREFIX.length());
    int plus1 = rest.indexOf('+');
    int plus2 = plus1 < 0 ? -1 : rest.indexOf('+', plus1 + 1);
    if (plus2 < 0) {
      throw TlogException.malformed(
          "signer key: not PRIVATE+KEY+name+hex+base64 (expected: five parts)");
    }
    String name = rest.substring(0, plus1);
    int id = NoteVerifier.parseKeyId(rest.substring(plus1 + 1, plus2), "signer key");
    byte[] key = Encoding.base64(rest.substring(plus2 + 1), "signer key");
    NoteVerifier.requireName(name, "signer key name");
    if (key.length != 1 + Ed25519.KEY_SIZE || key[0] != NoteVerifier.ED25519) {
      throw TlogException.malformed(
          "signer key: " + key.length + " bytes (expected: 33 bytes of type 1, Ed25519)");
    }
    NoteSigner s = new NoteSigner(name, Arrays.copyOfRange(key, 1, key.length));
    Arrays.fill(key, (byte) 0);
    if (s.keyId() != id) {
      throw TlogException.malformed(
          "signer key ID: "
              + NoteVerifier.hex(id)
              + " (expected: "
              + NoteVerifier.hex(s.keyId())
              + ", the hash of its name and public key)");
    }
    return s;
  }

  public String name() {
    return verifier.name();
  }

  public int keyId() {
    return verifier.keyId();
  }

  /** The matching verifier, whose {@code toString()} is the public verifier key string. */
  public NoteVerifier verifier() {
    return verifier;
  }

  /** The secret signer key string; keep it out of logs. */
  public String privateKeyString() {
    return PREFIX
        + name()
        + "+"
        + NoteVerifier.hex(keyId())
        + "+"
        + Base64.getEncoder()
            .encodeToString(Encoding.concat(new byte[] {NoteVerifier.ED25519}, seed));
  }

  /**
   * Signs {@code text} (which must end in a newline) and returns the signed note: the text, a blank
   * line and one signature line.
   */
  public byte[] sign(String text) {
    Note.requireText(text);
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    Note.Signature sig = new Note.Signature(name(), keyId(), signatureBase64(body));
    return new Note(text, java.util.List.of(sig)).toBytes();
  }

  String signatureBase64(byte[] text) {
    byte[] raw = Ed25519.sign(key, text);
    byte[] id = {
      (byte) (keyId() >>> 24), (byte) (keyId() >>> 16), (byte) (keyId() >>> 8), (byte) keyId()
    };
    return Base64.getEncoder().encodeToString(Encoding.concat(id, raw));
  }

  @Override
  public String toString() {
    return "NoteSigner[" + name() + "+" + NoteVerifier.hex(keyId()) + "]";
  }
}
