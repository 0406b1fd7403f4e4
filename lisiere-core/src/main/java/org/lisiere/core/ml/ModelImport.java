package org.lisiere.core.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.lisiere.core.ml.TreeModel.TreeFeature;
import org.lisiere.core.sql.OptionValue;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * {@code CREATE MODEL m OPTIONS (model_type = 'xgboost', model_path = 'file')}, without a query: imports a model
 * trained elsewhere by XGBoost (its JSON or Universal Binary JSON file) as a tree model that every ML function
 * scores and explains like one trained here. Inputs are the model's feature names ({@code f0, f1, …} when the file
 * has none), all numeric; the label is {@code label}: a classifier's classes are 0 … k−1 (BIGINT) as in XGBoost.
 */
final class ModelImport {
    /** The model types imported rather than trained. */
    static final List<String> MODEL_TYPES = List.of("xgboost", "onnx");
    private static final List<String> REGRESSION = List.of("reg:squarederror", "reg:linear", "reg:absoluteerror",
            "reg:pseudohubererror");
    private static final List<String> BINARY = List.of("binary:logistic", "binary:logitraw");
    private static final List<String> MULTICLASS = List.of("multi:softprob", "multi:softmax");

    /**
     * An imported model.
     *
     * @param fingerprint the SHA-256 of the model file, as {@code sha256-file:<hex>}
     * @param summary what was imported, for the statement's summary line
     * @param onnx an ONNX model, whose parameters are not in {@code trained}
     */
    record Imported(Trained trained, Map<String, String> effective, String fingerprint, String summary,
            Optional<OnnxSpec> onnx) {}

    private ModelImport() {}

    /** Imports the model of {@code model_type} (one of {@link #MODEL_TYPES}). */
    static Imported of(String modelType, String name, Map<String, OptionValue> options,
            org.lisiere.core.FileAccess files) {
        OptionReader reader = new OptionReader(modelType, options, List.of("model_path"));
        OptionValue pathOption = reader.get("model_path").orElseThrow(() -> new LisiereException(
                ErrorCode.INVALID_OPTION, "CREATE MODEL " + name + ": model_type '" + modelType + "' needs"
                        + " model_path, the " + (modelType.equals("onnx") ? "ONNX model file" : "XGBoost model file"
                        + " (JSON or UBJ)") + " to import"));
        String path = pathOption.asString();
        reader.record("model_path", path);
        byte[] bytes = read(name, files, path, pathOption);
        return modelType.equals("onnx") ? OnnxImport.of(name, path, bytes, pathOption, reader.effective())
                : xgboost(name, path, bytes, pathOption, reader.effective());
    }

    private static Imported xgboost(String name, String path, byte[] bytes, OptionValue pathOption,
            Map<String, String> effective) {
        String json = isJson(bytes) ? new String(bytes, StandardCharsets.UTF_8)
                : TreeEnsembleTrainer.trainer().toJson(bytes);
        JsonNode learner;
        try {
            learner = new ObjectMapper().readTree(json).path("learner");
        } catch (IOException e) {
            throw notXgboost(name, path, pathOption, e.getMessage());
        }
        String objective = learner.path("objective").path("name").asText();
        String booster = learner.path("gradient_booster").path("name").asText();
        if (!booster.equals("gbtree")) {
            throw notXgboost(name, path, pathOption, booster.isEmpty() ? "it has no learner.gradient_booster"
                    : "its booster is '" + booster + "'; only 'gbtree' models can be imported");
        }
        if (!REGRESSION.contains(objective) && !BINARY.contains(objective) && !MULTICLASS.contains(objective)) {
            throw notXgboost(name, path, pathOption, "its objective is '" + objective + "'; importable: "
                    + String.join(", ", REGRESSION) + ", " + String.join(", ", BINARY) + ", "
                    + String.join(", ", MULTICLASS));
        }
        for (JsonNode tree : learner.path("gradient_booster").path("model").path("trees")) {
            for (JsonNode splitType : tree.path("split_type")) {
                if (splitType.asInt() != 0) {
                    throw notXgboost(name, path, pathOption, "it has categorical splits (enable_categorical);"
                            + " import a model trained on one-hot or numeric features");
                }
            }
        }
        List<TreeFeature> features = features(learner);
        TreeModel trees = new TreeModel("label", features, json);
        TreeEnsemble ensemble = trees.ensemble();
        int classes = MULTICLASS.contains(objective) ? ensemble.groups() : BINARY.contains(objective) ? 2 : 0;
        List<String> labels = IntStream.range(0, classes).mapToObj(Integer::toString).toList();
        Trained trained = new Trained(Optional.empty(), List.of(), Optional.empty(), Optional.of(trees), Map.of(),
                0, 0, labels, classes == 0 ? "" : "BIGINT", List.of(), List.of());
        String summary = String.format(java.util.Locale.ROOT, "%s, %d trees, %d features", objective,
                ensemble.trees().size(), features.size());
        return new Imported(trained, effective, fingerprint(bytes), summary, Optional.empty());
    }

    /** The fingerprint of an imported file: its SHA-256. */
    static String fingerprint(byte[] bytes) {
        return "sha256-file:" + java.util.HexFormat.of().formatHex(TrainingData.sha256().digest(bytes));
    }

    /** The model's feature names, or XGBoost's own names {@code f0, f1, …}; every feature numeric. */
    private static List<TreeFeature> features(JsonNode learner) {
        JsonNode names = learner.path("feature_names");
        int count = Integer.parseInt(learner.path("learner_model_param").path("num_feature").asText("0"));
        List<TreeFeature> features = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String feature = names.size() == count ? names.get(i).asText() : "f" + i;
            features.add(new TreeFeature(feature, Optional.empty(), false));
        }
        return features;
    }

    private static byte[] read(String name, org.lisiere.core.FileAccess files, String path, OptionValue option) {
        Path file = files.resolve(path, "CREATE MODEL " + name + ": model_path", option.token().position());
        if (!Files.isRegularFile(file)) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "CREATE MODEL " + name + ": model_path '" + path
                    + "' is not a file" + (Path.of(path).isAbsolute() ? "" : " (relative to "
                    + files.base().toAbsolutePath() + ")"), option.token().position());
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "CREATE MODEL " + name + ": cannot read"
                    + " model_path '" + path + "': " + e.getMessage(), option.token().position());
        }
    }

    /**
     * Whether the bytes are JSON text: an object whose first key is quoted. A UBJ object starts with '{' too, but then
     * a type marker ({@code i}, {@code L}, …).
     */
    private static boolean isJson(byte[] bytes) {
        int seen = 0;
        for (byte b : bytes) {
            if (Character.isWhitespace(b)) {
                continue;
            }
            if (seen++ == 0) {
                if (b != '{') {
                    return false;
                }
            } else {
                return b == '"' || b == '}';
            }
        }
        return false;
    }

    private static LisiereException notXgboost(String name, String path, OptionValue option, String why) {
        return new LisiereException(ErrorCode.INVALID_ARGUMENT, "CREATE MODEL " + name + ": model_path '" + path
                + "' is not an importable XGBoost model: " + why, option.token().position());
    }
}
