package org.lisiere.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/** LOAD DATA through the core session on the real DuckDB engine: every format, valid and malformed. */
class LoadDataTest {
    @TempDir
    Path directory;

    private SqlRunner sql;

    @BeforeEach
    void open() {
        sql = SqlRunner.inMemory(directory);
    }

    @AfterEach
    void close() {
        sql.close();
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(directory.resolve(name), content, StandardCharsets.UTF_8);
    }

    private String load(String table, Path file, String options) {
        return sql.summary("LOAD DATA INTO " + table + " FROM '" + file + "'" + options);
    }

    @Test
    void createsTableWithInferredTypes() throws IOException {
        Path csv = file("sales.csv", "id,amount,name,day\n1,2.5,a,2024-01-31\n2,3,b,2024-02-01\n3,4.25,,2024-02-02\n");

        assertThat(load("sales", csv, "")).isEqualTo("Loaded 3 rows into sales (table created)");
        assertThat(sql.rows("SELECT column_name, data_type FROM information_schema.columns "
                + "WHERE table_name = 'sales' ORDER BY ordinal_position")).containsExactly(
                List.of("id", "BIGINT"), List.of("amount", "DOUBLE"), List.of("name", "VARCHAR"),
                List.of("day", "DATE"));
        assertThat(sql.rows("SELECT * FROM sales ORDER BY id")).containsExactly(
                List.of("1", "2.5", "a", "2024-01-31"), List.of("2", "3.0", "b", "2024-02-01"),
                List.of("3", "4.25", "null", "2024-02-02"));
    }

    @Test
    void appendsAndOverwrites() throws IOException {
        Path first = file("a.csv", "id,v\n1,x\n2,y\n");
        Path second = file("b.csv", "v,id\nz,3\n");
        load("t", first, "");

        assertThat(load("t", second, "")).isEqualTo("Loaded 1 row into t");
        assertThat(sql.rows("SELECT id, v FROM t ORDER BY id"))
                .containsExactly(List.of("1", "x"), List.of("2", "y"), List.of("3", "z"));
        assertThat(sql.summary("LOAD DATA OVERWRITE INTO t FROM '" + second + "'")).isEqualTo("Loaded 1 row into t");
        assertThat(sql.rows("SELECT id, v FROM t")).containsExactly(List.of("3", "z"));
    }

