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

/** CREATE MODEL kmeans and its ML functions, end to end on DuckDB. */
class KMeansTest {
    /** Three well separated groups of shoppers: (spend, visits) around (10, 1), (50, 5) and (90, 2), and a channel. */
    private static final String DATA = "CREATE TABLE shoppers AS SELECT i, CASE i % 3 WHEN 0 THEN 10 WHEN 1 THEN 50"
            + " ELSE 90 END + (i * 7 % 5) - 2.0 AS spend, CASE i % 3 WHEN 0 THEN 1 WHEN 1 THEN 5 ELSE 2 END"
            + " + (i * 3 % 3) * 0.1 AS visits, CASE WHEN i % 3 = 1 THEN 'web' ELSE 'store' END AS channel"
            + " FROM range(150) t(i)";

    @TempDir
    Path directory;

    private SqlRunner sql;

    @BeforeEach
    void open() {
        sql = SqlRunner.inMemory(directory);
        sql.summary(DATA);
        assertThat(sql.summary("CREATE MODEL segments OPTIONS (model_type = 'kmeans', num_clusters = 3) AS"
                + " SELECT spend, visits, channel FROM shoppers"))
                .startsWith("Created model segments version 1 (kmeans, 150 training rows, 0 evaluation rows,"
                        + " davies_bouldin_index 0.");
    }

    @AfterEach
    void close() {
        sql.close();
    }

    @Test
    void assignsEachGroupToItsOwnCentroid() {
        List<List<String>> groups = sql.rows("SELECT i % 3 AS g, count(DISTINCT centroid_id),"
                + " len(any_value(nearest_centroids_distance)) FROM ML.PREDICT(MODEL segments, TABLE shoppers)"
                + " GROUP BY g ORDER BY g");
        List<List<String>> clusters = sql.rows("SELECT count(DISTINCT centroid_id) FROM ML.PREDICT(MODEL segments,"
                + " TABLE shoppers)");

        assertThat(groups).containsExactly(List.of("0", "1", "3"), List.of("1", "1", "3"), List.of("2", "1", "3"));
        assertThat(clusters).containsExactly(List.of("3"));
        assertThat(sql.rows("SELECT count(*) FROM ML.PREDICT(MODEL segments, TABLE shoppers)"
                + " WHERE nearest_centroids_distance[1].centroid_id <> centroid_id"
                + " OR nearest_centroids_distance[1].distance > nearest_centroids_distance[2].distance"))
                .containsExactly(List.of("0"));
    }

    @Test
    void centroidsAreOnTheOriginalScaleByDefault() {
        List<List<String>> spend = sql.rows("SELECT round(numerical_value) FROM ML.CENTROIDS(MODEL segments)"
                + " WHERE feature = 'spend' ORDER BY numerical_value");
        List<List<String>> channel = sql.rows("SELECT len(categorical_value), numerical_value IS NULL"
                + " FROM ML.CENTROIDS(MODEL segments) WHERE feature = 'channel' LIMIT 1");

        assertThat(spend).containsExactly(List.of("10.0"), List.of("50.0"), List.of("90.0"));
        assertThat(channel).containsExactly(List.of("2", "true"));
        assertThat(sql.rows("SELECT count(*) FROM ML.CENTROIDS(MODEL segments, STRUCT(true AS standardize))"
                + " WHERE feature = 'spend' AND abs(numerical_value) < 2")).containsExactly(List.of("3"));
    }

    @Test
    void evaluationInSqlAgreesWithTheMetricsComputedAtTraining() {
        List<String> stored = sql.rows("SELECT * FROM ML.EVALUATE(MODEL segments)").get(0);
        List<String> recomputed = sql.rows("SELECT * FROM ML.EVALUATE(MODEL segments, TABLE shoppers)").get(0);

        assertThat(sql.columnNames("SELECT * FROM ML.EVALUATE(MODEL segments)"))
                .containsExactly("davies_bouldin_index", "mean_squared_distance");
        for (int i = 0; i < 2; i++) {
            assertThat(Double.parseDouble(recomputed.get(i))).isCloseTo(Double.parseDouble(stored.get(i)),
                    within(1e-9));
        }
    }

