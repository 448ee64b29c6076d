package dev.steward.server;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request ids: {@code req_} + 13 base-32 digits of the start time in microseconds + a per-process
 * random prefix and counter, so ids sort by time and never repeat within a process.
 */
final class RequestIds {
  private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
  private static final AtomicLong COUNTER = new AtomicLong(new SecureRandom().nextLong() >>> 24);

  private RequestIds() {}

  /** The next id, stamped with the clock's time. */
  static String next(java.time.InstantSource clock) {
    java.time.Instant now = clock.instant();
    return next(now.getEpochSecond() * 1_000_000L + now.getNano() / 1000);
  }

  static String next(long epochMicros) {
    char[] out = new char[4 + 13 + 8];
    out[0] = 'r';
    out[1] = 'e';
    out[2] = 'q';
    out[3] = '_';
    long t = epochMicros;
    for (int i = 16; i >= 4; i--) {
      out[i] = ALPHABET[(int) (t & 31)];
      t >>>= 5;
    }
    long c = COUNTER.getAndIncrement();
    for (int i = 24; i >= 17; i--) {
      out[i] = ALPHABET[(int) (c & 31)];
      c >>>= 5;
    }
    return new String(out);
  }
}
