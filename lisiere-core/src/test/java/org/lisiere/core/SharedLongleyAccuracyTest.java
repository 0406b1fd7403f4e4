package org.lisiere.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Longley against the NIST StRD certified values: the classic test of numerical accuracy for least squares
 * (condition number about 1e8). R's {@code longley} measures some variables in other units than NIST, so the
 * reference is R's {@code lm} fit (reference/R_reference_output.txt), which reproduces the certified values to 13+
 * digits. Runs in the {@code shared-data} profile.
 */
@Tag("shared")
class SharedLongleyAccuracyTest {
    private static final Path LONGLEY = TestDatasets.DATASETS.resolve("tabular/R_longley.csv");
    private static final Map<String, Double> CERTIFIED = Map.of(
            "__INTERCEPT__", -3.48225863459581e+03,
            "deflator", 1.50618722713730e-02,
            "gnp", -3.58191792925910e-02,
            "unemployed", -2.02022980381682e-02,
            "armed_forces", -1.03322686717359e-02,
            "population", -5.11041056535790e-02,
            "year", 1.82915146461355e+00);

    @TempDir
    Path directory;

    @Test
    void reproducesEveryCertifiedCoefficientToEightSignificantDigits() {
        try (SqlRunner sql = SqlRunner.inMemory(directory)) {
            sql.summary("LOAD DATA INTO longley FROM '" + LONGLEY + "'");
            sql.summary("CREATE MODEL longley_ols OPTIONS (model_type = 'linear_reg', input_label_cols = ['employed'],"
                    + " data_split_method = 'no_split') AS SELECT \"GNP.deflator\" AS deflator, GNP AS gnp,"
                    + " Unemployed AS unemployed, \"Armed.Forces\" AS armed_forces, Population AS population,"
                    + " Year::DOUBLE AS year, Employed AS employed FROM longley");

            Map<String, Double> weights = sql.rows("SELECT processed_input, weight FROM ML.WEIGHTS(MODEL longley_ols)")
                    .stream().collect(Collectors.toMap(r -> r.get(0), r -> Double.parseDouble(r.get(1))));

            assertThat(weights).containsOnlyKeys(CERTIFIED.keySet());
            CERTIFIED.forEach((name, certified) -> assertThat(weights.get(name))
                    .as(name).isCloseTo(certified, org.assertj.core.api.Assertions.withinPercentage(1e-6)));
            assertThat(sql.rows("SELECT round(r2_score, 12) FROM ML.EVALUATE(MODEL longley_ols)"))
                    .containsExactly(List.of("0.995479004577"));
        }
    }
}
