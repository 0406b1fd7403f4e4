package org.lisiere.core.ml;

import static org.lisiere.core.ml.LinearModelSql.literal;
import static org.lisiere.core.ml.TransformCompiler.number;
import static org.lisiere.core.ml.TransformCompiler.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * BigQuery ML's preprocessing functions as SQL. The analytic ones (written {@code ML.F(x) OVER ()}) learn their
 * statistics from the training data here; the result is a plain expression with those statistics as literals.
 */
final class Preprocessing {
    static final Set<String> ANALYTIC = Set.of("STANDARD_SCALER", "MIN_MAX_SCALER", "MAX_ABS_SCALER",
            "ROBUST_SCALER", "QUANTILE_BUCKETIZE", "IMPUTER", "ONE_HOT_ENCODER", "LABEL_ENCODER");
    static final Set<String> SCALAR = Set.of("BUCKETIZE", "HASH_BUCKETIZE", "FEATURE_CROSS", "POLYNOMIAL_EXPAND");
    private static final int DEFAULT_TOP_K = 32_000;
    private static final int DEFAULT_FREQUENCY = 5;

    private Preprocessing() {}

    static String compile(TransformCompiler compiler, String function, List<String> arguments, boolean analytic) {
        if (!ANALYTIC.contains(function) && !SCALAR.contains(function)) {
            throw compiler.error("TRANSFORM: ML." + function + " is not a preprocessing function; available: ML."
                    + String.join(", ML.", new java.util.TreeSet<>(union())));
        }
        if (ANALYTIC.contains(function) != analytic) {
            throw compiler.error("TRANSFORM: ML." + function + (analytic ? " is not analytic; remove OVER ()"
                    : " learns from the training data and is written ML." + function + "(...) OVER ()"));
        }
        if (arguments.isEmpty()) {
            throw compiler.error("TRANSFORM: ML." + function + " needs the column as its first argument");
        }
        String x = "CAST(" + arguments.get(0) + " AS DOUBLE)";
        return switch (function) {
            case "STANDARD_SCALER" -> {
                List<Object> s = compiler.statistics("avg(" + x + "), stddev_samp(" + x + ")");
                yield scaled(x, number(s.get(0)), s.get(1));
            }
            case "MIN_MAX_SCALER" -> {
                List<Object> s = compiler.statistics("min(" + x + "), max(" + x + ")");
                yield "greatest(0e0, least(1e0, " + scaled(x, number(s.get(0)), difference(s.get(1), s.get(0)))
                        + "))";
            }
            case "MAX_ABS_SCALER" -> scaled(x, "0e0", compiler.statistics("max(abs(" + x + "))").get(0));
            case "ROBUST_SCALER" -> {
                List<Object> s = compiler.statistics("quantile_cont(" + x + ", 0.25), quantile_cont(" + x
                        + ", 0.5), quantile_cont(" + x + ", 0.75)");
                yield scaled(x, number(s.get(1)), difference(s.get(2), s.get(0)));
            }
            case "QUANTILE_BUCKETIZE" -> quantileBucketize(compiler, arguments, x);
            case "IMPUTER" -> imputer(compiler, arguments);
            case "ONE_HOT_ENCODER" -> oneHot(compiler, arguments);
            case "LABEL_ENCODER" -> labelEncoder(compiler, arguments);
            case "BUCKETIZE" -> bucketize(compiler, arguments, x);
            case "HASH_BUCKETIZE" -> "'bin_' || (hash(CAST(" + arguments.get(0) + " AS VARCHAR)) % "
                    + compiler.integer(argument(compiler, arguments, 1, function), "ML.HASH_BUCKETIZE buckets", 1,
                            Integer.MAX_VALUE) + ")";
            case "FEATURE_CROSS" -> compiler.structFields(arguments.get(0), "ML.FEATURE_CROSS").stream()
                    .map(f -> "CAST(" + f + " AS VARCHAR)").collect(Collectors.joining(", ", "concat_ws('_', ", ")"));
            default -> throw compiler.error("TRANSFORM: ML.POLYNOMIAL_EXPAND must be a whole TRANSFORM item");
        };
    }

    private static Set<String> union() {
        Set<String> all = new java.util.HashSet<>(ANALYTIC);
        all.addAll(SCALAR);
        return all;
    }

    /** {@code (x - center) / scale}; 0 when the training data had no spread. */
    private static String scaled(String x, String center, Object scale) {
        if (scale == null || ((Number) scale).doubleValue() == 0) {
            return "CASE WHEN " + x + " IS NULL THEN NULL ELSE 0e0 END";
        }
        return "(" + x + " - " + center + ") / " + literal(((Number) scale).doubleValue());
    }

    private static Object difference(Object a, Object b) {
        return a == null || b == null ? null : ((Number) a).doubleValue() - ((Number) b).doubleValue();
    }

    private static String quantileBucketize(TransformCompiler compiler, List<String> arguments, String x) {
        int buckets = compiler.integer(argument(compiler, arguments, 1, "QUANTILE_BUCKETIZE"),
                "ML.QUANTILE_BUCKETIZE buckets", 2, 10_000);
        String fractions = IntStream.range(1, buckets).mapToObj(k -> literal((double) k / buckets))
                .collect(Collectors.joining(", ", "[", "]"));
        Object bounds = compiler.statistics("quantile_cont(" + x + ", " + fractions + ")").get(0);
        return bucketExpression(x, (List<?>) bounds);
    }

