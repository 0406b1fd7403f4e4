package org.lisiere.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code calculate_p_values}: ML.ADVANCED_WEIGHTS standard errors and p-values against R 4.2.2's
 * {@code summary(lm())} on Longley (Student's t) and {@code summary(glm(family = binomial))} on Spector & Mazzeo
 * (normal), within 1e-6 relative. Reference figures printed by R 4.2.2 ({@code apt-get install r-base-core}) for the
 * calls quoted on each table.
 */
@Tag("shared")
class SharedPValueAccuracyTest {
    private static final Path TABULAR = TestDatasets.DATASETS.resolve("tabular");
    /** lm(Employed ~ GNP.deflator + GNP + Unemployed + Armed.Forces + Population + Year): std. error, Pr(>|t|). */
    private static final Map<String, double[]> LONGLEY = Map.of(
            "__INTERCEPT__", new double[] {8.90420383607376e+02, 0.003560403663726324},
            "deflator", new double[] {8.49149257747674e-02, 0.863140832809219827},
            "gnp", new double[] {3.34910077722434e-02, 0.312681061092714374},
            "unemployed", new double[] {4.88399681651703e-03, 0.002535091734111395},
            "armed_forces", new double[] {2.14274163161676e-03, 0.000944366764161825},
            "population", new double[] {2.26073200069373e-01, 0.826211795763653778},
            "year", new double[] {4.55478499142213e-01, 0.003036803341630362});
    /**
     * glm(GRADE ~ GPA + TUCE + PSI, family = binomial, control = glm.control(epsilon = 1e-15)): std. error,
     * Pr(>|z|). R's default epsilon (1e-8) stops one IRLS step early and reports standard errors about 7e-6 off
     * these converged values.
     */
    private static final Map<String, double[]> SPECTOR = Map.of(
            "__INTERCEPT__", new double[] {4.931324212989611, 0.00827746142746802},
            "gpa", new double[] {1.262941075527885, 0.02523910879086300},
            "tuce", new double[] {0.141554205665441, 0.50143423805697407},
            "psi", new double[] {1.064564254409568, 0.02545520434919702});

    @TempDir
    Path directory;

    @Test
    void linearRegressionMatchesRsSummaryOfLm() {
        try (SqlRunner sql = SqlRunner.inMemory(directory)) {
            sql.summary("LOAD DATA INTO longley FROM '" + TABULAR.resolve("R_longley.csv") + "'");
            sql.summary("CREATE MODEL longley_ols OPTIONS (model_type = 'linear_reg', input_label_cols = ['employed'],"
                    + " data_split_method = 'no_split', calculate_p_values = true) AS SELECT \"GNP.deflator\" AS"
                    + " deflator, GNP AS gnp, Unemployed AS unemployed, \"Armed.Forces\" AS armed_forces,"
                    + " Population AS population, Year::DOUBLE AS year, Employed AS employed FROM longley");

            assertMatches(advancedWeights(sql, "longley_ols"), LONGLEY);
        }
    }

    @Test
    void logisticRegressionMatchesRsSummaryOfGlm() {
        try (SqlRunner sql = SqlRunner.inMemory(directory)) {
            sql.summary("LOAD DATA INTO spector FROM '" + TABULAR.resolve("statsmodels_spector.csv") + "'");
            sql.summary("CREATE MODEL spector_logit OPTIONS (model_type = 'logistic_reg', input_label_cols ="
                    + " ['grade'], data_split_method = 'no_split', early_stop = false, calculate_p_values = true) AS"
                    + " SELECT GPA::DOUBLE AS gpa, TUCE::DOUBLE AS tuce, PSI::DOUBLE AS psi, GRADE AS grade"
                    + " FROM spector");

            assertMatches(advancedWeights(sql, "spector_logit"), SPECTOR);
        }
    }

    private static Map<String, List<String>> advancedWeights(SqlRunner sql, String model) {
        return sql.rows("SELECT processed_input, standard_error, p_value FROM ML.ADVANCED_WEIGHTS(MODEL " + model
                + ")").stream().collect(Collectors.toMap(r -> r.get(0), r -> r));
    }

    private static void assertMatches(Map<String, List<String>> actual, Map<String, double[]> expected) {
        assertThat(actual).containsOnlyKeys(expected.keySet());
        expected.forEach((name, reference) -> {
            assertThat(Double.parseDouble(actual.get(name).get(1))).as("standard error of %s", name)
                    .isCloseTo(reference[0], withinPercentage(1e-4));
            assertThat(Double.parseDouble(actual.get(name).get(2))).as("p-value of %s", name)
                    .isCloseTo(reference[1], withinPercentage(1e-4));
        });
    }
}
