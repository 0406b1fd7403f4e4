package org.lisiere.spi;

/**
 * How far a running statement has come.
 *
 * @param fraction between 0 and 1
 * @param rowsProcessed rows read so far
 * @param totalRows rows to read in all, 0 when unknown
 */
public record Progress(double fraction, long rowsProcessed, long totalRows) {
    public Progress {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be within [0, 1]: " + fraction);
        }
        if (rowsProcessed < 0 || totalRows < 0) {
            throw new IllegalArgumentException("row counts must be >= 0");
        }
    }
}
