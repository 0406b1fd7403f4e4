package org.lisiere.core.text;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders values as text the way DuckDB's shell does: plain decimals, space-separated timestamps. */
public final class ValueText {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS");

    private ValueText() {}

    /** The text of a non-null value. */
    public static String of(Object value) {
        if (value instanceof Double d) {
            return decimal(d);
        }
        if (value instanceof Float f) {
            return decimal(f.doubleValue());
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (value instanceof LocalDateTime t) {
            return t.toLocalDate() + " " + time(t.toLocalTime());
        }
        if (value instanceof LocalTime t) {
            return time(t);
        }
        if (value instanceof byte[] bytes) {
            return "\\x" + HexFormat.of().withUpperCase().formatHex(bytes);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ValueText::ofNullable).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> ofNullable(e.getKey()) + ": " + ofNullable(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        return String.valueOf(value);
    }

    /** Like {@link #of(Object)}, with SQL NULL written {@code NULL}. */
    public static String ofNullable(Object value) {
        return value == null ? "NULL" : of(value);
    }

    private static String time(LocalTime time) {
        return (time.getNano() == 0 ? SECONDS : MICROS).format(time);
    }

    private static String decimal(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        double magnitude = Math.abs(d);
        if (d == 0 || (magnitude >= 1e-5 && magnitude < 1e16)) {
            String plain = new BigDecimal(Double.toString(d)).toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        return Double.toString(d);
    }
}
