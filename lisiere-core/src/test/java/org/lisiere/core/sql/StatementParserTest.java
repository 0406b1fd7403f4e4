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

    @Test
    void parsesCreateModelWithTransformOptionsAndQuery() {
        CreateModelStatement create = (CreateModelStatement) parse("CREATE OR REPLACE MODEL sales.churn"
                + " TRANSFORM (ML.STANDARD_SCALER(x) OVER () AS x, label)"
                + " OPTIONS (model_type = 'linear_reg', input_label_cols = ['label'], l2_reg = 0.5)"
                + " AS SELECT x, label FROM t WHERE (x > 1)");

        assertThat(create.name()).isEqualTo("sales.churn");
        assertThat(create.orReplace()).isTrue();
        assertThat(create.ifNotExists()).isFalse();
        assertThat(create.transform()).contains("ML.STANDARD_SCALER(x) OVER () AS x, label");
        assertThat(create.options().get("input_label_cols").asStringList()).containsExactly("label");
        assertThat(create.options().get("l2_reg").asDouble()).isEqualTo(0.5);
        assertThat(create.query()).contains("SELECT x, label FROM t WHERE (x > 1)");
    }

    @Test
    void parsesTheOtherModelStatements() {
        assertThat(parse("DROP MODEL IF EXISTS m VERSION 3"))
                .isEqualTo(new DropModelStatement("m", true, Optional.of(3)));
        assertThat(parse("show models")).isEqualTo(new ShowModelsStatement());
        assertThat(parse("DESCRIBE MODEL m")).isEqualTo(new DescribeModelStatement("m"));
        assertThat(parse("ALTER MODEL m SET ACTIVE VERSION 2")).isEqualTo(new AlterModelStatement("m", 2));
        assertThat(parse("DESCRIBE t")).isEqualTo(new EngineStatement("DESCRIBE t"));
        assertThat(parse("CREATE TABLE model (i INTEGER)")).isEqualTo(new EngineStatement("CREATE TABLE model (i INTEGER)"));
    }

    @Test
    void rejectsMalformedModelStatements() {
        assertThatThrownBy(() -> parse("CREATE MODEL m AS SELECT 1")).hasMessage("Expected OPTIONS but found 'AS'");
        assertThatThrownBy(() -> parse("CREATE MODEL m OPTIONS (model_type = 'linear_reg') AS"))
                .hasMessage("Expected a query but the statement ended");
        assertThatThrownBy(() -> parse("ALTER MODEL m SET ACTIVE VERSION zero"))
                .hasMessage("Expected a version number such as 2 but found 'zero'");
        assertThatThrownBy(() -> parse("CREATE OR REPLACE MODEL IF NOT EXISTS m OPTIONS () AS SELECT 1"))
                .hasMessage("CREATE OR REPLACE MODEL and IF NOT EXISTS cannot be combined");
    }
}
