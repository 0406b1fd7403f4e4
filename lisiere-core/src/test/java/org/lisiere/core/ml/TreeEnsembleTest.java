package org.lisiere.core.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TreeEnsembleTest {
    private static final int WIDTH = 7;

    /**
     * Unbalanced trees numbered depth-first with the right child sometimes first (not XGBoost's layout), rows with
     * missing values, and row counts on and off multiples of four: margins equal the row-by-row walk of the original
     * trees, float for float.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 4, 5, 8, 103})
    void marginsEqualTheRowByRowWalkOfEveryTreeInOrder(int count) {
        SplittableRandom random = new SplittableRandom(count);
        List<TreeEnsemble.Tree> trees = new ArrayList<>();
        for (int t = 0; t < 25; t++) {
            trees.add(randomTree(random, t % 2));
        }
        TreeEnsemble ensemble = new TreeEnsemble("multi:softprob", new float[] {0.25f, -0.5f}, 2, trees);
        int first = 2;
        float[] rows = new float[(first + count) * WIDTH];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = random.nextInt(10) == 0 ? Float.NaN : (float) random.nextGaussian();
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
            value[i] = (float) random.nextGaussian();
            defaultLeft[i] = random.nextBoolean();
        }
        return new TreeEnsemble.Tree(group, left, right, feature, value, defaultLeft, new float[n], new float[n]);
    }
}
