package org.lisiere.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lisiere.core.ml.EventScorer;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.spi.Batch;
import org.lisiere.spi.Schema;

/**
 * Single events scored in Java ({@link EventScorer}) give ML.PREDICT's row: the same columns in the same order, the
 * same labels, and numbers within 1e-12 relative, for every kind of model it covers, on random events with nulls,
 * unseen categories, integers and fractions.
 */
class EventScoringTest {
    private static final List<String> PAYMENTS = List.of("card", "cash", "mobile", "voucher");

    @TempDir
    static Path directory;

    private static SqlRunner sql;

    @BeforeAll
    static void train() {
        sql = SqlRunner.inMemory(directory);
        sql.summary("CREATE TABLE shop AS SELECT (i * 37 % 100) / 4.0 AS amount, i % 7 AS items,"
                + " ['card', 'cash', 'mobile'][i % 3 + 1] AS payment, i % 3 AS bucket FROM range(600) t(i)");
        sql.summary("CREATE TABLE labelled AS SELECT *, amount * 2 + items - CASE payment WHEN 'cash' THEN 5 ELSE 0"
                + " END AS total, amount > 12 AND payment = 'card' AS fraud, CASE WHEN amount < 8 THEN 'low' WHEN"
                + " amount < 16 THEN 'mid' ELSE 'high' END AS tier FROM shop");
        String inputs = "amount, items, payment";
        sql.summary("CREATE MODEL lin OPTIONS (model_type = 'linear_reg', input_label_cols = ['total']) AS SELECT "
                + inputs + ", total FROM labelled");
        sql.summary("CREATE MODEL bin OPTIONS (model_type = 'logistic_reg', input_label_cols = ['fraud']) AS SELECT "
                + inputs + ", fraud FROM labelled");
        sql.summary("CREATE MODEL multi OPTIONS (model_type = 'logistic_reg', input_label_cols = ['tier']) AS SELECT "
                + inputs + ", tier FROM labelled");
        sql.summary("CREATE MODEL buckets OPTIONS (model_type = 'logistic_reg', input_label_cols = ['bucket']) AS"
                + " SELECT amount, items, payment, bucket FROM labelled");
        sql.summary("CREATE MODEL tree_reg OPTIONS (model_type = 'boosted_tree_regressor', input_label_cols ="
                + " ['total'], max_iterations = 8) AS SELECT " + inputs + ", total FROM labelled");
        sql.summary("CREATE MODEL tree_bin OPTIONS (model_type = 'boosted_tree_classifier', input_label_cols ="
                + " ['fraud'], max_iterations = 8) AS SELECT " + inputs + ", fraud FROM labelled");
        sql.summary("CREATE MODEL tree_multi OPTIONS (model_type = 'random_forest_classifier', input_label_cols ="
                + " ['tier'], num_parallel_tree = 5) AS SELECT " + inputs + ", tier FROM labelled");
    }

