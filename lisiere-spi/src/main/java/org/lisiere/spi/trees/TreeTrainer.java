package org.lisiere.spi.trees;

/**
 * Trains gradient-boosted trees and random forests. Implementations are found with {@link java.util.ServiceLoader}.
 * The trained model is handed back as XGBoost's JSON model document, which Lisière reads itself.
 */
public interface TreeTrainer {
    /** The library's name, as recorded in model provenance ({@code xgboost}). */
    String name();

    /** The library's version, as recorded in model provenance. */
    String version();

    /**
     * Trains one round after another until {@link TreeTrainingRequest#rounds()}, or until the listener asks to stop.
     *
     * @throws org.lisiere.spi.LisiereException with {@code INVALID_OPTION} when the library rejects a parameter
     */
    TrainedTrees train(TreeTrainingRequest request, TreeTrainingListener listener);

    /**
     * A model file of the library (JSON or Universal Binary JSON) as its JSON model document.
     *
     * @throws org.lisiere.spi.LisiereException with {@code MALFORMED_INPUT} when the bytes are not such a model
     */
    String toJson(byte[] model);
}