    @Test
    void flagsFarAwayRowsAsAnomalies() {
        List<List<String>> anomalies = sql.rows("SELECT is_anomaly, centroid_id IS NOT NULL, spend FROM"
                + " ML.DETECT_ANOMALIES(MODEL segments, STRUCT(0.01 AS contamination), (SELECT 50.0 AS spend,"
                + " 5.0 AS visits, 'web' AS channel UNION ALL SELECT 500.0, 40.0, 'web')) ORDER BY spend");

        assertThat(anomalies).containsExactly(List.of("false", "true", "50.0"), List.of("true", "true", "500.0"));
        assertThat(sql.columnNames("SELECT * FROM ML.DETECT_ANOMALIES(MODEL segments, STRUCT(0.1 AS contamination),"
                + " TABLE shoppers)")).startsWith("is_anomaly", "normalized_distance", "centroid_id", "i");
        assertThatThrownBy(() -> sql.rows("SELECT * FROM ML.DETECT_ANOMALIES(MODEL segments, TABLE shoppers)"))
                .hasMessage("ML.DETECT_ANOMALIES of kmeans model 'segments' needs STRUCT(c AS contamination), the"
                        + " share of anomalies in the training data, from 0 to 0.5");
    }

    @Test
    void cosineDistanceAndTrainingInfo() {
        sql.summary("CREATE MODEL directions OPTIONS (model_type = 'kmeans', num_clusters = 2, distance_type ="
                + " 'cosine', standardize_features = false) AS SELECT spend, visits FROM shoppers");

        assertThat(sql.rows("SELECT count(*) FROM ML.PREDICT(MODEL directions, TABLE shoppers)"
                + " WHERE nearest_centroids_distance[1].distance NOT BETWEEN 0 AND 1")).containsExactly(List.of("0"));
        assertThat(sql.rows("SELECT count(*) > 0, bool_and(eval_loss IS NULL) FROM ML.TRAINING_INFO(MODEL segments)"))
                .containsExactly(List.of("true", "true"));
    }

    @Test
    void rejectsFunctionsAndOptionsOfOtherModelTypes() {
        assertThatThrownBy(() -> sql.rows("SELECT * FROM ML.WEIGHTS(MODEL segments)"))
                .hasMessage("ML.WEIGHTS is not available for model 'segments' (model_type kmeans); available:"
                        + " ML.PREDICT, ML.EVALUATE, ML.CENTROIDS, ML.DETECT_ANOMALIES, ML.TRAINING_INFO,"
                        + " ML.FEATURE_INFO, ML.TRIAL_INFO");
        assertThatThrownBy(() -> sql.summary("CREATE MODEL k OPTIONS (model_type = 'kmeans', num_clusters = 1)"
                + " AS SELECT spend FROM shoppers"))
                .hasMessage("Option 'num_clusters': 1 is not allowed; expected an integer from 2 to 100");
        assertThatThrownBy(() -> sql.summary("CREATE MODEL k OPTIONS (model_type = 'kmeans', data_split_method ="
                + " 'random') AS SELECT spend FROM shoppers"))
                .hasMessageStartingWith("CREATE MODEL: unknown option 'data_split_method' for model_type 'kmeans';");
    }

    @Test
    void inputColumnsNamedLikeLambdaParametersDoNotClash() {
        assertThat(sql.rows("SELECT d, x, b, is_anomaly FROM ML.DETECT_ANOMALIES(MODEL segments, STRUCT(0.1 AS"
                + " contamination), (SELECT 50.0 AS spend, 5.0 AS visits, 'web' AS channel, 1 AS d, 2 AS x, 3 AS b))"))
                .containsExactly(List.of("1", "2", "3", "false"));
    }
}
