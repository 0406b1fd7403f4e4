package org.lisiere.spi.trees;

import static java.util.Objects.requireNonNull;

/**
 * Rows of features for tree training, row-major, {@code NaN} for a missing value; one label and one weight per row.
 *
 * @param features {@code rows × columns} values, row after row
 * @param labels the regression target, or the 0-based class index of a classifier
 */
public record TreeDataset(float[] features, int rows, int columns, float[] labels, float[] weights) {
    public TreeDataset {
        requireNonNull(features, "features is null");
        requireNonNull(labels, "labels is null");
        requireNonNull(weights, "weights is null");
        if (rows < 0 || columns < 0 || (long) rows * columns != features.length) {
            throw new IllegalArgumentException("features hold " + features.length + " values, not " + rows + " rows × "
                    + columns + " columns");
        }
        if (labels.length != rows || weights.length != rows) {
            throw new IllegalArgumentException(labels.length + " labels and " + weights.length + " weights for "
                    + rows + " rows");
        }
    }
}
