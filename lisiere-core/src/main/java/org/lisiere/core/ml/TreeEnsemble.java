package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * The trees of an XGBoost model, read from its JSON model document, and their exact evaluation as XGBoost does it
 * on the CPU: features compared as 32-bit floats ({@code value < threshold} goes left, a missing value follows the
 * node's default), leaf values summed in 32-bit floats from the base margin, tree after tree.
 *
 * <p>Its parts: XGBoost's objective ({@code binary:logistic}, {@code multi:softprob}, {@code reg:squarederror}); the
 * starting margin of each output group (one, or one per class); the number of outputs (1, or the number of classes of
 * a multiclass model); every tree with the output group it adds to.
 */
final class TreeEnsemble {
    private final String objective;
    private final float[] baseMargins;
    private final int groups;
    private final List<Tree> trees;
    /**
     * Rows that pass through every tree before the next rows do: 64 rows of features stay in the first-level cache
     * (XGBoost's CPU predictor blocks rows likewise).
     */
    private static final int ROW_BLOCK = 64;
    /** The trees laid out for {@link #margins}. */
    private final List<TreeWalk> walks;

    TreeEnsemble(String objective, float[] baseMargins, int groups, List<Tree> trees) {
        this.objective = requireNonNull(objective, "objective is null");
        this.baseMargins = requireNonNull(baseMargins, "baseMargins is null").clone();
        this.groups = groups;
        this.trees = List.copyOf(requireNonNull(trees, "trees is null"));
        this.walks = this.trees.stream().map(TreeWalk::of).toList();
    }

    String objective() {
        return objective;
    }

    /** The starting margin of output {@code group}. */
    float baseMargin(int group) {
        return baseMargins[group];
    }

    int groups() {
        return groups;
    }

    List<Tree> trees() {
        return trees;
    }

    /**
     * One tree: node {@code i} is a leaf when {@code left[i] < 0}; its value is then {@code value[i]}, else
     * {@code value[i]} is the split threshold of feature {@code feature[i]}.
     *
     * @param gain the loss reduction of each split (XGBoost's {@code loss_changes})
     * @param cover the sum of the hessians of the rows that reached each node
     */
    record Tree(int group, int[] left, int[] right, int[] feature, float[] value, boolean[] defaultLeft, float[] gain,
            float[] cover) {
        boolean isLeaf(int node) {
            return left[node] < 0;
        }

        /**
         * The number of splits on the longest path from the root to a leaf; without recursion, as an imported model's
         * trees may be thousands of splits deep.
         */
        int depth() {
            int n = left.length;
            int[] level = new int[n];
            int deepest = 0;
            java.util.ArrayDeque<Integer> pending = new java.util.ArrayDeque<>(java.util.List.of(0));
            while (!pending.isEmpty()) {
                int node = pending.pop();
                deepest = Math.max(deepest, level[node]);
                if (!isLeaf(node)) {
                    level[left[node]] = level[node] + 1;
                    level[right[node]] = level[node] + 1;
                    pending.push(left[node]);
                    pending.push(right[node]);
                }
            }
            return deepest;
        }

        /** The leaf reached by the row whose features start at {@code offset} in {@code rows} (NaN is missing). */
        int leaf(float[] rows, int offset) {
            int node = 0;
            while (!isLeaf(node)) {
                float x = rows[offset + feature[node]];
                node = Float.isNaN(x) ? (defaultLeft[node] ? left[node] : right[node])
                        : x < value[node] ? left[node] : right[node];
            }
            return node;
        }
    }

    /**
     * The margins of output {@code group} for rows {@code first} to {@code first + count - 1} of {@code width}
     * features, row-major, into the same positions of {@code results}: block of rows after block, tree after tree,
     * each row's sum in tree order as XGBoost's.
     */
    void margins(float[] rows, int first, int count, int width, int group, double[] results) {
        float[] sums = new float[count];
        java.util.Arrays.fill(sums, baseMargins[group]);
        for (int start = 0; start < count; start += ROW_BLOCK) {
            int length = Math.min(ROW_BLOCK, count - start);
            boolean missing = anyNaN(rows, (first + start) * width, length * width);
            for (int t = 0; t < trees.size(); t++) {
                if (trees.get(t).group() == group) {
                    walks.get(t).addLeaves(rows, first + start, length, width, missing, sums, start);
                }
            }
        }
        for (int r = 0; r < count; r++) {
            results[first + r] = sums[r];
        }
    }

    private static boolean anyNaN(float[] values, int from, int length) {
        boolean nan = false;
        for (int i = from; i < from + length; i++) {
            nan |= values[i] != values[i];
        }
        return nan;
    }

    static TreeEnsemble parse(String json) {
        try {
            // Exact decimals, so that each value rounds once, straight to the 32-bit float XGBoost wrote.
            JsonNode learner = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .readTree(json).path("learner");
            String objective = learner.path("objective").path("name").asText();
            JsonNode parameters = learner.path("learner_model_param");
            int classes = Integer.parseInt(parameters.path("num_class").asText("0"));
            int groups = Math.max(1, classes);
            float[] base = baseScores(parameters.path("base_score").asText("0.5"), groups);
            float[] margins = new float[groups];
            for (int g = 0; g < groups; g++) {
                margins[g] = objective.equals("binary:logistic") || objective.equals("reg:logistic")
                        ? (float) -Math.log(1.0f / base[g] - 1.0f) : base[g];
            }
            JsonNode model = learner.path("gradient_booster").path("model");
            JsonNode treeInfo = model.path("tree_info");
            List<Tree> trees = new ArrayList<>();
            for (JsonNode tree : model.path("trees")) {
                trees.add(tree(tree, treeInfo.path(trees.size()).asInt(0)));
            }
            return new TreeEnsemble(objective, margins, groups, trees);
        } catch (java.io.IOException | RuntimeException e) {
            throw new LisiereException(ErrorCode.MALFORMED_INPUT, "Not an XGBoost JSON model: " + e.getMessage(), e);
        }
    }

    /** XGBoost writes {@code "5E-1"}, or since 3.0 a list {@code "[5E-1]"} (one per output). */
    private static float[] baseScores(String text, int groups) {
        String[] parts = text.replace("[", "").replace("]", "").split(",");
        float[] scores = new float[groups];
        for (int g = 0; g < groups; g++) {
            scores[g] = Float.parseFloat(parts[Math.min(g, parts.length - 1)].strip());
        }
        return scores;
    }

    private static Tree tree(JsonNode tree, int group) {
        int[] left = ints(tree.path("left_children"));
        int n = left.length;
        boolean[] defaultLeft = new boolean[n];
        for (int i = 0; i < n; i++) {
            JsonNode flag = tree.path("default_left").path(i);
            defaultLeft[i] = flag.isBoolean() ? flag.asBoolean() : flag.asInt() != 0;
        }
        return new Tree(group, left, ints(tree.path("right_children")), ints(tree.path("split_indices")),
                floats(tree.path("split_conditions"), n), defaultLeft, floats(tree.path("loss_changes"), n),
                floats(tree.path("sum_hessian"), n));
    }

    private static int[] ints(JsonNode array) {
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asInt();
        }
        return values;
    }

    private static float[] floats(JsonNode array, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n && i < array.size(); i++) {
            values[i] = array.get(i).decimalValue().floatValue();
        }
        return values;
    }
}
