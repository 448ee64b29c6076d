package dev.steward.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigratorTest {

  @Test
  void statements_splitAtLineEndingSemicolons_dropCommentLines() {
    String script =
        """
        -- a comment; with a semicolon
        CREATE TABLE a (
          x INT
        );

        INSERT INTO a VALUES (1);
        SELECT 1""";

    assertThat(Migrator.statements(script))
        .containsExactly("CREATE TABLE a (\nx INT\n)", "INSERT INTO a VALUES (1)", "SELECT 1");
  }

  @Test
  void new_versionGap_rejects() {
    assertThatThrownBy(() -> new Migrator("h2", List.of("V2__later.sql"), InstantSource.system()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("migration: V2__later.sql (expected: version 1)");
  }

  @Test
  void new_badName_rejects() {
    assertThatThrownBy(() -> new Migrator("h2", List.of("init.sql"), InstantSource.system()))
        .hasMessage("migration: init.sql (expected: V<n>__<name>.sql)");
  }

  @Test
  void new_missingScript_rejects() {
    assertThatThrownBy(() -> new Migrator("h2", List.of("V1__nope.sql"), InstantSource.system()))
        .hasMessage("migration db/h2/V1__nope.sql is missing from the class path");
  }

  @Test
  void new_shippedScripts_load() {
    assertThat(new Migrator("h2", H2Storage.MIGRATIONS, InstantSource.system()).latestVersion())
        .isEqualTo(8);
    assertThat(
            new Migrator("postgres", PostgresStorage.MIGRATIONS, InstantSource.system())
                .latestVersion())
        .isEqualTo(8);
  }
}
