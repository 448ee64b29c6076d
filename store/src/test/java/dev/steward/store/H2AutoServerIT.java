package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server process holds the embedded database open while a second JVM (as the CLI would) opens the
 * same data directory, revokes a key and creates one; the server sees both at once, and the audit
 * entries queued with them.
 */
class H2AutoServerIT {
  @TempDir Path dataDir;

  @Test
  void secondJvm_changesKeys_whileFirstHoldsTheDatabase() throws Exception {
    Instant t0 = Instant.parse("2025-11-26T09:00:00Z");
    try (H2Storage server = H2Storage.open(dataDir)) {
      ApiKeyRecord key = ApiKeys.create(StorageContract.JUSTICE_NOTES, "a", null, t0).record();
      server.keys().insert(key);
      long before = server.keys().version();

      Result cli = runCli(dataDir.toString(), key.id());

      assertThat(cli.exitCode()).as(cli.output()).isZero();
      assertThat(server.keys().version()).isEqualTo(before + 2);
      assertThat(server.keys().find(key.id()).orElseThrow().revoked()).isTrue();
      assertThat(server.keys().list("health", null))
          .singleElement()
          .extracting(ApiKeyRecord::createdBy)
          .isEqualTo("second-jvm");
      assertThat(server.outbox().pending(10))
          .extracting(entry -> new String(entry.entry(), StandardCharsets.UTF_8))
          .containsExactly("revoke " + key.id(), "create");
    }
  }

  record Result(int exitCode, String output) {}

  private static Result runCli(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SecondJvm.class.getName());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Result(-1, "timed out\n" + output);
    }
    return new Result(process.exitValue(), output);
  }

  /** What the second JVM runs: revoke args[1], create a key (each with an audit entry), exit 0. */
  static final class SecondJvm {
    private SecondJvm() {}

    public static void main(String[] args) {
      try (H2Storage cli = H2Storage.open(Path.of(args[0]))) {
        Instant now = Instant.parse("2025-11-26T10:00:00Z");
        byte[] revocation = ("revoke " + args[1]).getBytes(StandardCharsets.UTF_8);
        if (!cli.keys().revoke(args[1], now, revocation)) {
          System.err.println("revoke returned false");
          System.exit(2);
        }
        cli.keys()
            .insert(
                ApiKeys.create(StorageContract.HEALTH_LETTERS, "b", "second-jvm", now).record(),
                "create".getBytes(StandardCharsets.UTF_8));
      }
    }
  }
}