    private static String bucketize(TransformCompiler compiler, List<String> arguments, String x) {
        String points = argument(compiler, arguments, 1, "BUCKETIZE").strip();
        if (!points.startsWith("[") || !points.endsWith("]")) {
            throw compiler.error("TRANSFORM: ML.BUCKETIZE takes the split points as an array: ML.BUCKETIZE(x,"
                    + " [1, 5, 10])");
        }
        return "CASE WHEN " + x + " IS NULL THEN NULL ELSE 'bin_' || (1 + len(list_filter(" + points
                + "::DOUBLE[], lambda __lisiere_b: __lisiere_b <= " + x + "))) END";
    }

    /** 'bin_1' below the first bound to 'bin_n' from the last on. */
    private static String bucketExpression(String x, List<?> bounds) {
        String list = bounds.stream().map(b -> literal(((Number) b).doubleValue()))
                .collect(Collectors.joining(", ", "[", "]"));
        return "CASE WHEN " + x + " IS NULL THEN NULL ELSE 'bin_' || (1 + len(list_filter(" + list
                + "::DOUBLE[], lambda __lisiere_b: __lisiere_b <= " + x + "))) END";
    }

    private static String imputer(TransformCompiler compiler, List<String> arguments) {
        String strategy = unquote(argument(compiler, arguments, 1, "IMPUTER")).toLowerCase(Locale.ROOT);
        String column = arguments.get(0);
        String aggregate = switch (strategy) {
            case "mean" -> "avg(CAST(" + column + " AS DOUBLE))";
            case "median" -> "quantile_cont(CAST(" + column + " AS DOUBLE), 0.5)";
            case "most_frequent" -> "mode(" + column + ")";
            default -> throw compiler.error("TRANSFORM: ML.IMPUTER strategy is '" + strategy + "'; expected 'mean',"
                    + " 'median' or 'most_frequent'");
        };
        Object value = compiler.statistics(aggregate).get(0);
        String fill = value instanceof Number n && !strategy.equals("most_frequent") ? literal(n.doubleValue())
                : value instanceof Number n ? n.toString() : text(value);
        return "coalesce(" + column + ", " + fill + ")";
    }

    /** The kept categories: at least {@code frequency} rows, the {@code topK} most frequent, in text order. */
    private static List<String> categories(TransformCompiler compiler, String column, int topK, int frequency) {
        Object kept = compiler.firstRow("SELECT list_sort(list(value)) FROM (SELECT CAST(" + column + " AS VARCHAR)"
                + " AS value, count(*) AS n FROM " + TransformCompiler.INPUT + " WHERE " + column + " IS NOT NULL"
                + " GROUP BY value HAVING count(*) >= " + frequency + " ORDER BY n DESC, value LIMIT " + topK + ")")
                .get(0);
        List<String> categories = new ArrayList<>();
        if (kept != null) {
            ((List<?>) kept).forEach(v -> categories.add(String.valueOf(v)));
        }
        return categories;
    }

    private static String oneHot(TransformCompiler compiler, List<String> arguments) {
        String drop = arguments.size() > 1 ? unquote(arguments.get(1)).toLowerCase(Locale.ROOT) : "none";
        if (!drop.equals("none") && !drop.equals("most_frequent")) {
            throw compiler.error("TRANSFORM: ML.ONE_HOT_ENCODER drop is '" + drop + "'; expected 'none' or"
                    + " 'most_frequent'");
        }
        int topK = arguments.size() > 2 ? compiler.integer(arguments.get(2), "ML.ONE_HOT_ENCODER top_k", 1,
                DEFAULT_TOP_K) : DEFAULT_TOP_K;
        int frequency = arguments.size() > 3 ? compiler.integer(arguments.get(3),
                "ML.ONE_HOT_ENCODER frequency_threshold", 1, Integer.MAX_VALUE) : DEFAULT_FREQUENCY;
        List<String> kept = categories(compiler, arguments.get(0), topK, frequency);
        String value = "CAST(" + arguments.get(0) + " AS VARCHAR)";
        return kept.isEmpty() ? "CAST(NULL AS VARCHAR)" : "CASE WHEN " + value + " IN (" + kept.stream()
                .map(TransformCompiler::text).collect(Collectors.joining(", ")) + ") THEN " + value + " END";
    }

    private static String labelEncoder(TransformCompiler compiler, List<String> arguments) {
        int topK = arguments.size() > 1 ? compiler.integer(arguments.get(1), "ML.LABEL_ENCODER top_k", 1,
                DEFAULT_TOP_K) : DEFAULT_TOP_K;
        int frequency = arguments.size() > 2 ? compiler.integer(arguments.get(2),
                "ML.LABEL_ENCODER frequency_threshold", 1, Integer.MAX_VALUE) : DEFAULT_FREQUENCY;
        List<String> kept = categories(compiler, arguments.get(0), topK, frequency);
        StringBuilder sql = new StringBuilder("CASE CAST(" + arguments.get(0) + " AS VARCHAR)");
        for (int i = 0; i < kept.size(); i++) {
            sql.append(" WHEN ").append(text(kept.get(i))).append(" THEN ").append(i + 1);
        }
        return sql.append(" ELSE 0 END").toString();
    }

    private static String argument(TransformCompiler compiler, List<String> arguments, int index, String function) {
        if (arguments.size() <= index) {
            throw compiler.error("TRANSFORM: ML." + function + " needs " + (index + 1) + " arguments");
        }
        return arguments.get(index);
    }

    private static String unquote(String text) {
        String stripped = text.strip();
        return stripped.length() >= 2 && stripped.startsWith("'") && stripped.endsWith("'")
                ? stripped.substring(1, stripped.length() - 1).replace("''", "'") : stripped;
    }
}
