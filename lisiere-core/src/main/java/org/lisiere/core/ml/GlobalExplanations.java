package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.lisiere.spi.EngineSession;
import org.lisiere.spi.FloatFunction;
import org.lisiere.spi.QueryResult;

/**
 * ML.GLOBAL_EXPLAIN's values, computed once when a model is trained with {@code enable_global_explain}: the engine
 * explains every row of the training query ({@link ExplainSql}) and averages the absolute attributions.
 */
final class GlobalExplanations {
    private final EngineSession engine;
    private final Consumer<FloatFunction> register;

    GlobalExplanations(EngineSession engine, Consumer<FloatFunction> register) {
        this.engine = requireNonNull(engine, "engine is null");
        this.register = requireNonNull(register, "register is null");
    }

    /**
     * The mean absolute attribution of each input over the rows of {@code query}, largest first: to the predicted
     * class's score, or to the score of the 1-based class {@code explainedClass}.
     */
    List<ModelVersion.FeatureAttribution> of(ModelVersion model, String query,
            Optional<Integer> explainedClass) {
        ExplainSql.Attributions attributions = ExplainSql.attributions(model, register);
        List<ModelVersion.FeatureAttribution> result = new ArrayList<>();
        try (QueryResult means = engine.execute("SELECT * FROM " + ExplainSql.meanAbsoluteAttributions(model,
                "(" + query + ")", attributions, explainedClass, register))) {
            org.lisiere.spi.Batch row = means.nextBatch().orElseThrow();
            for (int j = 0; j < attributions.features().size(); j++) {
                double mean = row.column(j).isNull(0) ? 0 : row.column(j).getDouble(0);
                result.add(new ModelVersion.FeatureAttribution(attributions.features().get(j), mean));
            }
        }
        result.sort(java.util.Comparator.comparingDouble(ModelVersion.FeatureAttribution::attribution).reversed());
        return result;
    }

    /**
     * Per class of a classifier, in class order, the mean absolute attributions to its score. A binary model's two
     * scores are opposite log-odds, so both classes share one pass.
     */
    List<ModelVersion.ClassAttribution> perClass(ModelVersion model, String query) {
        List<ModelVersion.ClassAttribution> result = new ArrayList<>();
        List<ModelVersion.FeatureAttribution> binary = model.classes().size() == 2
                ? of(model, query, Optional.of(2)) : List.of();
        for (int c = 0; c < model.classes().size(); c++) {
            String label = model.classes().get(c);
            List<ModelVersion.FeatureAttribution> perClass = model.classes().size() == 2 ? binary
                    : of(model, query, Optional.of(c + 1));
            perClass.forEach(a -> result.add(new ModelVersion.ClassAttribution(label, a.feature(), a.attribution())));
        }
        return result;
    }
}
