package org.lisiere.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.lisiere.core.sql.LoadDataStatement;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.core.sql.StatementParser;
import org.lisiere.spi.ColumnDefinition;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.LoadFormat;
import org.lisiere.spi.LoadRequest;
import org.lisiere.spi.SourcePosition;

class LoadDataPlannerTest {
    private static LoadRequest plan(String sql) {
        return plan(sql, new FileAccess(Path.of("work"), false));
    }

    private static LoadRequest plan(String sql, FileAccess files) {
        return LoadDataPlanner.plan((LoadDataStatement) StatementParser.parse(ScriptStatement.single(sql)), files);
    }

    @Test
    void confinedPathsMustStayInsideTheirDirectory() {
        FileAccess uploads = FileAccess.confinedTo(Path.of("/srv/p/uploads"));

        assertThat(plan("LOAD DATA INTO t FROM 'sub/../a.csv'", uploads).source())
                .isEqualTo(Path.of("/srv/p/uploads/a.csv"));
        assertThatThrownBy(() -> plan("LOAD DATA INTO t FROM '/etc/passwd' OPTIONS (format = 'csv')", uploads))
                .hasMessage("LOAD DATA: '/etc/passwd' is outside this project's files; over the network a statement"
                        + " may only name a file uploaded to the project, by its name")
                .extracting("code").isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThatThrownBy(() -> plan("LOAD DATA INTO t FROM '../../other/uploads/a.csv'", uploads))
                .hasMessageStartingWith("LOAD DATA: '../../other/uploads/a.csv' is outside this project's files");
        assertThatThrownBy(() -> plan("LOAD DATA INTO t FROM '../uploads2/a.csv'", uploads))
                .hasMessageStartingWith("LOAD DATA: '../uploads2/a.csv' is outside");
    }

    @Test
    void takesTheFormatFromTheExtensionAndResolvesThePath() {
        LoadRequest request = plan("LOAD DATA INTO t FROM 'in/events.ndjson'");

        assertThat(request.format()).isEqualTo(LoadFormat.NDJSON);
        assertThat(request.source()).isEqualTo(Path.of("work/in/events.ndjson"));
        assertThat(request.columns()).isEmpty();
        assertThat(request.overwrite()).isFalse();
    }

    @Test
    void formatOptionOverridesTheExtension() {
        assertThat(plan("LOAD DATA INTO t FROM 'dump.txt' OPTIONS (format = 'PARQUET')").format())
                .isEqualTo(LoadFormat.PARQUET);
    }

    @Test
    void rejectsUnknownExtensionWithoutFormat() {
        assertThatThrownBy(() -> plan("LOAD DATA INTO t FROM 'data.bin'"))
                .isInstanceOfSatisfying(LisiereException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_OPTION);
                    assertThat(e.getMessage()).isEqualTo("LOAD DATA: cannot tell the format of 'data.bin' from its"
                            + " extension; add OPTIONS (format = ...) with one of 'csv', 'parquet', 'json', 'ndjson'");
                    assertThat(e.position()).contains(new SourcePosition(1, 23));
                });
    }

    @Test
    void rejectsUnknownOptionNamingTheAllowedOnes() {
        assertThatThrownBy(() -> plan("LOAD DATA INTO t FROM 'a.csv' OPTIONS (skip_rows = 1)"))
                .isInstanceOfSatisfying(LisiereException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_OPTION);
                    assertThat(e.getMessage()).isEqualTo("LOAD DATA: unknown option 'skip_rows'; allowed: "
                            + "delimiter, format, header, null_marker, quote, schema");
                    assertThat(e.position()).contains(new SourcePosition(1, 52));
                });
    }

    @Test
    void rejectsBadOptionValues() {
        assertThatThrownBy(() -> plan("LOAD DATA INTO t FROM 'a.csv' OPTIONS (format = 'xlsx')"))
                .hasMessage("Option 'format': 'xlsx' is not allowed; expected one of 'csv', 'parquet', 'json', "
                        + "'ndjson'");
        assertThatThrownBy(() -> plan("LOAD DATA INTO t FROM 'a.csv' OPTIONS (header = 'yes')"))
                .hasMessage("Option 'header': 'yes' is not allowed; expected true or false");
        assertThatThrownBy(() -> plan("LOAD DATA INTO t FROM 'a.csv' OPTIONS (delimiter = ';;')"))
                .hasMessage("Option 'delimiter': ';;' is not allowed; expected a single character such as ','"
                        + " (or '\\t' for tab)");
    }

    @Test
    void readsOverwrite() {
        assertThat(plan("LOAD DATA OVERWRITE INTO t FROM 'a.csv'").overwrite()).isTrue();
    }

    @Test
    void readsCsvDialectOptions() {
        LoadRequest request = plan("LOAD DATA INTO t FROM 'a.csv' OPTIONS (header = false, delimiter = '\\t', "
                + "quote = '''', null_marker = 'NA')");

        assertThat(request.csv().header()).contains(false);
        assertThat(request.csv().delimiter()).contains("\t");
        assertThat(request.csv().quote()).contains("'");
        assertThat(request.csv().nullString()).contains("NA");
    }

    @Test
    void parsesSchemaWithParameterizedTypesAndQuotedNames() {
        LoadRequest request = plan("LOAD DATA INTO t FROM 'a.csv' OPTIONS (schema = "
                + "'id BIGINT, \"Unit Price\" DECIMAL(10, 2), tags VARCHAR[]')");

        assertThat(request.columns()).containsExactly(new ColumnDefinition("id", "BIGINT"),
                new ColumnDefinition("Unit Price", "DECIMAL(10, 2)"), new ColumnDefinition("tags", "VARCHAR[]"));
    }

    @Test
    void rejectsSchemaEntryWithoutType() {
        assertThatThrownBy(() -> plan("LOAD DATA INTO t FROM 'a.csv' OPTIONS (schema = 'id BIGINT, amount')"))
                .hasMessage("Option 'schema': 'amount' is not a column definition; expected 'name TYPE, ...' such as"
                        + " 'id BIGINT, amount DOUBLE'");
    }
}
