package org.lisiere.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.lisiere.core.text.JsonValues;
import org.lisiere.core.text.ValueText;
import org.lisiere.spi.Batch;
import org.lisiere.spi.ColumnVector;
import org.lisiere.spi.DataType;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.QueryResult;
import org.lisiere.spi.Schema;

/**
 * Query results as an Arrow IPC stream ({@value #MEDIA_TYPE}), written record batch by record batch as the engine
 * produces rows, so that memory stays bounded by one batch whatever the result's size.
 *
 * <p>Types map to their Arrow counterparts: integers (signed and unsigned) to Int, HUGEINT to Decimal(38, 0),
 * FLOAT/DOUBLE to FloatingPoint, DECIMAL(p, s) to Decimal(p, s), DATE to Date(DAY), TIME to Time(MICROSECOND),
 * TIMESTAMP to Timestamp(MICROSECOND) and TIMESTAMP WITH TIME ZONE to Timestamp(MICROSECOND, "UTC"), BLOB to Binary;
 * every other type (VARCHAR, UUID, INTERVAL, ENUM, lists, structs, maps) to Utf8, nested values as JSON text.
 */
final class ArrowResults {
    static final String MEDIA_TYPE = "application/vnd.apache.arrow.stream";
    /** Rows per Arrow record batch: engine batches are coalesced up to this many. */
    static final int BATCH_ROWS = 65_536;
    /** The rows a record batch first has room for: one batch of the engine's. */
    private static final int FIRST_ROWS = 2_048;
    private static final JsonFactory JSON = new JsonFactory();
    private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\((\\d+),\\s*(\\d+)\\)");

    private ArrowResults() {}

