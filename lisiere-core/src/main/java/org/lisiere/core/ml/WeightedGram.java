package org.lisiere.core.ml;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * {@code XᵀWX} and {@code XᵀWy} in one pass over a column-major design: the cost of a Newton step. The rows are
 * summed block by block, so that each block of the design is read from memory once and reused from cache for all
 * {@code p²/2} products (one dot product per pair over all rows would stream the design p/2 times), by fixed row
 * ranges in parallel, combined in range order. Within a block, groups of columns meet groups of columns so that
 * independent sums keep the multiply-add units busy where one running sum would wait on each addition: four by four
 * with fused multiply-adds where the processor has them, two by two otherwise ({@link Math#fma} without the hardware
 * instruction is a hundred times slower).
 */
final class WeightedGram {
    /** Rows per block: a block of a 20-column design and its weighted copy fit in L2 cache. */
    private static final int BLOCK = 1024;
    private static final boolean HARDWARE_FMA = hardwareFma();

    private WeightedGram() {}

    /**
     * The upper triangle of {@code XᵀWX} in columns {@code 0 … p-1} of rows {@code 0 … p-1} and {@code XᵀWy} in
     * column p (entries below the diagonal are unspecified).
     */
    static double[][] of(double[][] design, double[] weights, double[] y) {
        return of(design, weights, y, 1, HARDWARE_FMA);
    }

    /**
     * An estimate of {@link #of(double[][], double[], double[])} from every {@code stride}-th block of rows (blocks
     * spread evenly over the rows), scaled to all rows.
     */
    static double[][] sampled(double[][] design, double[] weights, double[] y, int stride) {
        return of(design, weights, y, stride, HARDWARE_FMA);
    }

    /**
     * As {@link #sampled} with the kernel chosen: {@code fused} for four by four.
     */
    static double[][] of(double[][] design, double[] weights, double[] y, int stride, boolean fused) {
        int p = design.length;
        int group = fused ? 4 : 2;
        List<Part> parts = RowParts.map(weights.length, (from, to) -> blockGram(design, weights, y, from, to,
                stride, group));
        double[][] gram = new double[p][p + 1];
        double rows = 0;
        for (Part part : parts) {
            for (int j = 0; j < p; j++) {
                for (int k = j; k <= p; k++) {
                    gram[j][k] += part.products()[j][k];
                }
            }
            rows += part.rows();
        }
        double scale = rows == 0 ? 1 : weights.length / rows;
        if (stride > 1) {
            for (double[] row : gram) {
                for (int k = 0; k < row.length; k++) {
                    row[k] *= scale;
                }
            }
        }
        return gram;
    }

    /** The products summed over one range of rows, and how many rows they cover. */
    private record Part(double[][] products, long rows) {}

    /** The products over rows [from, to), every {@code stride}-th block of them. */
    private static Part blockGram(double[][] design, double[] weights, double[] y, int from, int to,
            int stride, int group) {
        int p = design.length;
        int rows = roundUp(p, group); // the weighted columns, padded with zero columns to whole groups
        int columns = roundUp(p + 1, group); // the design's columns then y, padded likewise
        double[][] gram = new double[rows][columns];
        double[][] weighted = new double[rows][BLOCK];
        double[][] plain = new double[columns][BLOCK];
        long summed = 0;
        for (int start = from; start < to; start += BLOCK * stride) {
            int length = Math.min(BLOCK, to - start);
            summed += length;
            for (int j = 0; j < p; j++) {
                double[] column = design[j];
                double[] target = weighted[j];
                for (int i = 0; i < length; i++) {
                    target[i] = weights[start + i] * column[start + i];
                }
                System.arraycopy(column, start, plain[j], 0, length);
            }
            System.arraycopy(y, start, plain[p], 0, length);
            for (int j = 0; j < rows; j += group) {
                for (int k = j; k < columns; k += group) {
                    if (group == 2) {
                        addProducts(weighted, plain, j, k, length, gram);
                    } else {
                        addProductsFused(weighted, plain, j, k, length, gram);
                    }
                }
            }
        }
        return new Part(gram, summed);
    }

    private static int roundUp(int count, int group) {
        return (count + group - 1) / group * group;
    }

    /** Adds the four dot products of weighted columns j, j+1 with plain columns k, k+1 to {@code gram}. */
    private static void addProducts(double[][] weighted, double[][] plain, int j, int k, int length,
            double[][] gram) {
        double[] a0 = weighted[j];
        double[] a1 = weighted[j + 1];
        double[] b0 = plain[k];
        double[] b1 = plain[k + 1];
        double s00 = 0;
        double s01 = 0;
        double s10 = 0;
        double s11 = 0;
        for (int i = 0; i < length; i++) {
            double x0 = a0[i];
            double x1 = a1[i];
            double y0 = b0[i];
            double y1 = b1[i];
            s00 += x0 * y0;
            s01 += x0 * y1;
            s10 += x1 * y0;
            s11 += x1 * y1;
        }
        gram[j][k] += s00;
        gram[j][k + 1] += s01;
        gram[j + 1][k] += s10;
        gram[j + 1][k + 1] += s11;
    }

    /** Adds the sixteen dot products of weighted columns j … j+3 with plain columns k … k+3 to {@code gram}. */
    private static void addProductsFused(double[][] weighted, double[][] plain, int j, int k, int length,
            double[][] gram) {
        double[] a0 = weighted[j];
        double[] a1 = weighted[j + 1];
        double[] a2 = weighted[j + 2];
        double[] a3 = weighted[j + 3];
        double[] b0 = plain[k];
        double[] b1 = plain[k + 1];
        double[] b2 = plain[k + 2];
        double[] b3 = plain[k + 3];
        double s00 = 0;
        double s01 = 0;
        double s02 = 0;
        double s03 = 0;
        double s10 = 0;
        double s11 = 0;
        double s12 = 0;
        double s13 = 0;
        double s20 = 0;
        double s21 = 0;
        double s22 = 0;
        double s23 = 0;
        double s30 = 0;
        double s31 = 0;
        double s32 = 0;
        double s33 = 0;
        for (int i = 0; i < length; i++) {
            double x0 = a0[i];
            double x1 = a1[i];
            double x2 = a2[i];
            double x3 = a3[i];
            double y0 = b0[i];
            double y1 = b1[i];
            double y2 = b2[i];
            double y3 = b3[i];
            s00 = Math.fma(x0, y0, s00);
            s01 = Math.fma(x0, y1, s01);
            s02 = Math.fma(x0, y2, s02);
            s03 = Math.fma(x0, y3, s03);
            s10 = Math.fma(x1, y0, s10);
            s11 = Math.fma(x1, y1, s11);
            s12 = Math.fma(x1, y2, s12);
            s13 = Math.fma(x1, y3, s13);
            s20 = Math.fma(x2, y0, s20);
            s21 = Math.fma(x2, y1, s21);
            s22 = Math.fma(x2, y2, s22);
            s23 = Math.fma(x2, y3, s23);
            s30 = Math.fma(x3, y0, s30);
            s31 = Math.fma(x3, y1, s31);
            s32 = Math.fma(x3, y2, s32);
            s33 = Math.fma(x3, y3, s33);
        }
        add(gram[j], k, s00, s01, s02, s03);
        add(gram[j + 1], k, s10, s11, s12, s13);
        add(gram[j + 2], k, s20, s21, s22, s23);
        add(gram[j + 3], k, s30, s31, s32, s33);
    }

    private static void add(double[] row, int k, double v0, double v1, double v2, double v3) {
        row[k] += v0;
        row[k + 1] += v1;
        row[k + 2] += v2;
        row[k + 3] += v3;
    }

    /** Whether the JVM compiles {@link Math#fma} to the processor's instruction. */
    private static boolean hardwareFma() {
        try {
            return Boolean.parseBoolean(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .getVMOption("UseFMA").getValue());
        } catch (RuntimeException | LinkageError e) {
            return false; // another JVM, or no management module: the plain kernel is right everywhere
        }
    }
}