    @AfterAll
    static void close() {
        sql.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"lin", "bin", "multi", "buckets", "tree_reg", "tree_bin", "tree_multi"})
    void scoresEveryEventAsMlPredictDoes(String model) {
        EventScorer scorer = EventScorer.of(sql.lisiere().models().active(model)).orElseThrow();
        SplittableRandom random = new SplittableRandom(model.hashCode());
        for (int i = 0; i < 150; i++) {
            Map<String, Object> event = event(random);

            Map<String, Object> inJava = scorer.predict(event).orElseThrow();

            Map<String, Object> inSql = mlPredict(model, event);
            assertThat(inJava.keySet()).as("columns for %s", event).containsExactlyElementsOf(inSql.keySet());
            inSql.forEach((column, expected) -> assertSame(expected, inJava.get(column), column + " of " + event));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lin", "tree_multi"})
    void leavesToSqlWhatJavaWouldNotComputeAlike(String model) {
        EventScorer scorer = EventScorer.of(sql.lisiere().models().active(model)).orElseThrow();
        Map<String, Object> textAmount = new LinkedHashMap<>(Map.of("amount", "12.5", "items", 3L, "payment", "card"));
        Map<String, Object> fractionalCategory = new LinkedHashMap<>(Map.of("amount", 12.5, "items", 3L,
                "payment", 2.5));
        Map<String, Object> missingInput = new LinkedHashMap<>(Map.of("amount", 12.5, "payment", "card"));
        Map<String, Object> outputName = new LinkedHashMap<>(Map.of("amount", 12.5, "items", 3L, "payment", "card",
                model.equals("lin") ? "Predicted_Total" : "predicted_tier", 1L));

        assertThat(scorer.predict(outputName)).isEmpty();
        assertThat(scorer.predict(textAmount)).isEmpty();
        assertThat(scorer.predict(fractionalCategory)).isEmpty();
        assertThat(scorer.predict(missingInput)).isEmpty();
    }

    private static Map<String, Object> event(SplittableRandom random) {
        Map<String, Object> event = new LinkedHashMap<>();
        int kind = random.nextInt(10);
        event.put("amount", kind == 0 ? null : kind < 5 ? (Object) (long) random.nextInt(30)
                : (Object) (random.nextInt(3000) / 100.0));
        event.put("items", random.nextInt(8) == 0 ? null : (Object) (long) random.nextInt(9));
        event.put("payment", random.nextInt(8) == 0 ? null : PAYMENTS.get(random.nextInt(PAYMENTS.size())));
        if (random.nextBoolean()) {
            event.put("store", "s" + random.nextInt(5));
        }
        return event;
    }

    /** ML.PREDICT's row for {@code event}, as Edge sites bind events: integers BIGINT, fractions DOUBLE, text. */
    private static Map<String, Object> mlPredict(String model, Map<String, Object> event) {
        StringJoiner columns = new StringJoiner(", ");
        event.forEach((name, value) -> columns.add((value == null ? "NULL" : value instanceof String text ? "'" + text
                + "'" : value instanceof Long ? "CAST(" + value + " AS BIGINT)" : "CAST('" + value + "' AS DOUBLE)")
                + " AS " + name));
        try (StatementResult result = sql.session().execute(ScriptStatement.single("SELECT * FROM ML.PREDICT(MODEL "
                + model + ", (SELECT " + columns + "))"))) {
            Schema schema = result.result().schema();
            Batch batch = result.result().nextBatch().orElseThrow();
            Map<String, Object> row = new LinkedHashMap<>();
            for (int c = 0; c < schema.size(); c++) {
                row.put(schema.column(c).name(), batch.column(c).get(0));
            }
            return row;
        }
    }

    private static void assertSame(Object expected, Object actual, String what) {
        if (expected instanceof Double number) {
            assertThat(actual).as(what).isInstanceOf(Double.class);
            double difference = Math.abs((Double) actual - number) / Math.max(1e-300, Math.abs(number));
            assertThat(difference).as("%s: %s against %s", what, actual, number).isLessThanOrEqualTo(1e-12);
        } else if (expected instanceof Number number && !(expected instanceof Double)) {
            assertThat(actual).as(what).isInstanceOf(Number.class);
            assertThat(((Number) actual).longValue()).as(what).isEqualTo(number.longValue());
        } else if (expected instanceof List<?> list) {
            assertThat(actual).as(what).isInstanceOf(List.class);
            assertThat((List<?>) actual).as(what).hasSameSizeAs(list);
            for (int i = 0; i < list.size(); i++) {
                assertSame(list.get(i), ((List<?>) actual).get(i), what + "[" + i + "]");
            }
        } else if (expected instanceof Map<?, ?> map) {
            assertThat(actual).as(what).isInstanceOf(Map.class);
            assertThat(List.copyOf(((Map<?, ?>) actual).keySet())).as(what).isEqualTo(List.copyOf(map.keySet()));
            map.forEach((key, value) -> assertSame(value, ((Map<?, ?>) actual).get(key), what + "." + key));
        } else {
            assertThat(actual).as(what).isEqualTo(expected);
        }
    }
}
