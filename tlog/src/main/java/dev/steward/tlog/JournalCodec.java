package dev.steward.tlog;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The records of a log's journal ({@link Journal}): one or more per journaled batch, each holding
 * consecutive entries. Big-endian:
 *
 * <pre>
 *   magic    4 bytes  "TLJR"
 *   version  4 bytes  1
 *   epoch    8 bytes  drawn at random each time the journal restarts at offset 0
 *   first    8 bytes  index of the first entry, below 2^63
 *   count    4 bytes  number of entries, at least 1
 *   length   4 bytes  byte length of the entries, at most {@value #MAX_BODY_BYTES}
 *   entries  length bytes: count × (uint16 length ‖ entry)
 *   crc      4 bytes  CRC32C of every byte above
 * </pre>
 *
 * Decoders throw {@link TlogException} (MALFORMED) and nothing else.
 */
final class JournalCodec {
  static final int MAGIC = 0x544c4a52;
  static final int VERSION = 1;
  static final int HEADER_BYTES = 32;
  static final int CRC_BYTES = 4;

  /**
   * The most entry bytes one record holds; a batch beyond it takes several records. Room for the
   * largest entry, with its length prefix.
   */
  static final int MAX_BODY_BYTES = 1 << 20;

  /**
   * A decoded record.
   *
   * @param epoch the journal's epoch when the record was written
   * @param first the index of the first entry
   * @param entries the entries, in index order
   */
  record Record(long epoch, long first, List<byte[]> entries) {
    Record {
      entries = List.copyOf(entries);
    }

    /** The index after the last entry. */
    long end() {
      return first + entries.size();
    }
  }

  private JournalCodec() {}

  /**
   * Encodes entries starting at index {@code first} as records of at most {@link #MAX_BODY_BYTES}
   * entry bytes each, in order.
   */
  static List<byte[]> encode(long epoch, long first, List<byte[]> entries) {
    List<byte[]> records = new ArrayList<>();
    int from = 0;
    int body = 0;
    for (int i = 0; i < entries.size(); i++) {
      int size = 2 + entries.get(i).length;
      if (body + size > MAX_BODY_BYTES) {
        records.add(encodeRecord(epoch, first + from, entries.subList(from, i), body));
        from = i;
        body = 0;
      }
      body += size;
    }
    if (from < entries.size()) {
      records.add(encodeRecord(epoch, first + from, entries.subList(from, entries.size()), body));
    }
    return records;
  }

  /**
   * The end of the longest run of entries from {@code from} whose {@link #encode encoding} takes at
   * most {@code maxBytes}; at least {@code from + 1}.
   */
  static int fitting(List<byte[]> entries, int from, long maxBytes) {
    long total = 0;
    int body = 0;
    for (int i = from; i < entries.size(); i++) {
      int size = 2 + entries.get(i).length;
      if (body + size > MAX_BODY_BYTES) {
        total += HEADER_BYTES + body + CRC_BYTES;
        body = 0;
      }
      body += size;
      if (i > from && total + HEADER_BYTES + body + CRC_BYTES > maxBytes) {
        return i;
      }
    }
    return entries.size();
  }

  /** The bytes {@link #encode} produces for {@code entries}. */
  static long encodedBytes(List<byte[]> entries) {
    long total = 0;
    int body = 0;
    for (byte[] e : entries) {
      int size = 2 + e.length;
      if (body + size > MAX_BODY_BYTES) {
        total += HEADER_BYTES + body + CRC_BYTES;
        body = 0;
      }
      body += size;
    }
    return body == 0 ? total : total + HEADER_BYTES + body + CRC_BYTES;
  }

  private static byte[] encodeRecord(long epoch, long first, List<byte[]> entries, int body) {
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + body + CRC_BYTES);
    b.putInt(MAGIC)
        .putInt(VERSION)
        .putLong(epoch)
        .putLong(first)
        .putInt(entries.size())
        .putInt(body);
    for (byte[] e : entries) {
      TileCodec.requireEntrySize(e.length);
      b.putShort((short) e.length).put(e);
    }
    b.putInt(crc(b.array(), HEADER_BYTES + body));
    return b.array();
  }

  /**
   * The total length of the record that starts with {@code header} (its first {@link #HEADER_BYTES}
   * bytes); throws MALFORMED if they are not a record header.
   */
  static int recordLength(byte[] header) {
    if (header.length < HEADER_BYTES) {
      throw TlogException.malformed(
          "journal record: " + header.length + " header bytes (expected: " + HEADER_BYTES + ")");
    }
    ByteBuffer b = ByteBuffer.wrap(header);
    int magic = b.getInt();
    if (magic != MAGIC) {
      throw TlogException.malformed(
          "journal record magic: 0x" + Integer.toHexString(magic) + " (expected: 0x544c4a52)");
    }
    int version = b.getInt();
    if (version != VERSION) {
      throw TlogException.malformed(
          "journal record version: " + version + " (expected: " + VERSION + ")");
    }
    long first = b.getLong(16);
    int count = b.getInt(24);
    int body = b.getInt(28);
    if (body < 2 || body > MAX_BODY_BYTES) {
      throw TlogException.malformed(
          "journal record length: " + body + " (expected: 2.." + MAX_BODY_BYTES + ")");
    }
    if (count < 1 || count > body / 2) {
      throw TlogException.malformed(
          "journal record count: " + count + " (expected: 1.." + body / 2 + ")");
    }
    if (first < 0 || first > Long.MAX_VALUE - count) {
      throw TlogException.malformed(
          "journal record first index: "
              + Long.toUnsignedString(first)
              + " (expected: below 2^63 - "
              + count
              + ")");
    }
    return HEADER_BYTES + body + CRC_BYTES;
  }

  /** Decodes one whole record; throws MALFORMED if it is not exactly one valid record. */
  static Record decode(byte[] record) {
    int length = recordLength(record);
    if (record.length != length) {
      throw TlogException.malformed(
          "journal record: " + record.length + " bytes (expected: " + length + ")");
    }
    int crcAt = length - CRC_BYTES;
    ByteBuffer b = ByteBuffer.wrap(record);
    int stored = b.getInt(crcAt);
    int actual = crc(record, crcAt);
    if (stored != actual) {
      throw TlogException.malformed(
          "journal record crc: "
              + Integer.toHexString(stored)
              + " (expected: "
              + Integer.toHexString(actual)
              + ")");
    }
    long epoch = b.getLong(8);
    long first = b.getLong(16);
    int count = b.getInt(24);
    List<byte[]> entries = new ArrayList<>(count);
    int at = HEADER_BYTES;
    for (int i = 0; i < count; i++) {
      if (crcAt - at < 2) {
        throw TlogException.malformed(
            "journal record: entry " + i + " of " + count + " runs past the end");
      }
      int len = Short.toUnsignedInt(b.getShort(at));
      at += 2;
      if (crcAt - at < len) {
        throw TlogException.malformed(
            "journal record: entry " + i + " of " + len + " bytes runs past the end");
      }
      entries.add(Arrays.copyOfRange(record, at, at + len));
      at += len;
    }
    if (at != crcAt) {
      throw TlogException.malformed(
          "journal record: " + (crcAt - at) + " bytes after the last entry (expected: none)");
    }
    return new Record(epoch, first, entries);
  }

  private static int crc(byte[] data, int length) {
    CRC32C c = new CRC32C();
    c.update(data, 0, length);
    return (int) c.getValue();
  }
}
