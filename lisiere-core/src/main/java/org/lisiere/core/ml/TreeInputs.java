package org.lisiere.core.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.lisiere.core.ml.TreeModel.TreeFeature;

/**
 * How the features of a tree model travel from SQL to Java: one FLOAT argument per input column — a numeric value,
 * or for a categorical column the 1-based position of its category in the model's list (0 unseen, -1 NULL) — and
 * unpacked into the trees' one-hot features in Java. A model with a category of 66 values then costs the engine one
 * list lookup per row instead of 66 comparisons, for each output of a multiclass model.
 */
final class TreeInputs {
    private static final int NULL = -1;

    private final List<String> columns = new ArrayList<>();
    /** Per input column: its numeric feature, or -1 for a categorical one. */
    private final int[] numericFeature;
    /** Per input column: the feature of each category position (index 0 unused), empty for a numeric one. */
    private final int[][] categoryFeatures;
    /** Per input column: the feature of the NULL category, or -1. */
    private final int[] nullFeature;
    private final List<List<String>> categories = new ArrayList<>();
    private final int width;

    TreeInputs(List<TreeFeature> features) {
        width = features.size();
        for (TreeFeature feature : features) {
            if (!columns.contains(feature.column())) {
                columns.add(feature.column());
                categories.add(new ArrayList<>());
            }
        }
        numericFeature = new int[columns.size()];
        nullFeature = new int[columns.size()];
        Arrays.fill(numericFeature, -1);
        Arrays.fill(nullFeature, -1);
        List<List<Integer>> positions = new ArrayList<>();
        columns.forEach(c -> positions.add(new ArrayList<>(List.of(-1))));
        for (int f = 0; f < features.size(); f++) {
            TreeFeature feature = features.get(f);
            int c = columns.indexOf(feature.column());
            if (feature.isNumeric()) {
                numericFeature[c] = f;
            } else if (feature.nullCategory()) {
                nullFeature[c] = f;
            } else {
                categories.get(c).add(feature.category().orElseThrow());
                positions.get(c).add(f);
            }
        }
        categoryFeatures = positions.stream().map(p -> p.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
    }

    /** The input columns, in the order of their first feature: one argument each. */
    List<String> columns() {
        return List.copyOf(columns);
    }

    /** The number of features the trees read. */
    int width() {
        return width;
    }

    /** The arguments, comma-separated: one FLOAT expression per input column. */
    String arguments(UnaryOperator<String> column) {
        List<String> arguments = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            String value = column.apply(columns.get(c));
            if (numericFeature[c] >= 0) {
                arguments.add("CAST(" + value + " AS FLOAT)");
            } else {
                String list = categories.get(c).stream().map(LinearModelSql::string)
                        .collect(Collectors.joining(", ", "[", "]"));
                arguments.add("CAST(CASE WHEN " + value + " IS NULL THEN " + NULL + " ELSE coalesce(list_position("
                        + (categories.get(c).isEmpty() ? "CAST([] AS VARCHAR[])" : list) + ", CAST(" + value
                        + " AS VARCHAR)), 0) END AS FLOAT)");
            }
        }
        return String.join(", ", arguments);
    }

    /**
     * The argument that {@link #arguments} computes in SQL for input column {@code c}, from one value ({@code null},
     * Boolean, Long, Double or String); empty where Java would not compute it exactly as DuckDB (text to a number, a
     * fractional number to a category's text).
     */
    Optional<Float> argument(int c, Object value) {
        if (numericFeature[c] >= 0) {
            if (value == null) {
                return Optional.of(Float.NaN);
            }
            if (value instanceof Long number) {
                return Optional.of(number.floatValue());
            }
            if (value instanceof Double number) {
                return Optional.of(number.floatValue());
            }
            return value instanceof Boolean bool ? Optional.of(bool ? 1f : 0f) : Optional.empty();
        }
        return EventScorer.asText(value).map(text -> text.map(t -> (float) (categories.get(c).indexOf(t) + 1))
                .orElse((float) NULL));
    }

    /**
     * The trees' features of {@code count} rows, row-major, from packed arguments that start at {@code offset} of
     * each row of {@code stride} values.
     */
    float[] unpack(float[] packed, int count, int stride, int offset) {
        float[] rows = new float[count * width];
        for (int r = 0; r < count; r++) {
            int from = r * stride + offset;
            int to = r * width;
            for (int c = 0; c < numericFeature.length; c++) {
                float value = packed[from + c];
                if (numericFeature[c] >= 0) {
                    rows[to + numericFeature[c]] = value;
                } else if (value == NULL) {
                    if (nullFeature[c] >= 0) {
                        rows[to + nullFeature[c]] = 1;
                    }
                } else if (value > 0) {
                    rows[to + categoryFeatures[c][(int) value]] = 1;
                }
            }
        }
        return rows;
    }
}
