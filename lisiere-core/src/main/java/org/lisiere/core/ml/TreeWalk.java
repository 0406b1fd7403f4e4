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

    /**
     * The fastest layout for {@code tree}: complete when it is at most {@link CompleteTree#MAX_DEPTH} deep and fills
     * enough of its bottom level that the complete layout takes at most eight times the nodes of the flat one (a
     * sparse deep tree would waste memory on copied leaves), else flat.
     */
    static TreeWalk of(TreeEnsemble.Tree tree) {
        int depth = tree.depth();
        int nodes = tree.left().length;
        boolean dense = (2L << depth) <= Math.max(128, 8L * nodes);
        return depth <= CompleteTree.MAX_DEPTH && dense ? CompleteTree.of(tree, depth) : FlatTree.of(tree, depth);
    }
}
