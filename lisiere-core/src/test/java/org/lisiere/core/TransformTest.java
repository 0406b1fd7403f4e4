package org.lisiere.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CREATE MODEL ... TRANSFORM: preprocessing learned at training, stored with the model, re-applied everywhere. */
class TransformTest {
    /** y = 2 x + 10 on x = 0..99; shop a/b/c (c rare); price with NULLs. */
    private static final String DATA = "CREATE TABLE t AS SELECT i::DOUBLE AS x, CASE WHEN i < 3 THEN 'c' WHEN i % 2 = 0"
            + " THEN 'a' ELSE 'b' END AS shop, CASE WHEN i % 10 = 0 THEN NULL ELSE i * 1.0 END AS price,"
            + " 2 * i + 10.0 AS y FROM range(100) r(i)";

    @TempDir
    Path directory;

    private SqlRunner sql;

    @BeforeEach
    void open() {
        sql = SqlRunner.inMemory(directory);
        sql.summary(DATA);
    }

    @AfterEach
    void close() {
        sql.close();
    }

    @Test
    void scalerStatisticsAreLearnedOnceAndReappliedByPredict() {
        sql.summary("CREATE MODEL m TRANSFORM (ML.STANDARD_SCALER(x) OVER () AS x_scaled, y) OPTIONS (model_type ="
                + " 'linear_reg', input_label_cols = ['y'], data_split_method = 'no_split') AS SELECT x, y FROM t");

        List<List<String>> weights = sql.rows("SELECT processed_input FROM ML.WEIGHTS(MODEL m)");
        double predicted = Double.parseDouble(sql.rows("SELECT predicted_y FROM ML.PREDICT(MODEL m,"
                + " (SELECT 1000.0 AS x))").get(0).get(0));

        assertThat(weights).containsExactly(List.of("x_scaled"), List.of("__INTERCEPT__"));
        assertThat(predicted).isCloseTo(2010.0, within(1e-6));
        assertThat(sql.columnNames("SELECT * FROM ML.PREDICT(MODEL m, (SELECT 1000.0 AS x))"))
                .containsExactly("predicted_y", "x");
        assertThat(Double.parseDouble(sql.rows("SELECT r2_score FROM ML.EVALUATE(MODEL m, TABLE t)").get(0).get(0)))
                .isCloseTo(1.0, within(1e-9));
    }

    @Test
    void everyPreprocessingFunctionCompiles() {
        sql.summary("CREATE MODEL all_functions TRANSFORM (ML.MIN_MAX_SCALER(x) OVER () AS mm,"
                + " ML.MAX_ABS_SCALER(x) OVER () AS ma, ML.ROBUST_SCALER(x) OVER () AS rs,"
                + " ML.QUANTILE_BUCKETIZE(x, 4) OVER () AS qb, ML.BUCKETIZE(x, [10, 50]) AS b,"
                + " ML.IMPUTER(price, 'median') OVER () AS imputed, ML.ONE_HOT_ENCODER(shop) OVER () AS shop_1h,"
                + " ML.LABEL_ENCODER(shop) OVER () AS shop_id, ML.HASH_BUCKETIZE(shop, 3) AS hb,"
                + " ML.FEATURE_CROSS(STRUCT(shop, qb_src)) AS cross, ML.POLYNOMIAL_EXPAND(STRUCT(x, price), 2) AS p,"
                + " y) OPTIONS (model_type = 'linear_reg', input_label_cols = ['y'], l2_reg = 1)"
                + " AS SELECT x, shop, price, CASE WHEN x < 50 THEN 'low' ELSE 'high' END AS qb_src, y FROM t");

        List<List<String>> info = sql.rows("SELECT input FROM ML.FEATURE_INFO(MODEL all_functions) ORDER BY input");
        List<String> row = sql.rows("SELECT * EXCLUDE (predicted_y) FROM ML.PREDICT(MODEL all_functions,"
                + " (SELECT 75.0 AS x, 'c' AS shop, NULL::DOUBLE AS price, 'high' AS qb_src))").get(0);

        assertThat(info).extracting(r -> r.get(0)).containsExactly("b", "cross", "hb", "imputed", "ma", "mm",
                "p_price", "p_price_price", "p_x", "p_x_price", "p_x_x", "qb", "rs", "shop_1h", "shop_id");
        assertThat(row).containsExactly("75.0", "c", "null", "high");
    }

    @Test
    void appliesTheTransformToTheLabelAndToKMeans() {
        sql.summary("CREATE MODEL groups TRANSFORM (ML.MIN_MAX_SCALER(x) OVER () AS x01) OPTIONS (model_type ="
                + " 'kmeans', num_clusters = 2, standardize_features = false, early_stop = false) AS SELECT x FROM t");

        assertThat(sql.rows("SELECT feature, round(numerical_value, 6) FROM ML.CENTROIDS(MODEL groups)"
                + " ORDER BY numerical_value")).containsExactly(List.of("x01", "0.247475"), List.of("x01", "0.752525"));
        assertThat(sql.rows("SELECT centroid_id FROM ML.PREDICT(MODEL groups, (SELECT 5000.0 AS x))"))
                .hasSize(1);
    }

    @Test
    void namesWhatIsWrongInATransform() {
        assertThatThrownBy(() -> sql.summary("CREATE MODEL m TRANSFORM (ML.STANDARD_SCALER(x) AS xs, y) OPTIONS"
                + " (model_type = 'linear_reg', input_label_cols = ['y']) AS SELECT x, y FROM t"))
                .hasMessage("Model 'm': TRANSFORM: ML.STANDARD_SCALER learns from the training data and is written"
                        + " ML.STANDARD_SCALER(...) OVER ()");
        assertThatThrownBy(() -> sql.summary("CREATE MODEL m TRANSFORM (x * 2, y) OPTIONS (model_type ="
                + " 'linear_reg', input_label_cols = ['y']) AS SELECT x, y FROM t"))
                .hasMessage("Model 'm': TRANSFORM item 'x * 2' needs a name: write it as expression AS name");
        assertThatThrownBy(() -> sql.summary("CREATE MODEL m TRANSFORM (ML.SQUASH(x) OVER () AS s, y) OPTIONS"
                + " (model_type = 'linear_reg', input_label_cols = ['y']) AS SELECT x, y FROM t"))
                .hasMessageStartingWith("Model 'm': TRANSFORM: ML.SQUASH is not a preprocessing function; available:"
                        + " ML.BUCKETIZE, ML.FEATURE_CROSS,");
        assertThatThrownBy(() -> sql.summary("CREATE MODEL m TRANSFORM (x AS xs) OPTIONS (model_type ="
                + " 'linear_reg', input_label_cols = ['y']) AS SELECT x, y FROM t"))
                .hasMessageStartingWith("Model 'm' expects label column 'y' but the query has no such column");
    }
}
