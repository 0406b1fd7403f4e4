package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import org.lisiere.core.ml.TreeEnsemble.Tree;

/**
 * Exact SHAP values of a tree ensemble: the path-dependent TreeSHAP algorithm of Lundberg, Erion and Lee (2018,
 * "Consistent individualized feature attribution for tree ensembles", algorithm 2), as XGBoost's
 * {@code pred_contribs} computes it. The expectation over the training data is taken through each node's cover
 * (the hessian sum of the rows that reached it), so no training data is needed; a missing value follows its
 * node's default branch. For every row, {@code baseline + Σ contributions = margin}.
 */
final class TreeShap {
    private final TreeEnsemble ensemble;
    private final int maxDepth;
    private final double[] baselines;

    TreeShap(TreeEnsemble ensemble) {
        this.ensemble = requireNonNull(ensemble, "ensemble is null");
        baselines = new double[ensemble.groups()];
        for (int g = 0; g < baselines.length; g++) {
            baselines[g] = ensemble.baseMargin(g);
        }
        int deepest = 0;
        for (Tree tree : ensemble.trees()) {
            deepest = Math.max(deepest, tree.depth());
            baselines[tree.group()] += mean(tree, 0);
        }
        maxDepth = deepest;
    }

    /** The number of outputs: one per class of a multiclass model, else one. */
    int groups() {
        return baselines.length;
    }

    /** The expected margin of output {@code group}: the base margin plus each tree's cover-weighted mean. */
    double baseline(int group) {
        return baselines[group];
    }

    /** The margin of output {@code group} for one row, summed in double precision (the SHAP values add up to it). */
    double margin(float[] rows, int offset, int group) {
        double sum = ensemble.baseMargin(group);
        for (Tree tree : ensemble.trees()) {
            if (tree.group() == group) {
                sum += tree.value()[tree.leaf(rows, offset)];
            }
        }
        return sum;
    }

    /**
     * Adds the SHAP value of each feature of one row (its features at {@code offset} in {@code rows}) for output
     * {@code group} to {@code phi[feature]}.
     */
    void contributions(float[] rows, int offset, int group, double[] phi) {
        int size = maxDepth + 2;
        Path path = new Path(size * (size + 1) / 2 + 1);
        for (Tree tree : ensemble.trees()) {
            if (tree.group() == group) {
                recurse(tree, rows, offset, phi, 0, 0, 0, path, 1, 1, -1);
            }
        }
    }

    /** The unique path of features met from the root, with their zero and one fractions and path weights. */
    private static final class Path {
        final int[] feature;
        final double[] zeroFraction;
        final double[] oneFraction;
        final double[] weight;

        Path(int size) {
            feature = new int[size];
            zeroFraction = new double[size];
            oneFraction = new double[size];
            weight = new double[size];
        }

        void copy(int from, int to, int length) {
            System.arraycopy(feature, from, feature, to, length);
            System.arraycopy(zeroFraction, from, zeroFraction, to, length);
            System.arraycopy(oneFraction, from, oneFraction, to, length);
            System.arraycopy(weight, from, weight, to, length);
        }

        /** Extends the path starting at {@code at} (of {@code depth} + 1 elements) by one feature. */
        void extend(int at, int depth, double zero, double one, int featureIndex) {
            feature[at + depth] = featureIndex;
            zeroFraction[at + depth] = zero;
            oneFraction[at + depth] = one;
            weight[at + depth] = depth == 0 ? 1 : 0;
            for (int i = depth - 1; i >= 0; i--) {
                weight[at + i + 1] += one * weight[at + i] * (i + 1) / (depth + 1);
                weight[at + i] = zero * weight[at + i] * (depth - i) / (depth + 1);
            }
        }

        /** Removes element {@code index} from the path, undoing its {@link #extend}. */
        void unwind(int at, int depth, int index) {
            double one = oneFraction[at + index];
            double zero = zeroFraction[at + index];
            double next = weight[at + depth];
            for (int i = depth - 1; i >= 0; i--) {
                if (one != 0) {
                    double previous = weight[at + i];
                    weight[at + i] = next * (depth + 1) / ((i + 1) * one);
                    next = previous - weight[at + i] * zero * (depth - i) / (depth + 1);
                } else {
                    weight[at + i] = weight[at + i] * (depth + 1) / (zero * (depth - i));
                }
            }
            for (int i = index; i < depth; i++) {
                feature[at + i] = feature[at + i + 1];
                zeroFraction[at + i] = zeroFraction[at + i + 1];
                oneFraction[at + i] = oneFraction[at + i + 1];
            }
        }

        /** The total weight of the path with element {@code index} unwound, without changing the path. */
        double unwoundSum(int at, int depth, int index) {
            double one = oneFraction[at + index];
            double zero = zeroFraction[at + index];
            double next = weight[at + depth];
            double total = 0;
            for (int i = depth - 1; i >= 0; i--) {
                if (one != 0) {
                    double share = next * (depth + 1) / ((i + 1) * one);
                    total += share;
                    next = weight[at + i] - share * zero * (depth - i) / (depth + 1);
                } else if (zero != 0) {
                    total += weight[at + i] / zero / ((depth - i) / (double) (depth + 1));
                }
            }
            return total;
        }
    }

    /**
     * One step of TreeSHAP at {@code node}, whose path has {@code depth} + 1 elements (element 0 is the placeholder
     * feature -1 every path starts with): the parent's path starts at {@code parentAt} in {@code path}, this node's
     * is written right after it.
     */
    private void recurse(Tree tree, float[] rows, int offset, double[] phi, int node, int depth, int parentAt,
            Path path, double parentZero, double parentOne, int parentFeature) {
        int at = parentAt + depth + 1;
        path.copy(parentAt, at, depth + 1);
        int unique = depth;
        path.extend(at, unique, parentZero, parentOne, parentFeature);
        if (tree.isLeaf(node)) {
            double leaf = tree.value()[node];
            for (int i = 1; i <= unique; i++) {
                double w = path.unwoundSum(at, unique, i);
                phi[path.feature[at + i]] += w * (path.oneFraction[at + i] - path.zeroFraction[at + i]) * leaf;
            }
            return;
        }
        int split = tree.feature()[node];
        float x = rows[offset + split];
        int hot = Float.isNaN(x) ? (tree.defaultLeft()[node] ? tree.left()[node] : tree.right()[node])
                : x < tree.value()[node] ? tree.left()[node] : tree.right()[node];
        int cold = hot == tree.left()[node] ? tree.right()[node] : tree.left()[node];
        double cover = tree.cover()[node];
        double hotZero = tree.cover()[hot] / cover;
        double coldZero = tree.cover()[cold] / cover;
        double incomingZero = 1;
        double incomingOne = 1;
        int index = 0;
        while (index <= unique && path.feature[at + index] != split) {
            index++;
        }
        if (index != unique + 1) {
            incomingZero = path.zeroFraction[at + index];
            incomingOne = path.oneFraction[at + index];
            path.unwind(at, unique, index);
            unique--;
        }
        recurse(tree, rows, offset, phi, hot, unique + 1, at, path, hotZero * incomingZero, incomingOne, split);
        recurse(tree, rows, offset, phi, cold, unique + 1, at, path, coldZero * incomingZero, 0, split);
    }

    /** The cover-weighted mean of the leaf values below {@code node}. */
    private static double mean(Tree tree, int node) {
        if (tree.isLeaf(node)) {
            return tree.value()[node];
        }
        int left = tree.left()[node];
        int right = tree.right()[node];
        return (mean(tree, left) * tree.cover()[left] + mean(tree, right) * tree.cover()[right]) / tree.cover()[node];
    }
}
