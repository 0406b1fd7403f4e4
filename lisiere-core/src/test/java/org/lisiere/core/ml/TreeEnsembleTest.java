package org.lisiere.core.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TreeEnsembleTest {
    private static final int WIDTH = 7;

    /**
     * Unbalanced trees (shallow ones in the complete layout, deep ones in the flat) numbered depth-first with the right
     * child sometimes first (not XGBoost's layout), rows with and without missing values, and row counts on and off
     * multiples of four and eight: margins equal the row-by-row walk of the original trees, float for float.
     */
    @ParameterizedTest
    @CsvSource({"1, 10", "3, 10", "4, 0", "5, 10", "8, 0", "13, 0", "103, 10", "200, 0", "200, 2000"})
    void marginsEqualTheRowByRowWalkOfEveryTreeInOrder(int count, int missingPerMille) {
        SplittableRandom random = new SplittableRandom(count);
        List<TreeEnsemble.Tree> trees = new ArrayList<>();
        for (int t = 0; t < 25; t++) {
            trees.add(randomTree(random, t % 2));
        }
        trees.add(12, chain(CompleteTree.MAX_DEPTH + 2));
        assertThat(trees.stream().map(TreeWalk::of).map(Object::getClass).distinct())
                .containsExactlyInAnyOrder(CompleteTree.class, FlatTree.class);
        TreeEnsemble ensemble = new TreeEnsemble("multi:softprob", new float[] {0.25f, -0.5f}, 2, trees);
        int first = 2;
        float[] rows = new float[(first + count) * WIDTH];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = random.nextInt(10_000) < missingPerMille ? Float.NaN : value(random);
        }

        for (int group = 0; group < 2; group++) {
            double[] results = new double[first + count];
            ensemble.margins(rows, first, count, WIDTH, group, results);

            for (int r = 0; r < count; r++) {
                float expected = group == 0 ? 0.25f : -0.5f;
                for (TreeEnsemble.Tree tree : trees) {
                    if (tree.group() == group) {
                        expected += tree.value()[tree.leaf(rows, (first + r) * WIDTH)];
                    }
                }
                assertThat(results[first + r]).as("group %d, row %d", group, r).isEqualTo(expected);
            }
        }
    }

    @Test
    void treesUpToTenSplitsDeepAreLaidOutCompleteUnlessSparseAndDeeperOnesFlat() {
        assertThat(TreeWalk.of(chain(0))).isInstanceOf(CompleteTree.class);
        assertThat(TreeWalk.of(chain(6))).as("127 slots at most").isInstanceOf(CompleteTree.class);
        assertThat(TreeWalk.of(full(CompleteTree.MAX_DEPTH))).isInstanceOf(CompleteTree.class);
        assertThat(TreeWalk.of(chain(CompleteTree.MAX_DEPTH))).as("21 nodes in 2,047 slots")
                .isInstanceOf(FlatTree.class);
        assertThat(TreeWalk.of(full(CompleteTree.MAX_DEPTH + 1))).isInstanceOf(FlatTree.class);
    }

    @Test
    void measuresAndLaysOutATreeTwentyThousandSplitsDeep() {
        TreeEnsemble.Tree chain = chain(20_000);
        float[] sums = new float[1];

        TreeWalk.of(chain).addLeaves(new float[] {Float.NEGATIVE_INFINITY}, 0, 1, 1, false, sums, 0);

        assertThat(chain.depth()).isEqualTo(20_000);
        assertThat(sums[0]).isEqualTo(0.5f);
    }

    @Test
    void aFullTreeTenSplitsDeepReachesTheLeafOfEachRow() {
        TreeEnsemble.Tree tree = full(CompleteTree.MAX_DEPTH);
        int width = 1;
        float[] rows = {-1, 0.5f, 1023.5f, 2000, Float.NaN};
        float[] sums = new float[rows.length];

        TreeWalk.of(tree).addLeaves(rows, 0, rows.length, width, true, sums, 0);

        for (int r = 0; r < rows.length; r++) {
            assertThat(sums[r]).as("row %d", r).isEqualTo(tree.value()[tree.leaf(rows, r * width)]);
        }
    }

    /**
     * A complete tree of {@code depth} splits on feature 0 in heap order: split {@code i} at the middle of its range
     * of 0 … 2^depth, so leaf {@code j} (left to right) holds the values in [j, j + 1) and is worth {@code j}.
     */
    private static TreeEnsemble.Tree full(int depth) {
        int n = (2 << depth) - 1;
        int splits = (1 << depth) - 1;
        int[] left = new int[n];
        int[] right = new int[n];
        float[] value = new float[n];
        for (int i = 0; i < n; i++) {
            left[i] = i < splits ? 2 * i + 1 : -1;
            right[i] = i < splits ? 2 * i + 2 : -1;
        }
        fill(value, 0, 0, 1 << depth, splits);
        return new TreeEnsemble.Tree(0, left, right, new int[n], value, new boolean[n], new float[n], new float[n]);
    }

    private static void fill(float[] value, int node, int from, int to, int splits) {
        if (node >= splits) {
            value[node] = from;
            return;
        }
        int middle = (from + to) / 2;
        value[node] = middle;
        fill(value, 2 * node + 1, from, middle, splits);
        fill(value, 2 * node + 2, middle, to, splits);
    }

    @Test
    void aSingleLeafAddsItsValueToEveryRow() {
        float[] sums = {1, 2, 3};
        TreeWalk.of(chain(0)).addLeaves(new float[] {Float.NaN, 0, 5}, 0, 3, 1, true, sums, 0);
        assertThat(sums).containsExactly(1.5f, 2.5f, 3.5f);
    }

    /**
     * A tree whose splits all go left into the next split: {@code depth} splits on feature 0 at thresholds 0, 1, 2, …
     * and leaf {@code i} (right of split {@code i}) worth {@code i}; the last left leaf is worth 0.5.
     */
    private static TreeEnsemble.Tree chain(int depth) {
        int n = 2 * depth + 1;
        int[] left = new int[n];
        int[] right = new int[n];
        float[] value = new float[n];
        java.util.Arrays.fill(left, -1);
        java.util.Arrays.fill(right, -1);
        for (int i = 0; i < depth; i++) {
            left[2 * i] = 2 * i + 2;
            right[2 * i] = 2 * i + 1;
            value[2 * i] = i;
            value[2 * i + 1] = i;
        }
        value[n - 1] = 0.5f;
        return new TreeEnsemble.Tree(0, left, right, new int[n], value, new boolean[n], new float[n], new float[n]);
    }

    /** Often one of a few halves, so that rows meet thresholds exactly (equal goes right). */
    private static float value(SplittableRandom random) {
        return random.nextBoolean() ? (random.nextInt(9) - 4) / 2f : (float) random.nextGaussian();
    }

    /** A tree of up to 40 nodes grown at random leaves, numbered in the order they are made. */
    private static TreeEnsemble.Tree randomTree(SplittableRandom random, int group) {
        List<int[]> children = new ArrayList<>();
        children.add(new int[] {-1, -1});
        List<Integer> leaves = new ArrayList<>(List.of(0));
        while (children.size() < 40 && random.nextInt(8) != 0) {
            int leaf = leaves.remove(random.nextInt(leaves.size()));
            int a = children.size();
            children.add(new int[] {-1, -1});
            children.add(new int[] {-1, -1});
            boolean rightFirst = random.nextBoolean();
            children.get(leaf)[0] = rightFirst ? a + 1 : a;
            children.get(leaf)[1] = rightFirst ? a : a + 1;
            leaves.add(a);
            leaves.add(a + 1);
        }
        int n = children.size();
        int[] left = new int[n];
        int[] right = new int[n];
        int[] feature = new int[n];
        float[] value = new float[n];
        boolean[] defaultLeft = new boolean[n];
        for (int i = 0; i < n; i++) {
            left[i] = children.get(i)[0];
            right[i] = children.get(i)[1];
            feature[i] = left[i] < 0 ? 0 : random.nextInt(WIDTH);
            value[i] = value(random);
            defaultLeft[i] = random.nextBoolean();
        }
        return new TreeEnsemble.Tree(group, left, right, feature, value, defaultLeft, new float[n], new float[n]);
    }
}
