package org.lisiere.core.ml;

/**
 * One tree laid out for evaluating many rows: adds the value of the leaf each row reaches to that row's sum. Rows
 * are compared as XGBoost does on the CPU: 32-bit floats, {@code x < threshold} goes left, a missing value (NaN)
 * follows the node's default direction.
 */
sealed interface TreeWalk permits CompleteTree, FlatTree {
    /**
     * Adds this tree's leaf value to {@code sums[at + r]} for rows {@code first + r} ({@code r < count}) of
     * {@code width} features, row-major in {@code rows}.
     *
     * @param missing whether any of these rows' features is NaN (when not, a walk may skip the default directions)
     */
    void addLeaves(float[] rows, int first, int count, int width, boolean missing, float[] sums, int at);

    /** The fastest layout for {@code tree}. */
    static TreeWalk of(TreeEnsemble.Tree tree) {
        int depth = CompleteTree.depth(tree, 0);
        return depth <= CompleteTree.MAX_DEPTH ? CompleteTree.of(tree, depth) : FlatTree.of(tree);
    }
}
