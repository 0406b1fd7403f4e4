package org.lisiere.testing;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A result in the {@code .result} format of the TPC-H answers: a header comment
 * ({@code -- delimiter: |; ignoreOrder: false;}) and one delimited row per line.
 */
public record ExpectedResult(boolean ignoreOrder, List<List<String>> rows) {
    public ExpectedResult {
        rows = List.copyOf(requireNonNull(rows, "rows is null"));
    }

    /** Parses the text of a {@code .result} file. */
    public static ExpectedResult parse(String text) {
        List<String> lines = text.lines().toList();
        String header = lines.get(0);
        boolean ignoreOrder = header.contains("ignoreOrder: true");
        List<List<String>> rows = lines.stream().skip(1).filter(l -> !l.isEmpty())
                .map(l -> Arrays.asList(l.split("\\|", -1)))
                .toList();
        return new ExpectedResult(ignoreOrder, rows);
    }

    /**
     * Compares actual rows (values rendered with {@code String.valueOf}, NULL as {@code null} as in the answer files) with this answer.
     * Numbers match when they differ by less than one unit of the last decimal place of the expected value (the
     * answers round averages to two decimals); text matches exactly after trimming the padding of CHAR columns.
     *
     * @return a description of the first difference, or empty when the results match
     */
    public Optional<String> compare(List<List<String>> actual) {
        List<List<String>> expected = rows;
        List<List<String>> got = actual;
        if (ignoreOrder) {
            expected = sorted(expected);
            got = sorted(got);
        }
        if (expected.size() != got.size()) {
            return Optional.of("expected " + expected.size() + " rows but got " + got.size());
        }
        for (int r = 0; r < expected.size(); r++) {
            List<String> want = expected.get(r);
            List<String> have = got.get(r);
            for (int c = 0; c < have.size(); c++) {
                String w = c < want.size() ? want.get(c) : "";
                if (!matches(w, have.get(c))) {
                    return Optional.of("row " + (r + 1) + " column " + (c + 1) + ": expected '" + w + "' but got '"
                            + have.get(c) + "'");
                }
            }
        }
        return Optional.empty();
    }

    private static List<List<String>> sorted(List<List<String>> rows) {
        List<List<String>> copy = new ArrayList<>(rows);
        copy.sort(Comparator.comparing(row -> String.join("|", row)));
        return copy;
    }

    private static boolean matches(String expected, String actual) {
        if (expected.strip().equals(actual.strip())) {
            return true;
        }
        try {
            BigDecimal want = new BigDecimal(expected.strip());
            BigDecimal have = new BigDecimal(actual.strip());
            BigDecimal unit = BigDecimal.ONE.movePointLeft(Math.max(0, want.scale()));
            return want.subtract(have).abs().compareTo(unit) < 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
