package org.lisiere.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lisiere.core.SystemTables;
import org.lisiere.spi.Column;
import org.lisiere.spi.DataType;
import org.lisiere.spi.Schema;
import org.lisiere.spi.TypeFamily;

class SystemTableSqlTest {
    private static final Schema SCHEMA = new Schema(List.of(new Column("who", new DataType("VARCHAR",
            TypeFamily.STRING)), new Column("n", new DataType("BIGINT", TypeFamily.INTEGER))));

    private static SystemTables tables(List<List<Object>> rows) {
        return SystemTables.of(Map.of("things", () -> new SystemTables.Table(SCHEMA, rows)));
    }

    @Test
    void replacesASystemTableWithItsRowsAsTypedLiterals() {
        String sql = SystemTableSql.rewrite("SELECT * FROM lisiere.things t JOIN x ON true", tables(List.of(
                List.of("o'neil", 1L), Arrays.asList(null, null))));

        assertThat(sql).isEqualTo("SELECT * FROM (SELECT CAST(c0 AS VARCHAR) AS \"who\", CAST(c1 AS BIGINT) AS \"n\""
                + " FROM (VALUES ('o''neil', 1), (NULL, NULL)) AS rows(c0, c1)) AS things t JOIN x ON true");
    }

    @Test
    void anEmptySystemTableKeepsItsColumns() {
        assertThat(SystemTableSql.rewrite("SELECT n FROM LISIERE.Things", tables(List.of()))).isEqualTo(
                "SELECT n FROM (SELECT CAST(NULL AS VARCHAR) AS \"who\", CAST(NULL AS BIGINT) AS \"n\" WHERE false)"
                        + " AS things");
    }

    @Test
    void leavesOtherNamesAndStringsAlone() {
        String sql = "SELECT 'lisiere.things', db.lisiere.things FROM t";

        assertThat(SystemTableSql.rewrite(sql, tables(List.of()))).isEqualTo(sql);
    }

    @Test
    void rejectsAnUnknownSystemTableNamingTheKnownOnes() {
        assertThatThrownBy(() -> SystemTableSql.rewrite("SELECT 1 FROM lisiere.nope", tables(List.of())))
                .hasMessage("No system table lisiere.nope; the system tables are: lisiere.things");
        assertThatThrownBy(() -> SystemTableSql.rewrite("SELECT 1 FROM lisiere.nope", SystemTables.none()))
                .hasMessage("No system table lisiere.nope; the system tables are: none here");
    }
}
