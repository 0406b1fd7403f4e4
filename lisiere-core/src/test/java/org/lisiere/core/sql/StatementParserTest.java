package org.lisiere.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.SourcePosition;
import org.lisiere.spi.TableName;

class StatementParserTest {
    private static ParsedStatement parse(String sql) {
        return StatementParser.parse(ScriptStatement.single(sql));
    }

    @Test
    void passesOtherStatementsToTheEngine() {
        assertThat(parse("SELECT * FROM load_data")).isEqualTo(new EngineStatement("SELECT * FROM load_data"));
        assertThat(parse("LOAD json")).isEqualTo(new EngineStatement("LOAD json"));
    }

    @Test
    void parsesLoadDataWithOptions() {
        LoadDataStatement load = (LoadDataStatement) parse(
                "load data overwrite into sales.\"Pay Ments\" from 'in/pay.csv' "
                        + "OPTIONS (Header = false, delimiter = ';', schema = 'a BIGINT')");

        assertThat(load.table()).isEqualTo(new TableName(Optional.of("sales"), "Pay Ments"));
        assertThat(load.path().unquoted()).isEqualTo("in/pay.csv");
        assertThat(load.overwrite()).isTrue();
        assertThat(load.options()).containsOnlyKeys("header", "delimiter", "schema");
        assertThat(load.options().get("header").asBoolean()).isFalse();
        assertThat(load.options().get("delimiter").asString()).isEqualTo(";");
    }

    @Test
    void rejectsLoadDataWithoutInto() {
        assertThatThrownBy(() -> parse("LOAD DATA t FROM 'x.csv'"))
                .isInstanceOfSatisfying(LisiereException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SYNTAX_ERROR);
                    assertThat(e.getMessage()).isEqualTo("Expected INTO but found 't'");
                    assertThat(e.position()).contains(new SourcePosition(1, 11));
                });
    }

    @Test
    void rejectsUnquotedPath() {
        assertThatThrownBy(() -> parse("LOAD DATA INTO t FROM x.csv"))
                .hasMessage("Expected the file path (a quoted string) but found 'x'");
    }

    @Test
    void rejectsTruncatedStatementAtItsEnd() {
        assertThatThrownBy(() -> parse("LOAD DATA INTO t"))
                .isInstanceOfSatisfying(LisiereException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("Expected FROM but the statement ended");
                    assertThat(e.position()).contains(new SourcePosition(1, 17));
                });
    }

    @Test
    void rejectsOptionGivenTwice() {
        assertThatThrownBy(() -> parse("LOAD DATA INTO t FROM 'a.csv' OPTIONS (header = true, HEADER = false)"))
                .isInstanceOfSatisfying(LisiereException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_OPTION);
                    assertThat(e.getMessage()).isEqualTo("Option 'header' is given twice");
                });
    }

    @Test
    void rejectsTrailingTokens() {
        assertThatThrownBy(() -> parse("LOAD DATA INTO t FROM 'a.csv' now"))
                .hasMessage("Unexpected 'now' after the end of the statement");
    }
}
