package dev.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI run in-process: exit codes and what it prints. */
class MainTest {
  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            args,
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            Map.of("STEWARD_DATA_DIR", dir.resolve("data").toString()));
    return new Run(code, out.toString(), err.toString());
  }

  private Path demoConfig() {
    return DemoCommand.writeDemoConfig(dir.resolve("cfg"));
  }

  @Test
  void configCheck_validFile_exitsZero() {
    Run r = run("config", "check", demoConfig().toString());

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("ok (");
  }

  @Test
  void configCheck_invalidFile_exits3WithLineAndColumn() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        """
        providers:
          p: {protocol: opnai, base-uri: "http://x", residency: UK, max-classification: OFFICIAL}
        models:
          m: {routes: [{provider: p, model: x}]}
        """);

    Run r = run("config", "check", bad.toString());

    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("bad.yaml:2:").contains("providers.p.protocol").contains("opnai");
  }

  @Test
  void configCheck_missingFile_exits4() {
    assertThat(run("config", "check", dir.resolve("nope.yaml").toString()).code()).isEqualTo(4);
  }

  @Test
  void unknownOption_exits2() {
    assertThat(run("keys", "list", "--frobnicate").code()).isEqualTo(2);
  }

  @Test
  void keys_createListRevoke_roundTrip() {
    String config = demoConfig().toString();
    Run created =
        run(
            "keys",
            "create",
            "--config",
            config,
            "--department",
            "justice",
            "--service",
            "probation-notes",
            "--use-case",
            "summarise-case-notes",
            "--label",
            "ci");
    assertThat(created.code()).isZero();
    String key = created.out().strip();
    assertThat(key).startsWith("stw_");

    Run listed = run("keys", "list");
    assertThat(listed.code()).isZero();
    assertThat(listed.out())
        .contains("justice/probation-notes/summarise-case-notes")
        .contains("active");
    assertThat(listed.out()).doesNotContain(key);
    String id =
        listed
            .out()
            .lines()
            .filter(l -> l.startsWith("key_"))
            .findFirst()
            .orElseThrow()
            .split("\\s+")[0];

    assertThat(run("keys", "revoke", id).code()).isZero();
    assertThat(run("keys", "list").out()).contains("revoked");
    assertThat(run("keys", "revoke", id).code()).isEqualTo(4);
  }

  @Test
  void keysCreate_unknownUseCase_exits4() {
    Run r =
        run(
            "keys",
            "create",
            "--config",
            demoConfig().toString(),
            "--department",
            "justice",
            "--service",
            "nope",
            "--use-case",
            "nope");

    assertThat(r.code()).isEqualTo(4);
  }

  @Test
  void serve_refusesSandboxUnlessAllowed() throws Exception {
    Path cfg = dir.resolve("sandbox.yaml");
    Files.writeString(
        cfg,
        """
        providers:
          sim: {protocol: sandbox, residency: UK, max-classification: OFFICIAL}
        models:
          m: {routes: [{provider: sim, model: x}]}
        """);

    Run r = run("serve", "--config", cfg.toString());

    assertThat(r.code()).isEqualTo(3);
    assertThat(r.err()).contains("sandbox: allowed");
  }

  @Test
  void serve_portTaken_exits1WithAClearMessage() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Run r =
          run(
              "serve",
              "--config",
              demoConfig().toString(),
              "--port",
              Integer.toString(taken.getLocalPort()));

      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void demoUseCase_isTheOneWithTheMostModels() {
    var cfg = ServeCommand.load(demoConfig(), Map.of());

    assertThat(DemoCommand.firstUseCase(cfg).useCase()).isEqualTo("summarise-case-notes");
  }

  @Test
  void everyCommandIsRegisteredUnderItsOwnName() {
    Main.COMMANDS.forEach(
        (name, cls) ->
            assertThat(cls.getAnnotation(picocli.CommandLine.Command.class).name())
                .as(cls.getSimpleName())
                .isEqualTo(name));
  }
}
