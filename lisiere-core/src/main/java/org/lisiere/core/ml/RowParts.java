package org.lisiere.core.ml;

import java.util.List;
import java.util.stream.IntStream;

/**
 * Splits the rows of a pass into a fixed number of consecutive ranges, worked on in parallel and combined in range
 * order: a sum over the rows comes out the same whatever the core count or the scheduling.
 */
final class RowParts {
    /** Enough ranges to keep a few cores busy, few enough that each range is long. */
    static final int PARTS = 4;

    private RowParts() {}

    /** Work on the rows {@code [from, to)}. */
    interface Range<T> {
        T apply(int from, int to);
    }

    /** Work on the rows {@code [from, to)} with no result. */
    interface RangeAction {
        void run(int from, int to);
    }

    /** The results of {@code work} over each range of {@code rows}, in range order. */
    static <T> List<T> map(int rows, Range<T> work) {
        return IntStream.range(0, PARTS).parallel().mapToObj(part -> work.apply(start(rows, part),
                start(rows, part + 1))).toList();
    }

    /** Runs {@code work} over each range of {@code rows}, in parallel. */
    static void forEach(int rows, RangeAction work) {
        IntStream.range(0, PARTS).parallel().forEach(part -> work.run(start(rows, part), start(rows, part + 1)));
    }

    private static int start(int rows, int part) {
        return (int) ((long) rows * part / PARTS);
    }
}
