package org.lisiere.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lisiere.spi.Batch;
import org.lisiere.spi.Capability;
import org.lisiere.spi.ColumnDefinition;
import org.lisiere.spi.CsvOptions;
import org.lisiere.spi.Engine;
import org.lisiere.spi.EngineSession;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.LoadFormat;
import org.lisiere.spi.LoadRequest;
import org.lisiere.spi.QueryResult;
import org.lisiere.spi.TableName;
import org.lisiere.spi.TypeFamily;

/**
 * What every engine plugin must do, whatever its implementation. An engine module runs it by extending this class
 * and opening its engine in {@link #openEngine()}; the suite loads TPC-H at scale factor 0.01 through the SPI and
 * checks the 22 queries against the official answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EngineConformanceSuite {
    private static final double TPCH_SCALE = 0.01;

    @TempDir
    static Path workDirectory;

    private Engine engine;
    private EngineSession session;

    /** A fresh, empty, in-memory engine with modest limits. */
    protected abstract Engine openEngine();

    @BeforeAll
    void loadTpch() throws IOException {
        engine = openEngine();
        session = engine.openSession();
        Path data = Files.createDirectories(workDirectory.resolve("tpch"));
        TpchData.load(session, TPCH_SCALE, data);
    }

    @AfterAll
    void closeEngine() {
        session.close();
        engine.close();
    }

    @Test
    void declaresNameVersionAndCapabilities() {
        assertThat(engine.name()).isNotBlank();
        assertThat(engine.version()).isNotBlank();
        assertThat(engine.capabilities()).contains(Capability.LOAD_CSV);
    }

    @Test
    void loadsEveryTpchTableWithTheSpecifiedRowCounts() {
        assertThat(rows("SELECT count(*) FROM lineitem")).containsExactly(List.of("60175"));
        assertThat(rows("SELECT count(*) FROM orders")).containsExactly(List.of("15000"));
        assertThat(rows("SELECT count(*) FROM region")).containsExactly(List.of("5"));
        assertThat(session.listTables()).extracting(t -> t.tableName())
                .containsAll(TpchData.tableNames());
    }

    static IntStream tpchQueryNumbers() {
        return IntStream.rangeClosed(1, 22);
    }

    @ParameterizedTest(name = "TPC-H q{0}")
    @MethodSource("tpchQueryNumbers")
    void answersTpchQueryAsOfficialDbgen(int number) {
        List<String> statements = TpchQueries.statements(number);
        for (String prepare : statements.subList(0, statements.size() - 1)) {
            session.execute(prepare).close();
        }
        List<List<String>> actual = rows(statements.get(statements.size() - 1));
        assertThat(TpchQueries.answer(number).compare(actual)).isEmpty();
    }

    @Test
    void returnsColumnarBatchesWithTypeFamilies() {
        try (QueryResult result = session.execute(
                "SELECT 42::BIGINT AS n, 'x' AS s, 1.5::DOUBLE AS d, DATE '2024-02-29' AS day, NULL::INTEGER AS z")) {
            assertThat(result.hasRows()).isTrue();
            assertThat(result.schema().columns()).extracting(c -> c.name())
                    .containsExactly("n", "s", "d", "day", "z");
            assertThat(result.schema().columns()).extracting(c -> c.type().family())
                    .containsExactly(TypeFamily.INTEGER, TypeFamily.STRING, TypeFamily.FLOATING, TypeFamily.DATE,
                            TypeFamily.INTEGER);
            Batch batch = result.nextBatch().orElseThrow();
            assertThat(batch.rowCount()).isEqualTo(1);
            assertThat(batch.column(0).get(0)).isEqualTo(42L);
            assertThat(batch.column(3).get(0)).hasToString("2024-02-29");
            assertThat(batch.column(4).isNull(0)).isTrue();
            assertThat(result.nextBatch()).isEmpty();
        }
    }

    @Test
    void streamsLargeResultsInSeveralBatches() {
        try (QueryResult result = session.execute("SELECT * FROM range(100000) t(i)")) {
            long rows = 0;
            int batches = 0;
            for (Optional<Batch> batch = result.nextBatch(); batch.isPresent(); batch = result.nextBatch()) {
                rows += batch.get().rowCount();
                batches++;
            }
            assertThat(rows).isEqualTo(100_000);
            assertThat(batches).isGreaterThan(1);
        }
    }

    @ParameterizedTest
    @MethodSource("scannedQueries")
    void scanReturnsTheSameSchemaRowsAndValuesAsExecute(String query) {
        assertThat(batchValues(() -> session.scan(query))).isEqualTo(batchValues(() -> session.execute(query)));
    }

    static List<String> scannedQueries() {
        return List.of(
                // Several batches, every type a bulk reader may take a fast path for, NULLs in each.
                "SELECT i::DOUBLE / 3 AS d, i::BIGINT * 1000000007 AS n, i::INTEGER AS k, i % 3 = 0 AS b,"
                        + " 'row ' || i AS s, CASE WHEN i % 7 = 0 THEN NULL ELSE i * 0.5::DOUBLE END AS maybe,"
                        + " CASE WHEN i % 5 = 0 THEN NULL ELSE i % 2 = 0 END AS maybe_b,"
                        + " CASE WHEN i % 4 = 0 THEN NULL ELSE 'v' || i END AS maybe_s,"
                        + " CASE WHEN i % 3 = 0 THEN NULL ELSE i END AS maybe_n FROM range(5000) t(i)",
                // Types outside the fast path.
                "SELECT DATE '2024-02-29' + i::INTEGER AS day, (i / 8)::DECIMAL(10, 2) AS amount, [i, i + 1] AS pair"
                        + " FROM range(3) t(i)",
                "SELECT * FROM nation ORDER BY n_nationkey",
                "SELECT 1 AS one WHERE false");
    }

    @Test
    void callsJavaFunctionsFromEverySessionWithNullAsNaN() {
        session.registerFunction(new org.lisiere.spi.FloatFunction("conformance_weighted_sum", 2,
                (rows, count, results) -> {
                    for (int r = 0; r < count; r++) {
                        float a = rows[2 * r];
                        float b = rows[2 * r + 1];
                        results[r] = Float.isNaN(b) ? (Float.isNaN(a) ? Double.NaN : -a) : a + 10 * b;
                    }
                }));
        // Registering the same name again keeps the first function.
        session.registerFunction(new org.lisiere.spi.FloatFunction("conformance_weighted_sum", 2,
                (rows, count, results) -> java.util.Arrays.fill(results, 0, count, 0)));

        try (EngineSession other = engine.openSession()) {
            assertThat(ResultRows.of(other.execute("SELECT conformance_weighted_sum(x, y) FROM (VALUES (1.5, 2),"
                    + " (3, NULL), (NULL, NULL)) t(x, y)"))).containsExactly(List.of("21.5"), List.of("-3.0"),
                    List.of("null"));
            assertThat(ResultRows.of(other.execute("SELECT sum(conformance_weighted_sum(i, 1)) FROM range(100000)"
                    + " t(i)"))).containsExactly(List.of(String.valueOf(99_999L * 100_000 / 2.0 + 10 * 100_000)));
        }
    }

    @Test
    void scanReportsErrorsAsExecuteDoes() {
        assertThatThrownBy(() -> session.scan("SELECT * FROM no_such_table"))
                .isInstanceOfSatisfying(LisiereException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_OBJECT));
    }

    /** The schema, then every value with its Java class (the types must match too), row by row. */
    private static List<List<String>> batchValues(java.util.function.Supplier<QueryResult> query) {
        List<List<String>> values = new java.util.ArrayList<>();
        try (QueryResult result = query.get()) {
            values.add(List.of(result.schema().toString()));
            for (Optional<Batch> next = result.nextBatch(); next.isPresent(); next = result.nextBatch()) {
                Batch batch = next.get();
                for (int r = 0; r < batch.rowCount(); r++) {
                    List<String> row = new java.util.ArrayList<>();
                    for (int c = 0; c < batch.schema().size(); c++) {
                        Object value = batch.column(c).get(r);
                        row.add(value == null ? "NULL" : value.getClass().getSimpleName() + ":" + value);
                    }
                    values.add(row);
                }
            }
        }
        return values;
    }

    @Test
    void reportsChangedRows() {
        session.execute("CREATE TABLE conformance_counts (i INTEGER)").close();
        try (QueryResult result = session.execute("INSERT INTO conformance_counts SELECT * FROM range(7)")) {
            assertThat(result.hasRows()).isFalse();
            assertThat(result.updateCount()).contains(7L);
        }
    }

    @Test
    void rejectsBadSyntaxWithCodeAndPosition() {
        assertThatThrownBy(() -> session.execute("SELECT 1\nFROM nation WHERE WHERE"))
                .isInstanceOfSatisfying(LisiereException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SYNTAX_ERROR);
                    assertThat(e.position()).hasValueSatisfying(p -> assertThat(p.line()).isEqualTo(2));
                });
    }

    @Test
    void rejectsUnknownTable() {
        assertThatThrownBy(() -> session.execute("SELECT * FROM no_such_table"))
                .isInstanceOfSatisfying(LisiereException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_OBJECT));
    }

    @Test
    void malformedValueAbortsTheWholeLoadAndKeepsTheTable() throws IOException {
        Path good = write("good.csv", "id,amount\n1,1.5\n2,2.5\n");
        Path bad = write("pay.csv", "id,amount\n3,3.5\n4,notanumber\n5,5.5\n");
        TableName table = TableName.of("conformance_pay");
        session.load(new LoadRequest(table, good, LoadFormat.CSV, false, List.of(), CsvOptions.DETECT));

        assertThatThrownBy(() -> session.load(
                new LoadRequest(table, bad, LoadFormat.CSV, false, List.of(), CsvOptions.DETECT)))
                .isInstanceOfSatisfying(LisiereException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_INPUT);
                    assertThat(e.getMessage()).isEqualTo(bad + ":3: column 'amount': 'notanumber' is not a DOUBLE");
                });
        assertThat(rows("SELECT id, amount FROM conformance_pay ORDER BY id"))
                .containsExactly(List.of("1", "1.5"), List.of("2", "2.5"));
    }

    @Test
    void statementsInTheLoadsTransactionCommitAndRollBackWithIt() throws IOException {
        session.execute("CREATE TABLE conformance_events (id BIGINT, kind VARCHAR)").close();
        session.execute("CREATE TABLE conformance_batches (batch VARCHAR)").close();
        Path good = write("events.ndjson", "{\"id\": 1, \"kind\": \"a\"}\n{\"id\": 2, \"kind\": \"b\"}\n");
        Path bad = write("bad.ndjson", "{\"id\": 3, \"kind\": \"c\"}\n{\"id\": \"x\", \"kind\": \"d\"}\n");
        List<ColumnDefinition> columns = List.of(new ColumnDefinition("id", "BIGINT"),
                new ColumnDefinition("kind", "VARCHAR"));
        TableName table = TableName.of("conformance_events");

        session.load(new LoadRequest(table, good, LoadFormat.NDJSON, false, columns, CsvOptions.DETECT,
                List.of("INSERT INTO conformance_batches VALUES ('first')"), Map.of()));
        assertThatThrownBy(() -> session.load(new LoadRequest(table, bad, LoadFormat.NDJSON, false, columns,
                CsvOptions.DETECT, List.of("INSERT INTO conformance_batches VALUES ('second')"), Map.of())))
                .isInstanceOfSatisfying(LisiereException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_INPUT));
        assertThatThrownBy(() -> session.load(new LoadRequest(table, good, LoadFormat.NDJSON, false, columns,
                CsvOptions.DETECT, List.of("INSERT INTO no_such_table VALUES (1)"), Map.of())))
                .isInstanceOf(LisiereException.class);

        assertThat(rows("SELECT id, kind FROM conformance_events ORDER BY id"))
                .containsExactly(List.of("1", "a"), List.of("2", "b"));
        assertThat(rows("SELECT batch FROM conformance_batches")).containsExactly(List.of("first"));
    }

    @Test
    void constantColumnsAreStampedOnEveryLoadedRow() throws IOException {
        session.execute("CREATE TABLE conformance_stamped (site VARCHAR, id BIGINT)").close();
        Path file = write("stamped.ndjson", "{\"id\": 1}\n{\"id\": 2}\n");

        session.load(new LoadRequest(TableName.of("conformance_stamped"), file, LoadFormat.NDJSON, false,
                List.of(new ColumnDefinition("id", "BIGINT")), CsvOptions.DETECT, List.of(), Map.of("site", "s1")));

        assertThat(rows("SELECT site, id FROM conformance_stamped ORDER BY id"))
                .containsExactly(List.of("s1", "1"), List.of("s1", "2"));
    }

    @Test
    void cancelsARunningStatement() throws Exception {
        try (EngineSession other = engine.openSession()) {
            CompletableFuture<Object> running = CompletableFuture.supplyAsync(() -> {
                try (QueryResult result = other.execute(
                        "SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b")) {
                    return result.nextBatch();
                }
            });
            Throwable failure = null;
            for (int attempt = 0; attempt < 3000 && failure == null; attempt++) {
                other.cancel();
                try {
                    running.get(10, TimeUnit.MILLISECONDS);
                    throw new AssertionError("the statement finished although it was cancelled");
                } catch (TimeoutException stillRunning) {
                    // The engine may not have started the statement yet: cancel again.
                } catch (ExecutionException e) {
                    failure = e.getCause();
                }
            }
            assertThat(failure).isInstanceOfSatisfying(LisiereException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED);
                assertThat(e.getMessage()).isEqualTo("Statement cancelled");
            });
        }
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(workDirectory.resolve(name), content, StandardCharsets.UTF_8);
    }

    /** All rows of a query, each value rendered as text (NULL as {@code null}). */
    protected List<List<String>> rows(String sql) {
        try (QueryResult result = session.execute(sql)) {
            return ResultRows.of(result);
        }
    }
}
