package org.lisiere.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.SourcePosition;

class SqlSplitterTest {
    @Test
    void splitsAtSemicolonsAndKeepsStartPositions() {
        List<ScriptStatement> statements = SqlSplitter.split("SELECT 1;\n  SELECT 2;\n\nSELECT\n 3");

        assertThat(statements).extracting(ScriptStatement::text).containsExactly("SELECT 1", "SELECT 2", "SELECT\n 3");
        assertThat(statements).extracting(ScriptStatement::start).containsExactly(
                new SourcePosition(1, 1), new SourcePosition(2, 3), new SourcePosition(4, 1));
        assertThat(statements).extracting(ScriptStatement::number).containsExactly(1, 2, 3);
    }

    @Test
    void ignoresSemicolonsInQuotesIdentifiersAndDollarQuotes() {
        List<ScriptStatement> statements = SqlSplitter.split(
                "SELECT 'a;b', 'it''s;' AS \"x;y\"; SELECT $$;$$, $fn$ ; $fn$; SELECT \"q\"\"uote;\"");

        assertThat(statements).extracting(ScriptStatement::text).containsExactly(
                "SELECT 'a;b', 'it''s;' AS \"x;y\"", "SELECT $$;$$, $fn$ ; $fn$", "SELECT \"q\"\"uote;\"");
    }

    @Test
    void ignoresSemicolonsInCommentsIncludingNestedBlockComments() {
        List<ScriptStatement> statements = SqlSplitter.split(
                "-- leading; comment\nSELECT 1 /* a; /* nested; */ still; */ + 1; -- trailing;\nSELECT 2");

        assertThat(statements).extracting(ScriptStatement::text).containsExactly(
                "SELECT 1 /* a; /* nested; */ still; */ + 1", "SELECT 2");
        assertThat(statements.get(0).start()).isEqualTo(new SourcePosition(2, 1));
    }

    @Test
    void skipsEmptyStatementsAndCommentOnlyScripts() {
        assertThat(SqlSplitter.split(";;  ; -- nothing\n/* here */")).isEmpty();
        assertThat(SqlSplitter.split("SELECT 1;;SELECT 2;")).extracting(ScriptStatement::text)
                .containsExactly("SELECT 1", "SELECT 2");
    }

    @Test
    void rejectsUnterminatedStringWithItsPosition() {
        assertThatThrownBy(() -> SqlSplitter.split("SELECT 1;\nSELECT 'abc;\n"))
                .isInstanceOfSatisfying(LisiereException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SYNTAX_ERROR);
                    assertThat(e.getMessage()).isEqualTo("Unterminated string starting here");
                    assertThat(e.position()).contains(new SourcePosition(2, 8));
                });
    }

    @Test
    void rejectsUnterminatedBlockComment() {
        assertThatThrownBy(() -> SqlSplitter.split("SELECT 1 /* open"))
                .isInstanceOfSatisfying(LisiereException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("Unterminated comment starting here");
                    assertThat(e.position()).contains(new SourcePosition(1, 10));
                });
    }

    @Test
    void tellsWhetherInputEndsAStatement() {
        assertThat(SqlSplitter.isComplete("SELECT 1;")).isTrue();
        assertThat(SqlSplitter.isComplete("SELECT 1; -- done")).isTrue();
        assertThat(SqlSplitter.isComplete("SELECT 1")).isFalse();
        assertThat(SqlSplitter.isComplete("SELECT ';")).isFalse();
        assertThat(SqlSplitter.isComplete("SELECT $$;")).isFalse();
        assertThat(SqlSplitter.isComplete("SELECT 1 /* ; */")).isFalse();
    }

    @Test
    void tokenizesWithLineAndColumn() {
        List<Token> tokens = SqlLexer.tokenize("SELECT\n  x1, 3.5e2 FROM \"T\"");

        assertThat(tokens).extracting(Token::type).containsExactly(TokenType.WORD, TokenType.WORD, TokenType.SYMBOL,
                TokenType.NUMBER, TokenType.WORD, TokenType.QUOTED_IDENTIFIER);
        assertThat(tokens.get(1).position()).isEqualTo(new SourcePosition(2, 3));
        assertThat(tokens.get(5).unquoted()).isEqualTo("T");
    }
}
