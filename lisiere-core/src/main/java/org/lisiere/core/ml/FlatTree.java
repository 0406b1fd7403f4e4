package org.lisiere.core.ml;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One tree of any depth laid out for fast evaluation (see {@link CompleteTree} for shallow trees): nodes renumbered breadth-first so that a node's right child follows its
 * left ({@code child + 1}), and leaves pointing to themselves with a threshold every value passes left of. A row then
 * descends exactly {@link #depth} steps with no branch on the data (the child index is computed from the comparison),
 * and {@link #addLeaves} walks four rows at once: four independent chains of loads where one row's walk would wait on
 * each load and mispredict every other comparison. Comparisons are XGBoost's: 32-bit floats, {@code x < threshold}
 * goes left, a missing value (NaN) follows the node's default direction.
 */
final class FlatTree implements TreeWalk {
    private final int[] child;
    private final int[] feature;
    private final float[] threshold;
    private final boolean[] missingLeft;
    private final float[] leafValue;
    private final int depth;

    private FlatTree(int[] child, int[] feature, float[] threshold, boolean[] missingLeft, float[] leafValue,
            int depth) {
        this.child = child;
        this.feature = feature;
        this.threshold = threshold;
        this.missingLeft = missingLeft;
        this.leafValue = leafValue;
        this.depth = depth;
    }

    /** @param depth the tree's {@link TreeEnsemble.Tree#depth()} */
    static FlatTree of(TreeEnsemble.Tree tree, int depth) {
        int n = tree.left().length;
        int[] renumbered = new int[n];
        int[] original = new int[n];
        Deque<Integer> queue = new ArrayDeque<>();
        queue.add(0);
        int next = 1;
        // breadth-first: children are numbered in pairs, left then right
        while (!queue.isEmpty()) {
            int node = queue.poll();
            original[renumbered[node]] = node;
            if (!tree.isLeaf(node)) {
                int left = tree.left()[node];
                int right = tree.right()[node];
                renumbered[left] = next++;
                renumbered[right] = next++;
                queue.add(left);
                queue.add(right);
            }
        }
        int[] child = new int[next];
        int[] feature = new int[next];
        float[] threshold = new float[next];
        boolean[] missingLeft = new boolean[next];
        float[] leafValue = new float[next];
        for (int i = 0; i < next; i++) {
            int node = original[i];
            if (tree.isLeaf(node)) {
                child[i] = i; // stays: +inf passes left, and so does a missing value
                threshold[i] = Float.POSITIVE_INFINITY;
                missingLeft[i] = true;
                leafValue[i] = tree.value()[node];
            } else {
                child[i] = renumbered[tree.left()[node]];
                feature[i] = tree.feature()[node];
                threshold[i] = tree.value()[node];
                missingLeft[i] = tree.defaultLeft()[node];
            }
        }
        return new FlatTree(child, feature, threshold, missingLeft, leafValue, depth);
    }

    @Override
    public void addLeaves(float[] rows, int first, int count, int width, boolean missing, float[] sums, int at) {
        int r = 0;
        for (; r + 4 <= count; r += 4) {
            int base = (first + r) * width;
            int n0 = 0;
            int n1 = 0;
            int n2 = 0;
            int n3 = 0;
            for (int step = 0; step < depth; step++) {
                n0 = next(n0, rows[base + feature[n0]]);
                n1 = next(n1, rows[base + width + feature[n1]]);
                n2 = next(n2, rows[base + 2 * width + feature[n2]]);
                n3 = next(n3, rows[base + 3 * width + feature[n3]]);
            }
            sums[at + r] += leafValue[n0];
            sums[at + r + 1] += leafValue[n1];
            sums[at + r + 2] += leafValue[n2];
            sums[at + r + 3] += leafValue[n3];
        }
        for (; r < count; r++) {
            int base = (first + r) * width;
            int node = 0;
            for (int step = 0; step < depth; step++) {
                node = next(node, rows[base + feature[node]]);
            }
            sums[at + r] += leafValue[node];
        }
    }

    private int next(int node, float x) {
        boolean left = x < threshold[node] | (x != x & missingLeft[node]);
        return child[node] + (left ? 0 : 1);
    }
}
