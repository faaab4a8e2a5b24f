package cn.onething.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NamedStatementsTest {

  @Test
  void splitsStatementsByNameAndDropsCommentsAndTheSemicolon() {
    var statements = NamedStatements.parse("""
        -- file header
        -- name: first
        SELECT 1
          FROM t; 
        -- name: second
        -- a note on the second
        UPDATE t SET a = $1;
        """);
    assertThat(statements).containsOnlyKeys("first", "second");
    assertThat(statements.get("first")).isEqualTo("SELECT 1\n  FROM t");
    assertThat(statements.get("second")).isEqualTo("UPDATE t SET a = $1");
  }

  @Test
  void aDuplicateNameIsRefused() {
    assertThatThrownBy(() -> NamedStatements.parse("-- name: a\nSELECT 1;\n-- name: a\nSELECT 2;\n"))
        .hasMessageContaining("duplicate");
  }
}
