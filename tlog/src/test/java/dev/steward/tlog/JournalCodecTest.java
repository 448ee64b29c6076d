package dev.steward.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * Journal records round-trip, any single damaged byte is rejected, and a journal scan ends at the
 * first damaged record.
 */
class JournalCodecTest {

  @Property(tries = 300)
  void encode_thenDecode_roundTrips(
      @ForAll long epoch,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE - 100) long first,
      @ForAll @Size(min = 1, max = 40) List<@Size(max = 300) byte[]> entries) {
    List<byte[]> records = JournalCodec.encode(epoch, first, entries);
    assertThat(records).hasSize(1);
    assertThat((long) records.get(0).length).isEqualTo(JournalCodec.encodedBytes(entries));
    JournalCodec.Record r = JournalCodec.decode(records.get(0));
    assertThat(r.epoch()).isEqualTo(epoch);
    assertThat(r.first()).isEqualTo(first);
    assertThat(r.end()).isEqualTo(first + entries.size());
    assertThat(r.entries()).containsExactlyElementsOf(entries);
  }

  @Property(tries = 1000)
  void anySingleDamagedByte_isRejected(
      @ForAll long epoch,
      @ForAll @LongRange(min = 0, max = 1L << 40) long first,
      @ForAll @Size(min = 1, max = 10) List<@Size(max = 40) byte[]> entries,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int position,
      @ForAll @IntRange(min = 1, max = 255) int flip) {
    byte[] record = JournalCodec.encode(epoch, first, entries).get(0);
    record[position % record.length] ^= (byte) flip;
    assertThatThrownBy(() -> JournalCodec.decode(record))
        .isInstanceOfSatisfying(
            TlogException.class, e -> assertThat(e.code()).isEqualTo(TlogException.Code.MALFORMED));
  }

  @Property(tries = 50)
  void scan_endsAtTheFirstDamagedRecord(
      @ForAll @IntRange(min = 1, max = 8) int records,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int position,
      @ForAll @IntRange(min = 1, max = 255) int flip)
      throws IOException {
    List<byte[]> encoded = new ArrayList<>();
    int total = 0;
    for (int i = 0; i < records; i++) {
      byte[] r = JournalCodec.encode(9, 100 + 3L * i, entries(100 + 3 * i, 3)).get(0);
      encoded.add(r);
      total += r.length;
    }
    int damaged = position % total;
    int whole = 0;
    for (int end = 0; end + encoded.get(whole).length <= damaged; whole++) {
      end += encoded.get(whole).length;
    }
    encoded.get(whole)[damaged - offset(encoded, whole)] ^= (byte) flip;
    Path dir = Files.createTempDirectory("journal-scan");
    try {
      JournalTest.writeJournal(dir, encoded);
      List<JournalCodec.Record> scanned = Journal.records(dir.resolve(Journal.FILE));
      assertThat(scanned).hasSize(whole);
      assertThat(Journal.entriesBeyond(dir, 100)).hasSize(3 * whole);
    } finally {
      delete(dir);
    }
  }

  @Example
  void largeBatches_takeSeveralRecords_eachWithinTheBodyLimit() {
    List<byte[]> entries = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      entries.add(new byte[TileCodec.MAX_ENTRY_BYTES - i]);
    }
    List<byte[]> records = JournalCodec.encode(1, 1000, entries);
    assertThat(records).hasSizeGreaterThan(2);
    long next = 1000;
    List<byte[]> decoded = new ArrayList<>();
    long bytes = 0;
    for (byte[] r : records) {
      assertThat(r.length)
          .isLessThanOrEqualTo(
              JournalCodec.HEADER_BYTES + JournalCodec.MAX_BODY_BYTES + JournalCodec.CRC_BYTES);
      JournalCodec.Record d = JournalCodec.decode(r);
      assertThat(d.first()).isEqualTo(next);
      next = d.end();
      decoded.addAll(d.entries());
      bytes += r.length;
    }
    assertThat(decoded).containsExactlyElementsOf(entries);
    assertThat(bytes).isEqualTo(JournalCodec.encodedBytes(entries));
  }

  private static int offset(List<byte[]> records, int index) {
    int at = 0;
    for (int i = 0; i < index; i++) {
      at += records.get(i).length;
    }
    return at;
  }

  private static List<byte[]> entries(long first, int n) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(ReferenceMerkle.entry(first + i));
    }
    return out;
  }

  private static void delete(Path dir) {
    try {
      Files.deleteIfExists(dir.resolve(Journal.FILE));
      Files.delete(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