    @Test
    void wrongTypeDeepInTheFileAbortsTheWholeLoadAndKeepsTheTable() throws IOException {
        load("pay", file("first.csv", "id,amount\n0,0.5\n"), "");
        Path pay = directory.resolve("pay.csv");
        try (BufferedWriter out = Files.newBufferedWriter(pay)) {
            out.write("id,amount\n");
            for (int line = 2; line <= 10_000; line++) {
                out.write(line + "," + (line == 7778 ? "notanumber" : line + ".5") + "\n");
            }
        }

        LisiereException e = sql.failure("LOAD DATA INTO pay FROM '" + pay + "'");

        assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_INPUT);
        assertThat(e.getMessage()).isEqualTo(pay + ":7778: column 'amount': 'notanumber' is not a DOUBLE");
        assertThat(sql.rows("SELECT id, amount FROM pay")).containsExactly(List.of("0", "0.5"));
    }

    @Test
    void valueBeyondTheInferenceSampleFailsWithAHintToDeclareTheSchema() throws IOException {
        Path big = directory.resolve("big.csv");
        try (BufferedWriter out = Files.newBufferedWriter(big)) {
            out.write("id,qty\n");
            for (int line = 2; line <= 300_000; line++) {
                out.write(line + "," + (line == 250_001 ? "n/a" : "7") + "\n");
            }
        }

        assertThatThrownBy(() -> sql.summary("LOAD DATA INTO big FROM '" + big + "'"))
                .hasMessage(big + ":250001: column 'qty': 'n/a' is not a BIGINT (type inferred from the start of the"
                        + " file; declare the columns with OPTIONS (schema = '...'))");
        assertThat(sql.rows("SELECT count(*) FROM information_schema.tables WHERE table_name = 'big'"))
                .containsExactly(List.of("0"));
        assertThat(load("big", big, " OPTIONS (schema = 'id BIGINT, qty VARCHAR')"))
                .isEqualTo("Loaded 299,999 rows into big (table created)");
    }

    @Test
    void declaredSchemaNamesAndTypesTheColumns() throws IOException {
        Path csv = file("s.csv", "a,b\n1,2\n");

        load("s", csv, " OPTIONS (schema = 'x DECIMAL(10,2), \"Y y\" VARCHAR')");

        assertThat(sql.rows("SELECT x, \"Y y\", typeof(x) FROM s")).containsExactly(List.of("1.00", "2",
                "DECIMAL(10,2)"));
    }

    @Test
    void raggedRowFailsWithItsLine() throws IOException {
        Path csv = file("ragged.csv", "id,amount,name\n1,2.5,a\n2,3,b,extra\n3,4,c\n");

        assertThatThrownBy(() -> load("r", csv, "")).hasMessage(csv + ":3: expected 3 columns but found 4");
        assertThatThrownBy(() -> load("r", file("short.csv", "id,amount,name\n1,2.5,a\n2,3\n"), ""))
                .hasMessageEndingWith("short.csv:3: expected 3 columns but found 2");
        assertThat(sql.rows("SELECT count(*) FROM information_schema.tables WHERE table_name = 'r'"))
                .containsExactly(List.of("0"));
    }

    @Test
    void badUtf8FailsWithItsLine() throws IOException {
        Path csv = directory.resolve("latin1.csv");
        Files.write(csv, new byte[] {'i', 'd', ',', 'n', '\n', '1', ',', 'a', '\n', '2', ',', (byte) 0xE9, '\n'});

        assertThatThrownBy(() -> load("u", csv, ""))
                .hasMessage(csv + ":3: invalid UTF-8 byte sequence (the file must be UTF-8 encoded)");
    }

    @Test
    void unterminatedQuoteFailsWithItsLine() throws IOException {
        Path csv = file("open.csv", "id,name\n1,\"ab\n2,x\n");

        assertThatThrownBy(() -> load("q", csv, " OPTIONS (schema = 'id BIGINT, name VARCHAR')"))
                .hasMessage(csv + ":2: value with unterminated quote");
    }

    @Test
    void emptyFileNeedsADeclaredSchema() throws IOException {
        Path empty = file("empty.csv", "");

        assertThatThrownBy(() -> load("e", empty, "")).isInstanceOfSatisfying(LisiereException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_INPUT);
            assertThat(e.getMessage()).isEqualTo(empty + ": the file is empty, so there are no columns to infer;"
                    + " declare them with OPTIONS (schema = 'a BIGINT, b VARCHAR')");
        });
        assertThat(load("e", empty, " OPTIONS (schema = 'a BIGINT')"))
                .isEqualTo("Loaded 0 rows into e (table created)");
        assertThat(sql.rows("SELECT count(*) FROM e")).containsExactly(List.of("0"));
    }

    @Test
    void headerOnlyFileCreatesAnEmptyTable() throws IOException {
        assertThat(load("h", file("header.csv", "id,name\n"), "")).isEqualTo("Loaded 0 rows into h (table created)");
        assertThat(sql.rows("SELECT column_name FROM information_schema.columns WHERE table_name = 'h' "
                + "ORDER BY ordinal_position")).containsExactly(List.of("id"), List.of("name"));
    }

    @Test
    void quotedDelimitersQuotesAndNewlinesStayInTheirValues() throws IOException {
        Path csv = file("quoted.csv", "id,note\n1,\"a, b\"\n2,\"say \"\"hi\"\"\"\n3,\"two\nlines\"\n");

        load("n", csv, "");

        assertThat(sql.rows("SELECT note FROM n ORDER BY id"))
                .containsExactly(List.of("a, b"), List.of("say \"hi\""), List.of("two\nlines"));
    }

    @Test
    void detectsSemicolonAndTabDelimiters() throws IOException {
        load("semis", file("semi.csv", "a;b\n1;x,y\n"), "");
        load("tabs", file("tabs.tsv", "a\tb\n1\tz\n"), "");

        assertThat(sql.rows("SELECT a, b FROM semis")).containsExactly(List.of("1", "x,y"));
        assertThat(sql.rows("SELECT a, b FROM tabs")).containsExactly(List.of("1", "z"));
    }

    @Test
    void appendingAFileWithAnUnknownColumnFails() throws IOException {
        load("t", file("a.csv", "id,v\n1,x\n"), "");
        Path other = file("other.csv", "id,w\n2,y\n");

        assertThatThrownBy(() -> load("t", other, ""))
                .hasMessage(other + ": column 'w' is not a column of table t (its columns: id, v)");
    }

    @Test
    void missingFileIsNamed() {
        Path missing = directory.resolve("nope.csv");

        assertThatThrownBy(() -> load("t", missing, "")).isInstanceOfSatisfying(LisiereException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.FILE_NOT_FOUND);
            assertThat(e.getMessage()).isEqualTo("LOAD DATA: file '" + missing + "' does not exist (resolved to "
                    + missing.toAbsolutePath() + ")");
        });
    }

    @Test
    void loadsJsonArraysAndNdjson() throws IOException {
        load("ja", file("a.json", "[{\"id\": 1, \"tags\": [\"x\"]}, {\"id\": 2, \"tags\": []}]"), "");
        load("nd", file("b.ndjson", "{\"id\": 1, \"v\": 1.5}\n{\"id\": 2, \"v\": null}\n"), "");

        assertThat(sql.rows("SELECT id, tags FROM ja ORDER BY id"))
                .containsExactly(List.of("1", "[x]"), List.of("2", "[]"));
        assertThat(sql.rows("SELECT id, v FROM nd ORDER BY id"))
                .containsExactly(List.of("1", "1.5"), List.of("2", "null"));
    }

    @Test
    void badJsonValueNamesLineColumnAndValue() throws IOException {
        load("j", file("first.ndjson", "{\"id\": 1, \"amount\": 2.5}\n"), "");
        Path bad = file("bad.ndjson", "{\"id\": 2, \"amount\": 3}\n{\"id\": 3, \"amount\": \"x\"}\n");

        assertThatThrownBy(() -> load("j", bad, "")).isInstanceOfSatisfying(LisiereException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_INPUT);
            assertThat(e.getMessage()).isEqualTo(bad + ":2: column 'amount': 'x' is not a DOUBLE");
        });
        assertThat(sql.rows("SELECT count(*) FROM j")).containsExactly(List.of("1"));
    }

    @Test
    void malformedJsonNamesTheLine() throws IOException {
        Path broken = file("broken.ndjson", "{\"id\": 1}\n{\"id\": 2,\n");

        assertThatThrownBy(() -> load("b", broken, ""))
                .hasMessage(broken + ":3: malformed JSON: unexpected end of data.");
    }

    @Test
    void loadsParquetAndNamesTheRowOfAValueThatDoesNotCast() {
        Path parquet = directory.resolve("data.parquet");
        sql.summary("COPY (SELECT i AS id, CASE WHEN i = 3 THEN 'abc' ELSE i::VARCHAR END AS v FROM range(1, 6) t(i))"
                + " TO '" + parquet + "' (FORMAT parquet)");

        assertThat(load("p", parquet, "")).isEqualTo("Loaded 5 rows into p (table created)");
        assertThatThrownBy(() -> load("p2", parquet, " OPTIONS (schema = 'id BIGINT, v INTEGER')"))
                .hasMessage(parquet + ": row 3: column 'v': 'abc' is not a INTEGER");
    }

    @Test
    void emptyParquetFileIsRejected() throws IOException {
        Path empty = file("empty.parquet", "");

        assertThatThrownBy(() -> load("p", empty, "")).hasMessage(empty + ": the file is empty, not a Parquet file");
    }

    @Test
    void engineErrorPositionsAreInScriptCoordinates() {
        LisiereException e = sql.failureInScript("SELECT 1;\n\n  SELECT *\n  FROM missing_table", 2);

        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_OBJECT);
        assertThat(e.position()).hasValueSatisfying(p -> assertThat(p).hasToString("4:8"));
    }
}
