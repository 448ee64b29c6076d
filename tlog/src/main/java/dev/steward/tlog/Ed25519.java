package dev.steward.tlog;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;

/** Raw 32-byte Ed25519 keys (RFC 8032 encodings) over the JDK's built-in provider. */
final class Ed25519 {
  static final int KEY_SIZE = 32;
  static final int SIGNATURE_SIZE = 64;

  private Ed25519() {}

  static PrivateKey privateKey(byte[] seed) {
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519: unavailable (expected: in every JDK 15+)", e);
    }
  }

  /**
   * The public key of a seed. The JDK derives public keys only while generating a pair, so the
   * generator is fed the seed as its randomness: it reads exactly 32 bytes, the private key.
   */
  static byte[] publicKey(byte[] seed) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
      g.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
      return encode((EdECPublicKey) g.generateKeyPair().getPublic());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519: unavailable (expected: in every JDK 15+)", e);
    }
  }

  /** Decodes an RFC 8032 public key; throws {@link TlogException} if the JDK refuses it. */
  static PublicKey publicKeyFromBytes(byte[] raw) {
    byte[] le = raw.clone();
    boolean xOdd = (le[KEY_SIZE - 1] & 0x80) != 0;
    le[KEY_SIZE - 1] &= 0x7f;
    byte[] be = new byte[KEY_SIZE];
    for (int i = 0; i < KEY_SIZE; i++) {
      be[i] = le[KEY_SIZE - 1 - i];
    }
    try {
      return KeyFactory.getInstance("Ed25519")
          .generatePublic(
              new EdECPublicKeySpec(
                  NamedParameterSpec.ED25519, new EdECPoint(xOdd, new BigInteger(1, be))));
    } catch (GeneralSecurityException e) {
      throw TlogException.malformed("Ed25519 public key: rejected (expected: a valid point)");
    }
  }

  static byte[] sign(PrivateKey key, byte[] message) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key);
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519: signing failed", e);
    }
  }

  static boolean verify(PublicKey key, byte[] message, byte[] signature) {
    if (signature.length != SIGNATURE_SIZE) {
      return false;
    }
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(message);
      return s.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static byte[] encode(EdECPublicKey key) {
    EdECPoint p = key.getPoint();
    byte[] be = p.getY().toByteArray();
    byte[] le = new byte[KEY_SIZE];
    for (int i = 0; i < be.length && i < KEY_SIZE; i++) {
      le[i] = be[be.length - 1 - i];
    }
    if (p.isXOdd()) {
      le[KEY_SIZE - 1] |= (byte) 0x80;
    }
    return le;
  }

  /** Randomness that is a fixed seed: only for deriving a public key from a private one. */
  private static final class SeedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] seed;

    SeedRandom(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      if (bytes.length != seed.length) {
        throw new IllegalStateException(
            "seed request: " + bytes.length + " bytes (expected: " + seed.length + ")");
      }
      System.arraycopy(seed, 0, bytes, 0, seed.length);
    }
  }
}
