package org.lisiere.core.ml;

/**
 * A tree of limited depth laid out as a complete binary tree in heap order: the children of node {@code i} are
 * {@code 2i + 1} and {@code 2i + 2}, and a leaf above the bottom level is copied into every bottom slot below it. A
 * row descends exactly {@link #depth} steps computing each child from the comparison, with no child table to load
 * and no branch on the data, and {@link #addLeaves} walks eight rows at once (independent chains of loads that the
 * processor overlaps). Rows without missing values skip the default-direction test.
 *
 * <p>The layout takes {@code 2^(depth + 1) - 1} slots whatever the tree's shape, hence {@link #MAX_DEPTH}; deeper
 * trees, and deep ones with few nodes, use {@link FlatTree} ({@link TreeWalk#of}).
 */
final class CompleteTree implements TreeWalk {
    /** At most 1,023 split slots and 1,024 leaves: about 13 KB per tree. */
    static final int MAX_DEPTH = 10;

    private final int depth;
    private final int[] feature;
    private final float[] threshold;
    private final boolean[] missingLeft;
    /** The bottom level, left to right: node {@code 2^depth - 1 + i} is leaf {@code i}. */
    private final float[] leaves;

    private CompleteTree(int depth) {
        this.depth = depth;
        int splits = (1 << depth) - 1;
        feature = new int[splits];
        threshold = new float[splits];
        missingLeft = new boolean[splits];
        leaves = new float[splits + 1];
    }

    static CompleteTree of(TreeEnsemble.Tree tree, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("tree deeper than " + MAX_DEPTH + ": " + depth);
        }
        CompleteTree complete = new CompleteTree(depth);
        complete.place(tree, 0, 0, 0);
        return complete;
    }

    /** Puts node {@code node} of {@code tree} at slot {@code slot} of level {@code level}, and its subtree below. */
    private void place(TreeEnsemble.Tree tree, int node, int slot, int level) {
        if (level == depth) {
            leaves[slot - feature.length] = tree.value()[node];
        } else if (tree.isLeaf(node)) {
            // either way leads to a copy of the leaf: the split slot's test does not matter
            place(tree, node, 2 * slot + 1, level + 1);
            place(tree, node, 2 * slot + 2, level + 1);
        } else {
            feature[slot] = tree.feature()[node];
            threshold[slot] = tree.value()[node];
            missingLeft[slot] = tree.defaultLeft()[node];
            place(tree, tree.left()[node], 2 * slot + 1, level + 1);
            place(tree, tree.right()[node], 2 * slot + 2, level + 1);
        }
    }

    @Override
    public void addLeaves(float[] rows, int first, int count, int width, boolean missing, float[] sums, int at) {
        int r = missing ? 0 : addEightAtATime(rows, first, count, width, sums, at);
        for (; r < count; r++) {
            int base = (first + r) * width;
            int node = 0;
            for (int step = 0; step < depth; step++) {
                float x = rows[base + feature[node]];
                node = 2 * node + (x < threshold[node] | (x != x & missingLeft[node]) ? 1 : 2);
            }
            sums[at + r] += leaves[node - feature.length];
        }
    }

    /** Rows without missing values eight at a time; returns how many rows it did (a multiple of eight). */
    private int addEightAtATime(float[] rows, int first, int count, int width, float[] sums, int at) {
        int bottom = feature.length;
        int r = 0;
        for (; r + 8 <= count; r += 8) {
            int b0 = (first + r) * width;
            int b1 = b0 + width;
            int b2 = b1 + width;
            int b3 = b2 + width;
            int b4 = b3 + width;
            int b5 = b4 + width;
            int b6 = b5 + width;
            int b7 = b6 + width;
            int n0 = 0;
            int n1 = 0;
            int n2 = 0;
            int n3 = 0;
            int n4 = 0;
            int n5 = 0;
            int n6 = 0;
            int n7 = 0;
            for (int step = 0; step < depth; step++) {
                n0 = child(n0, rows[b0 + feature[n0]]);
                n1 = child(n1, rows[b1 + feature[n1]]);
                n2 = child(n2, rows[b2 + feature[n2]]);
                n3 = child(n3, rows[b3 + feature[n3]]);
                n4 = child(n4, rows[b4 + feature[n4]]);
                n5 = child(n5, rows[b5 + feature[n5]]);
                n6 = child(n6, rows[b6 + feature[n6]]);
                n7 = child(n7, rows[b7 + feature[n7]]);
            }
            sums[at + r] += leaves[n0 - bottom];
            sums[at + r + 1] += leaves[n1 - bottom];
            sums[at + r + 2] += leaves[n2 - bottom];
            sums[at + r + 3] += leaves[n3 - bottom];
            sums[at + r + 4] += leaves[n4 - bottom];
            sums[at + r + 5] += leaves[n5 - bottom];
            sums[at + r + 6] += leaves[n6 - bottom];
            sums[at + r + 7] += leaves[n7 - bottom];
        }
        return r;
    }

    /** The child of {@code node} for a value that is not missing. */
    private int child(int node, float x) {
        return 2 * node + (x < threshold[node] ? 1 : 2);
    }
}
