package dev.steward.tlog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The two tlog-tiles payloads: hash tiles (concatenated 32-byte hashes) and entry bundles (entries,
 * each prefixed with its length as a big-endian uint16). Decoders throw {@link TlogException}
 * (MALFORMED) and nothing else.
 */
public final class TileCodec {
  /** The largest entry a bundle can hold: the uint16 length prefix caps it. */
  public static final int MAX_ENTRY_BYTES = 0xffff;

  private TileCodec() {}

  public static byte[] encodeHashTile(List<Hash> hashes) {
    byte[] out = new byte[hashes.size() * Hash.SIZE];
    for (int i = 0; i < hashes.size(); i++) {
      hashes.get(i).copyTo(out, i * Hash.SIZE);
    }
    return out;
  }

  /** Decodes a hash tile of 1 to 256 hashes. */
  public static List<Hash> decodeHashTile(byte[] tile) {
    if (tile.length == 0
        || tile.length % Hash.SIZE != 0
        || tile.length > TilePath.FULL_WIDTH * Hash.SIZE) {
      throw TlogException.malformed(
          "hash tile: " + tile.length + " bytes (expected: a multiple of 32, 32..8192)");
    }
    List<Hash> out = new ArrayList<>(tile.length / Hash.SIZE);
    for (int at = 0; at < tile.length; at += Hash.SIZE) {
      out.add(Hash.of(tile, at));
    }
    return out;
  }

  public static byte[] encodeEntryBundle(List<byte[]> entries) {
    int n = 0;
    for (byte[] e : entries) {
      requireEntrySize(e.length);
      n += 2 + e.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] e : entries) {
      out[at++] = (byte) (e.length >>> 8);
      out[at++] = (byte) e.length;
      System.arraycopy(e, 0, out, at, e.length);
      at += e.length;
    }
    return out;
  }

  /** Decodes an entry bundle of 1 to 256 entries. */
  public static List<byte[]> decodeEntryBundle(byte[] bundle) {
    List<byte[]> out = new ArrayList<>();
    int at = 0;
    while (at < bundle.length) {
      if (out.size() == TilePath.FULL_WIDTH) {
        throw TlogException.malformed(
            "entry bundle: more than 256 entries (expected: at most 256)");
      }
      if (bundle.length - at < 2) {
        throw TlogException.malformed("entry bundle: truncated length at byte " + at);
      }
      int len = ((bundle[at] & 0xff) << 8) | (bundle[at + 1] & 0xff);
      at += 2;
      if (bundle.length - at < len) {
        throw TlogException.malformed(
            "entry bundle: entry of " + len + " bytes at byte " + at + " runs past the end");
      }
      out.add(Arrays.copyOfRange(bundle, at, at + len));
      at += len;
    }
    if (out.isEmpty()) {
      throw TlogException.malformed("entry bundle: empty (expected: 1..256 entries)");
    }
    return out;
  }

  static void requireEntrySize(int length) {
    if (length > MAX_ENTRY_BYTES) {
      throw entryTooLarge(length);
    }
  }

  static TlogException entryTooLarge(int length) {
    return new TlogException(
        TlogException.Code.ENTRY_TOO_LARGE,
        "entry: "
            + length
            + " bytes (expected: at most "
            + MAX_ENTRY_BYTES
            + ", the tlog-tiles uint16 length limit)");
  }
}
