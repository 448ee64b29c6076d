package dev.steward.tlog;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The process {@link CrashTest} kills: opens the log in {@code args[0]} with durability {@code
 * args[3]} and appends from {@code args[2]} threads forever, printing {@code ack <index> <entry>}
 * once each append is acknowledged.
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) throws InterruptedException {
    Path dir = Path.of(args[0]);
    String run = args[1];
    int appenders = Integer.parseInt(args[2]);
    TileLog.Durability durability = TileLog.Durability.valueOf(args[3]);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    TileLog log =
        TileLog.open(
            dir,
            NoteSigner.parse(TestData.TESSERA_SIGNER),
            TileLog.Options.defaults().withMaxBatchEntries(64).withDurability(durability));
    print(out, "open " + log.size());
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < appenders; t++) {
      int thread = t;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (long seq = 0; ; seq++) {
                      String entry = run + "/" + thread + "/" + seq;
                      long index = log.append(entry.getBytes(StandardCharsets.UTF_8)).join();
                      print(out, "ack " + index + " " + entry);
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
  }

  private static void print(PrintStream out, String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
