package org.lisiere.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spector and Mazzeo (1980), the logit of GRADE on GPA, TUCE and PSI published by Greene (Econometric Analysis)
 * and reproduced by statsmodels: const -13.0213, GPA 2.8261, TUCE 0.0952, PSI 2.3787, log-likelihood -12.8896.
 * Runs in the {@code shared-data} profile.
 */
@Tag("shared")
class SharedSpectorAccuracyTest {
    private static final Path SPECTOR = TestDatasets.DATASETS.resolve("tabular/statsmodels_spector.csv");

    @TempDir
    Path directory;

    @Test
    void matchesThePublishedLogitWithinOneTenThousandth() {
        try (SqlRunner sql = SqlRunner.inMemory(directory)) {
            sql.summary("LOAD DATA INTO spector FROM '" + SPECTOR + "'");
            sql.summary("CREATE MODEL spector_logit OPTIONS (model_type = 'logistic_reg', input_label_cols ="
                    + " ['grade'], data_split_method = 'no_split', max_iterations = 100, early_stop = false) AS"
                    + " SELECT GPA::DOUBLE AS gpa, TUCE::DOUBLE AS tuce, PSI::DOUBLE AS psi, GRADE AS grade"
                    + " FROM spector");

            Map<String, Double> weights = sql.rows("SELECT processed_input, weight FROM"
                    + " ML.WEIGHTS(MODEL spector_logit)").stream()
                    .collect(Collectors.toMap(r -> r.get(0), r -> Double.parseDouble(r.get(1))));
            double logLoss = Double.parseDouble(sql.rows("SELECT log_loss FROM ML.EVALUATE(MODEL spector_logit)")
                    .get(0).get(0));

            assertThat(weights.get("__INTERCEPT__")).isCloseTo(-13.0213, within(1e-4));
            assertThat(weights.get("gpa")).isCloseTo(2.8261, within(1e-4));
            assertThat(weights.get("tuce")).isCloseTo(0.0952, within(1e-4));
            assertThat(weights.get("psi")).isCloseTo(2.3787, within(1e-4));
            assertThat(-logLoss * 32).isCloseTo(-12.8896, within(1e-4));
        }
    }
}
