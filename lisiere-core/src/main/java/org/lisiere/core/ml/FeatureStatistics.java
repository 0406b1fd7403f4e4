package org.lisiere.core.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import org.lisiere.core.ml.ModelVersion.FeatureInfo;
import org.lisiere.spi.Column;

/** ML.FEATURE_INFO: statistics of each input column over the training rows. */
final class FeatureStatistics {
    private FeatureStatistics() {}

    static List<FeatureInfo> of(TrainingData data, Set<Integer> excluded, List<Integer> rows) {
        List<FeatureInfo> info = new ArrayList<>();
        for (int c = 0; c < data.schema().size(); c++) {
            if (excluded.contains(c)) {
                continue;
            }
            Column column = data.schema().column(c);
            Object[] values = data.columns().get(c);
            long nulls = rows.stream().filter(r -> values[r] == null).count();
            if (column.type().family().isNumeric()) {
                info.add(numeric(column.name(), values, rows, nulls));
            } else {
                Set<Object> distinct = new HashSet<>();
                rows.stream().filter(r -> values[r] != null).forEach(r -> distinct.add(values[r]));
                info.add(new FeatureInfo(column.name(), OptionalDouble.empty(), OptionalDouble.empty(),
                        OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                        OptionalLong.of(distinct.size()), nulls));
            }
        }
        return info;
    }

    private static FeatureInfo numeric(String name, Object[] values, List<Integer> rows, long nulls) {
        double[] present = rows.stream().filter(r -> values[r] != null)
                .mapToDouble(r -> ((Number) values[r]).doubleValue()).sorted().toArray();
        if (present.length == 0) {
            return new FeatureInfo(name, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                    OptionalDouble.empty(), OptionalDouble.empty(), OptionalLong.empty(), nulls);
        }
        int n = present.length;
        double mean = Arrays.stream(present).average().orElseThrow();
        double squares = Arrays.stream(present).map(v -> (v - mean) * (v - mean)).sum();
        double median = n % 2 == 1 ? present[n / 2] : (present[n / 2 - 1] + present[n / 2]) / 2;
        return new FeatureInfo(name, OptionalDouble.of(present[0]), OptionalDouble.of(present[n - 1]),
                OptionalDouble.of(mean), OptionalDouble.of(median),
                n > 1 ? OptionalDouble.of(Math.sqrt(squares / (n - 1))) : OptionalDouble.empty(), OptionalLong.empty(),
                nulls);
    }
}