    /** Writes every row of {@code result} to {@code out}; returns the number of rows written. */
    static long write(OutputStream out, QueryResult result, BufferAllocator allocator) {
        Schema schema = result.schema();
        List<Field> fields = new ArrayList<>(schema.size());
        List<Kind> kinds = new ArrayList<>(schema.size());
        for (int c = 0; c < schema.size(); c++) {
            Kind kind = Kind.of(schema.column(c).type());
            kinds.add(kind);
            fields.add(new Field(schema.column(c).name(), FieldType.nullable(kind.arrowType(
                    schema.column(c).type())), null));
        }
        long total = 0;
        try (VectorSchemaRoot root = VectorSchemaRoot.create(new org.apache.arrow.vector.types.pojo.Schema(fields),
                allocator); ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
            writer.start();
            int filled = 0;
            // room for the first engine batch, grown as more arrive: a small result allocates little
            allocate(root, FIRST_ROWS);
            Optional<Batch> batch = result.hasRows() ? result.nextBatch() : Optional.empty();
            for (; batch.isPresent(); batch = result.nextBatch()) {
                Batch rows = batch.get();
                for (int start = 0; start < rows.rowCount(); ) {
                    int take = Math.min(rows.rowCount() - start, BATCH_ROWS - filled);
                    ensureCapacity(root, filled + take);
                    for (int c = 0; c < kinds.size(); c++) {
                        kinds.get(c).copy(rows.column(c), start, take, root.getVector(c), filled);
                    }
                    filled += take;
                    start += take;
                    if (filled == BATCH_ROWS) {
                        send(root, writer, filled);
                        total += filled;
                        filled = 0;
                        allocate(root, BATCH_ROWS);
                    }
                }
            }
            if (filled > 0 || total == 0) {
                send(root, writer, filled);
                total += filled;
            }
            writer.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total;
    }

    private static void ensureCapacity(VectorSchemaRoot root, int rows) {
        for (FieldVector vector : root.getFieldVectors()) {
            while (vector.getValueCapacity() < rows) {
                vector.reAlloc();
            }
        }
    }

    private static void allocate(VectorSchemaRoot root, int rows) {
        for (FieldVector vector : root.getFieldVectors()) {
            vector.setInitialCapacity(rows);
            vector.allocateNew();
        }
    }

    private static void send(VectorSchemaRoot root, ArrowStreamWriter writer, int rows) throws IOException {
        root.setRowCount(rows);
        writer.writeBatch();
    }

    /** How one column's values become Arrow values; NULLs stay unset (Arrow's validity bits start cleared). */
    private enum Kind {
        BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, UTINYINT, USMALLINT, UINTEGER, UBIGINT, HUGEINT, FLOAT, DOUBLE,
        DECIMAL, DATE, TIME, TIMESTAMP, TIMESTAMP_TZ, BLOB, TEXT;

        static Kind of(DataType type) {
            String name = type.sqlName();
            if (ArrowResults.DECIMAL.matcher(name).matches()) {
                return DECIMAL;
            }
            return switch (name) {
                case "BOOLEAN" -> BOOLEAN;
                case "TINYINT" -> TINYINT;
                case "SMALLINT" -> SMALLINT;
                case "INTEGER" -> INTEGER;
                case "BIGINT" -> BIGINT;
                case "UTINYINT" -> UTINYINT;
                case "USMALLINT" -> USMALLINT;
                case "UINTEGER" -> UINTEGER;
                case "UBIGINT" -> UBIGINT;
                case "HUGEINT", "UHUGEINT" -> HUGEINT;
                case "FLOAT" -> FLOAT;
                case "DOUBLE" -> DOUBLE;
                case "DATE" -> DATE;
                case "TIME" -> TIME;
                case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS" -> TIMESTAMP;
                case "TIMESTAMP WITH TIME ZONE" -> TIMESTAMP_TZ;
                case "BLOB" -> BLOB;
                default -> TEXT;
            };
        }

        ArrowType arrowType(DataType type) {
            return switch (this) {
                case BOOLEAN -> ArrowType.Bool.INSTANCE;
                case TINYINT -> new ArrowType.Int(8, true);
                case SMALLINT -> new ArrowType.Int(16, true);
                case INTEGER -> new ArrowType.Int(32, true);
                case BIGINT -> new ArrowType.Int(64, true);
                case UTINYINT -> new ArrowType.Int(8, false);
                case USMALLINT -> new ArrowType.Int(16, false);
                case UINTEGER -> new ArrowType.Int(32, false);
                case UBIGINT -> new ArrowType.Int(64, false);
                case HUGEINT -> new ArrowType.Decimal(38, 0, 128);
                case FLOAT -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
                case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
                case DECIMAL -> decimal(type.sqlName());
                case DATE -> new ArrowType.Date(DateUnit.DAY);
                case TIME -> new ArrowType.Time(TimeUnit.MICROSECOND, 64);
                case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
                case TIMESTAMP_TZ -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
                case BLOB -> ArrowType.Binary.INSTANCE;
                case TEXT -> ArrowType.Utf8.INSTANCE;
            };
        }

        private static ArrowType decimal(String sqlName) {
            Matcher matcher = ArrowResults.DECIMAL.matcher(sqlName);
            matcher.matches();
            return new ArrowType.Decimal(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), 128);
        }

        /** Copies rows {@code [from, from + count)} of {@code values} into {@code vector} from row {@code at}. */
        void copy(ColumnVector values, int from, int count, FieldVector vector, int at) {
            if (values.holdsDoubles() && this == DOUBLE) {
                Float8Vector target = (Float8Vector) vector;
                for (int r = 0; r < count; r++) {
                    if (!values.isNull(from + r)) {
                        target.set(at + r, values.getDouble(from + r));
                    }
                }
                return;
            }
            if (values.holdsLongs() && this == BIGINT) {
                BigIntVector target = (BigIntVector) vector;
                for (int r = 0; r < count; r++) {
                    if (!values.isNull(from + r)) {
                        target.set(at + r, values.getLong(from + r));
                    }
                }
                return;
            }
            for (int r = 0; r < count; r++) {
                Object value = values.get(from + r);
                if (value != null) {
                    set(vector, at + r, value);
                }
            }
        }

        private void set(FieldVector vector, int row, Object value) {
            switch (this) {
                case BOOLEAN -> ((BitVector) vector).set(row, (Boolean) value ? 1 : 0);
                case TINYINT -> ((TinyIntVector) vector).set(row, ((Number) value).byteValue());
                case SMALLINT -> ((SmallIntVector) vector).set(row, ((Number) value).shortValue());
                case INTEGER -> ((IntVector) vector).set(row, ((Number) value).intValue());
                case BIGINT -> ((BigIntVector) vector).set(row, ((Number) value).longValue());
                case UTINYINT -> ((UInt1Vector) vector).set(row, ((Number) value).intValue());
                case USMALLINT -> ((UInt2Vector) vector).set(row, ((Number) value).intValue());
                case UINTEGER -> ((UInt4Vector) vector).set(row, (int) ((Number) value).longValue());
                case UBIGINT -> ((UInt8Vector) vector).set(row, ((Number) value).longValue());
                case HUGEINT -> ((DecimalVector) vector).set(row, huge((BigInteger) value));
                case FLOAT -> ((Float4Vector) vector).set(row, ((Number) value).floatValue());
                case DOUBLE -> ((Float8Vector) vector).set(row, ((Number) value).doubleValue());
                case DECIMAL -> ((DecimalVector) vector).set(row, ((BigDecimal) value).setScale(
                        ((DecimalVector) vector).getScale(), RoundingMode.UNNECESSARY));
                case DATE -> ((DateDayVector) vector).set(row, (int) ((LocalDate) value).toEpochDay());
                case TIME -> ((TimeMicroVector) vector).set(row, ((LocalTime) value).toNanoOfDay() / 1_000);
                case TIMESTAMP -> ((TimeStampMicroVector) vector).set(row, micros(
                        ((LocalDateTime) value).toEpochSecond(ZoneOffset.UTC), ((LocalDateTime) value).getNano()));
                case TIMESTAMP_TZ -> ((TimeStampMicroTZVector) vector).set(row, micros(
                        ((OffsetDateTime) value).toEpochSecond(), ((OffsetDateTime) value).getNano()));
                case BLOB -> ((VarBinaryVector) vector).setSafe(row, (byte[]) value);
                case TEXT -> ((VarCharVector) vector).setSafe(row, text(value).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** Microseconds since the epoch, from whole seconds and the nanoseconds within the second. */
    private static long micros(long epochSecond, int nanos) {
        return epochSecond * 1_000_000 + nanos / 1_000;
    }

    /** A HUGEINT as Decimal(38, 0), which holds all but the 39-digit values. */
    private static BigDecimal huge(BigInteger value) {
        if (value.abs().toString().length() > 38) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "The HUGEINT value " + value + " has more than"
                    + " the 38 digits of Arrow's Decimal(38, 0); CAST the column to VARCHAR or DOUBLE");
        }
        return new BigDecimal(value);
    }

    /** Text of a value sent as Utf8: nested values as JSON, others as {@link ValueText}. */
    private static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (!(value instanceof List<?>) && !(value instanceof java.util.Map<?, ?>)) {
            return ValueText.of(value);
        }
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            JsonValues.write(json, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
