package org.lisiere.core.ml;

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

    static List<FeatureInfo> of(TrainingData data, Set<Integer> excluded, Rows rowList) {
        int[] rows = rowList.toArray();
        boolean everyRow = isEveryRow(rows, data.rows());
        // Columns are independent: one per core, in column order.
        return java.util.stream.IntStream.range(0, data.schema().size()).filter(c -> !excluded.contains(c))
                .parallel().mapToObj(c -> of(data.schema().column(c), data.column(c), rows, everyRow)).toList();
    }

    /** @param everyRow whether {@code rows} are all the rows of the column, in order */
    private static FeatureInfo of(Column column, TrainingData.Column values, int[] rows, boolean everyRow) {
        long nulls = nulls(values, rows, everyRow);
        if (column.type().family().isNumeric()) {
            return numeric(column.name(), values, rows, nulls, nulls == 0 && everyRow);
        }
        Set<Object> distinct = new HashSet<>();
        for (int row : rows) {
            if (!values.isNull(row)) {
                distinct.add(values.value(row));
            }
        }
        return new FeatureInfo(column.name(), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalLong.of(distinct.size()), nulls);
    }

    private static long nulls(TrainingData.Column values, int[] rows, boolean everyRow) {
        long nulls = 0;
        if (values instanceof TrainingData.Numbers numbers && everyRow) {
            for (boolean isNull : numbers.nulls()) { // the array itself: a call per row took longer than the count
                nulls += isNull ? 1 : 0;
            }
            return nulls;
        }
        for (int row : rows) {
            nulls += values.isNull(row) ? 1 : 0;
        }
        return nulls;
    }

    private static FeatureInfo numeric(String name, TrainingData.Column values, int[] rows, long nulls,
            boolean everyValue) {
        double[] present = present(values, rows, everyValue);
        int count = present.length;
        Pass pass = Pass.over(present);
        double sum = pass.sum();
        double min = pass.min();
        double max = pass.max();
        if (Double.isNaN(sum) && Arrays.stream(present).anyMatch(Double::isNaN)) {
            min = Double.NaN; // as Math.min would give
            max = Double.NaN;
        }
        if (count == 0) {
            return new FeatureInfo(name, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                    OptionalDouble.empty(), OptionalDouble.empty(), OptionalLong.empty(), nulls);
        }
        int n = count;
        double mean = sum / n;
        double squares = Sums.ofSquares(present, mean);
        double median = pass.histogram().length == 0 ? median(present) : median(present, pass.histogram());
        return new FeatureInfo(name, OptionalDouble.of(min), OptionalDouble.of(max),
                OptionalDouble.of(mean), OptionalDouble.of(median),
                n > 1 ? OptionalDouble.of(Math.sqrt(squares / (n - 1))) : OptionalDouble.empty(), OptionalLong.empty(),
                nulls);
    }

    /**
     * The values of {@code rows} that are not NULL, in row order; read straight from the array when unboxed, and that
     * array itself when it holds just those values ({@code everyValue}: every row, none NULL) and is long enough that
     * {@link #median} only reads it.
     */
    private static double[] present(TrainingData.Column values, int[] rows, boolean everyValue) {
        if (values instanceof TrainingData.Numbers numbers && everyValue && rows.length >= RADIX_MIN) {
            return numbers.values();
        }
        double[] present = new double[rows.length];
        int count = 0;
        if (values instanceof TrainingData.Numbers numbers) {
            double[] raw = numbers.values();
            boolean[] nulls = numbers.nulls();
            for (int row : rows) {
                present[count] = raw[row];
                count += nulls[row] ? 0 : 1; // no branch: NULLs are rare or common, rarely predictable
            }
        } else {
            for (int row : rows) {
                if (!values.isNull(row)) {
                    present[count++] = values.number(row);
                }
            }
        }
        return count == present.length ? present : Arrays.copyOf(present, count);
    }

    /** Whether {@code rows}, ascending and distinct as row sets are, are all rows 0 … count - 1. */
    private static boolean isEveryRow(int[] rows, int count) {
        if (rows.length != count) {
            return false;
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] != i) {
                return false;
            }
        }
        return true;
    }

    /**
     * The median of {@code values}, which must not be empty; reorders them when fewer than {@link #RADIX_MIN}, else
     * only reads them. Large inputs are first narrowed by a histogram of
     * the top 16 bits of each value's order-preserving bit pattern: one sequential pass finds the buckets holding the
     * middle rank(s), a second gathers their values, which are few unless most values share their top bits, and only
     * those go through quickselect (a quickselect over every value took most of the statistics' time).
     */
    static double median(double[] values) {
        int n = values.length;
        if (n < RADIX_MIN) {
            double upper = select(values, n / 2);
            return n % 2 == 1 ? upper : (largest(values, n / 2) + upper) / 2;
        }
        int[] counts = new int[BUCKETS];
        for (double v : values) {
            counts[bucket(v)]++;
        }
        return median(values, counts);
    }

    /** {@link #median(double[])} of at least {@link #RADIX_MIN} values whose histogram ({@link #bucket}) is known. */
    private static double median(double[] values, int[] counts) {
        int n = values.length;
        int upperRank = n / 2;
        int lowerRank = n % 2 == 1 ? upperRank : upperRank - 1;
        int first = 0;
        int below = 0; // values in buckets before first
        while (below + counts[first] <= lowerRank) {
            below += counts[first++];
        }
        int last = first;
        int through = below + counts[first]; // values in buckets up to last
        while (through <= upperRank) {
            through += counts[++last];
        }
        double[] candidates = new double[through - below];
        int m = 0;
        int span = last - first;
        for (double v : values) {
            // one unsigned comparison for first <= bucket <= last: two branches made this loop six times slower
            if (Integer.compareUnsigned(bucket(v) - first, span) <= 0) {
                candidates[m++] = v;
            }
        }
        int rank = upperRank - below;
        double upper = select(candidates, rank);
        return n % 2 == 1 ? upper : (largest(candidates, rank) + upper) / 2;
    }

    /** Inputs this long or longer take the histogram path of {@link #median}. */
    static final int RADIX_MIN = 1 << 12;
    private static final int BUCKETS = 1 << 16;

    /**
     * The sum (added as {@link Sums#of} adds), minimum and maximum of some values and, when there are at least
     * {@link #RADIX_MIN}, the histogram {@link #median} needs (else empty): one pass over the values, where each took
     * its own.
     */
    private record Pass(double sum, double min, double max, int[] histogram) {
        static Pass over(double[] values) {
            int[] counts = new int[values.length >= RADIX_MIN ? BUCKETS : 0];
            boolean histogram = counts.length > 0;
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            int i = 0;
            for (; i + 4 <= values.length; i += 4) {
                double v0 = values[i];
                double v1 = values[i + 1];
                double v2 = values[i + 2];
                double v3 = values[i + 3];
                s0 += v0;
                s1 += v1;
                s2 += v2;
                s3 += v3;
                // Math.min's care for NaN and -0.0 doubled this loop's time: the caller sees NaN in the sum
                min = v0 < min ? v0 : min;
                min = v1 < min ? v1 : min;
                min = v2 < min ? v2 : min;
                min = v3 < min ? v3 : min;
                max = v0 > max ? v0 : max;
                max = v1 > max ? v1 : max;
                max = v2 > max ? v2 : max;
                max = v3 > max ? v3 : max;
                if (histogram) {
                    counts[bucket(v0)]++;
                    counts[bucket(v1)]++;
                    counts[bucket(v2)]++;
                    counts[bucket(v3)]++;
                }
            }
            for (; i < values.length; i++) {
                double v = values[i];
                s0 += v;
                min = v < min ? v : min;
                max = v > max ? v : max;
                if (histogram) {
                    counts[bucket(v)]++;
                }
            }
            return new Pass((s0 + s1) + (s2 + s3), min, max, counts);
        }
    }

    /** The top 16 bits of {@code v}'s bit pattern, flipped so that unsigned order is numeric order. */
    private static int bucket(double v) {
        long bits = Double.doubleToRawLongBits(v);
        return (int) ((bits ^ ((bits >> 63) | Long.MIN_VALUE)) >>> 48);
    }

    /** The largest of the first {@code count} values: after {@code select(values, count)}, the next smaller one. */
    private static double largest(double[] values, int count) {
        double largest = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            largest = Math.max(largest, values[i]);
        }
        return largest;
    }

    /**
     * The k-th smallest value (0-based) by quickselect; reorders {@code values} so that none before position k is
     * greater than the result.
     */
    static double select(double[] values, int k) {
        int low = 0;
        int high = values.length - 1;
        java.util.SplittableRandom random = new java.util.SplittableRandom(k);
        while (low < high) {
            double pivot = values[low + random.nextInt(high - low + 1)];
            int i = low;
            int j = high;
            while (i <= j) {
                while (values[i] < pivot) {
                    i++;
                }
                while (values[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double swap = values[i];
                    values[i++] = values[j];
                    values[j--] = swap;
                }
            }
            if (k <= j) {
                high = j;
            } else if (k >= i) {
                low = i;
            } else {
                return values[k];
            }
        }
        return values[k];
    }
}
