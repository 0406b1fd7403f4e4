package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Row numbers of the training data in a defined order, immutable. An int array rather than a list of boxed integers:
 * a million boxed rows cost a million objects, which every young collection during training copied.
 */
final class Rows {
    private static final Rows NONE = new Rows(new int[0]);

    private final int[] indices;

    private Rows(int[] indices) {
        this.indices = indices;
    }

    /** The given row numbers, copied. */
    static Rows of(int[] indices) {
        return new Rows(requireNonNull(indices, "indices is null").clone());
    }

    /** Rows {@code 0 … count - 1}. */
    static Rows all(int count) {
        return new Rows(IntStream.range(0, count).toArray());
    }

    static Rows none() {
        return NONE;
    }

    int size() {
        return indices.length;
    }

    boolean isEmpty() {
        return indices.length == 0;
    }

    int get(int index) {
        return indices[index];
    }

    /** The rows {@code [from, to)} of this sequence. */
    Rows slice(int from, int to) {
        return new Rows(Arrays.copyOfRange(indices, from, to));
    }

    /** A copy of the row numbers, for the loops over millions of rows. */
    int[] toArray() {
        return indices.clone();
    }

    IntStream stream() {
        return Arrays.stream(indices);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Rows rows && Arrays.equals(indices, rows.indices);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(indices);
    }

    @Override
    public String toString() {
        return indices.length + " rows";
    }
}
