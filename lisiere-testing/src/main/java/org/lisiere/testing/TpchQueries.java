package org.lisiere.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The 22 TPC-H queries and their answers at scale factor 0.01, as shipped in the {@code io.trino.tpch} jar
 * (Trino's verification answers for exactly the generated data).
 */
public final class TpchQueries {
    private static final String ROOT = "/io/trino/tpch/queries/";

    private TpchQueries() {}

    /**
     * The statements of query {@code number}, without comments; all but the last prepare (q15 creates a view).
     */
    public static List<String> statements(int number) {
        String text = resource("q" + number + ".sql").lines()
                .filter(line -> !line.strip().startsWith("--"))
                .reduce("", (a, b) -> a + b + "\n");
        return Arrays.stream(text.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** The expected result of query {@code number} at scale factor 0.01. */
    public static ExpectedResult answer(int number) {
        return ExpectedResult.parse(resource("q" + number + ".result"));
    }

    private static String resource(String name) {
        try (InputStream in = TpchQueries.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("missing TPC-H resource " + ROOT + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
