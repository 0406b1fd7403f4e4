package org.lisiere.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;

/** {@code POST …/query} with {@code Accept: application/vnd.apache.arrow.stream}, read by Arrow's own reader. */
class ArrowQueryTest extends ServerTest {
    @Test
    void sendsEveryTypeAsItsArrowCounterpart() throws IOException {
        String writer = server.project("shop", "writer");
        String sql = "SELECT true AS b, 7::TINYINT AS i8, 300::SMALLINT AS i16, 70000 AS i32, 9000000000 AS i64,"
                + " 200::UTINYINT AS u8, 4000000000::UINTEGER AS u32, -99999999999999999999999999999999999999::HUGEINT"
                + " AS huge, 1.5::FLOAT AS f, 2.25 AS d, 12.345::DECIMAL(9,3) AS dec, DATE '2026-11-29' AS day,"
                + " TIME '12:34:56.789' AS t, TIMESTAMP '2026-11-29 08:00:00.5' AS ts,"
                + " TIMESTAMPTZ '2026-11-29 08:00:00+01' AS tz, 'é' AS s, '\\x01\\xFF'::BLOB AS bytes,"
                + " [1, 2] AS list, {'a': 1} AS struct, INTERVAL 3 DAY AS span, NULL::INTEGER AS missing"
                + " UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
                + " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL";
        HttpResponse<InputStream> response = server.arrowQuery("shop", writer, sql);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/vnd.apache.arrow.stream");
        try (BufferAllocator memory = new RootAllocator(); InputStream body = response.body();
                ArrowStreamReader reader = new ArrowStreamReader(body, memory)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            List<String> types = new ArrayList<>();
            for (Field field : root.getSchema().getFields()) {
                types.add(field.getName() + " " + field.getType());
            }
            assertThat(types).containsExactly("b Bool", "i8 Int(8, true)", "i16 Int(16, true)", "i32 Int(32, true)",
                    "i64 Int(64, true)", "u8 Int(8, false)", "u32 Int(32, false)", "huge Decimal(38, 0, 128)",
                    "f FloatingPoint(SINGLE)", "d Decimal(3, 2, 128)", "dec Decimal(9, 3, 128)", "day Date(DAY)",
                    "t Time(MICROSECOND, 64)", "ts Timestamp(MICROSECOND, null)", "tz Timestamp(MICROSECOND, UTC)",
                    "s Utf8", "bytes Binary", "list Utf8", "struct Utf8", "span Utf8", "missing Int(32, true)");
            assertThat(reader.loadNextBatch()).isTrue();
            assertThat(root.getRowCount()).isEqualTo(2);
            List<Object> first = new ArrayList<>();
            List<Boolean> secondIsNull = new ArrayList<>();
            root.getFieldVectors().forEach(v -> {
                first.add(v.getObject(0));
                secondIsNull.add(v.isNull(1));
            });
            assertThat(first.stream().map(v -> v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b)
                    : String.valueOf(v)).toList()).containsExactly("true", "7", "300", "70000", "9000000000",
                    "-56", "-294967296", "-99999999999999999999999999999999999999", "1.5", "2.25", "12.345",
                    "20786", "45296789000", "2026-11-29T08:00:00.500", "1795935600000000", "é", "01ff", "[1,2]",
                    "{\"a\":1}", "3 days", "null");
            assertThat(secondIsNull).containsOnly(true);
            assertThat(reader.loadNextBatch()).isFalse();
        }
    }

    @Test
    void streamsLargeResultsInRecordBatches() throws IOException {
        String reader = server.project("shop", "reader");
        HttpResponse<InputStream> response = server.arrowQuery("shop", reader,
                "SELECT range AS n FROM range(200000)");

        List<Integer> batchRows = new ArrayList<>();
        long sum = 0;
        try (BufferAllocator memory = new RootAllocator(); InputStream body = response.body();
                ArrowStreamReader stream = new ArrowStreamReader(body, memory)) {
            while (stream.loadNextBatch()) {
                BigIntVector n = (BigIntVector) stream.getVectorSchemaRoot().getVector("n");
                batchRows.add(n.getValueCount());
                for (int r = 0; r < n.getValueCount(); r++) {
                    sum += n.get(r);
                }
            }
        }

        assertThat(batchRows).containsExactly(65_536, 65_536, 65_536, 3_392);
        assertThat(sum).isEqualTo(200_000L * 199_999 / 2);
    }

    @Test
    void growsABatchBeyondTheFirstEngineBatchForEveryKindOfColumn() throws IOException {
        String reader = server.project("shop", "reader");
        HttpResponse<InputStream> response = server.arrowQuery("shop", reader, "SELECT range AS n, 'v' || range AS s,"
                + " range % 2 = 0 AS b, (range / 4)::DECIMAL(10, 2) AS d, CASE WHEN range % 7 = 0 THEN NULL ELSE"
                + " range END AS m FROM range(5000)");

        List<String> mismatches = new ArrayList<>();
        int rows;
        try (BufferAllocator memory = new RootAllocator(); InputStream body = response.body();
                ArrowStreamReader stream = new ArrowStreamReader(body, memory)) {
            assertThat(stream.loadNextBatch()).isTrue();
            VectorSchemaRoot root = stream.getVectorSchemaRoot();
            rows = root.getRowCount();
            for (int r = 0; r < rows; r++) {
                String expected = r + " v" + r + " " + (r % 2 == 0) + " " + new java.math.BigDecimal(r / 4.0)
                        .setScale(2) + " " + (r % 7 == 0 ? null : r);
                String actual = root.getVector("n").getObject(r) + " " + root.getVector("s").getObject(r) + " "
                        + root.getVector("b").getObject(r) + " " + root.getVector("d").getObject(r) + " "
                        + root.getVector("m").getObject(r);
                if (!expected.equals(actual)) {
                    mismatches.add(actual + " (expected " + expected + ")");
                }
            }
            assertThat(stream.loadNextBatch()).isFalse();
        }

        assertThat(rows).isEqualTo(5000);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void sendsTheSchemaOfAnEmptyResult() throws IOException {
        String reader = server.project("shop", "reader");
        HttpResponse<InputStream> response = server.arrowQuery("shop", reader,
                "SELECT 1.5::DECIMAL(4,1) AS x WHERE false");

        try (BufferAllocator memory = new RootAllocator(); InputStream body = response.body();
                ArrowStreamReader stream = new ArrowStreamReader(body, memory)) {
            assertThat(stream.getVectorSchemaRoot().getSchema().toString())
                    .isEqualTo("Schema<x: Decimal(4, 1, 128)>");
            assertThat(stream.loadNextBatch()).isTrue();
            assertThat(stream.getVectorSchemaRoot().getRowCount()).isZero();
            assertThat(stream.loadNextBatch()).isFalse();
        }
    }

    @Test
    void rejectsAnUnknownFormat() {
        String reader = server.project("shop", "reader");

        ServerFixture.Answer answer = server.post("/v1/projects/shop/query?format=xml", reader,
                "{\"sql\": \"SELECT 1\"}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("detail").asText()).isEqualTo("Unknown result format 'xml'; allowed: json,"
                + " csv, arrow");
    }
}
