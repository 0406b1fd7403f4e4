package org.lisiere.cli.demo;

import java.util.List;

/** The guided tour of the demo: each step a title, why it matters, and the SQL that answers it. */
public final class Walkthrough {
    /** One step of the tour. */
    public record Step(String title, String explanation, String sql) {}

    private Walkthrough() {}

    public static List<Step> steps() {
        return List.of(
                new Step("What did we load?",
                        "Two tables: till events from 12 stores and 15-minute telemetry from 40 5G cells.",
                        """
                        SELECT 'pos_events' AS table_name, count(*) AS row_count, min(ts) AS first_ts, max(ts) AS last_ts
                        FROM pos_events
                        UNION ALL
                        SELECT 'cell_metrics', count(*), min(ts), max(ts) FROM cell_metrics"""),
                new Step("Weekly seasonality",
                        "Saturdays are busy, Sundays quiet: revenue by day of the week.",
                        """
                        SELECT isodow(ts) AS dow, dayname(ts) AS day, count(*) AS sales,
                               round(sum(amount), 2) AS revenue, round(avg(amount), 2) AS avg_basket
                        FROM pos_events GROUP BY ALL ORDER BY dow"""),
                new Step("Daily seasonality",
                        "Lunch and after-work peaks: sales per store and day, by hour.",
                        """
                        SELECT hour(ts) AS hour, round(count(*) / (12 * 28.0), 1) AS sales_per_store_day,
                               bar(count(*), 0, max(count(*)) OVER (), 30) AS profile
                        FROM pos_events GROUP BY ALL ORDER BY hour"""),
                new Step("Payment mix",
                        "How customers pay, and how basket size differs by payment.",
                        """
                        SELECT payment, count(*) AS sales, round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS pct,
                               round(avg(amount), 2) AS avg_amount
                        FROM pos_events GROUP BY ALL ORDER BY sales DESC"""),
                new Step("Store-days out of line",
                        "Each store's revenue relative to the median store that day (which cancels the weekly"
                                + " rhythm) against its usual level, as a robust z-score beyond 8: a till outage and"
                                + " a burst of large card payments stand out.",
                        """
                        WITH days AS (
                            SELECT range::DATE AS day
                            FROM range(DATE '2026-03-02', DATE '2026-03-30', INTERVAL 1 DAY)),
                        stores AS (SELECT DISTINCT store FROM pos_events),
                        daily AS (SELECT store, ts::DATE AS day, sum(amount) AS revenue, count(*) AS sales
                                  FROM pos_events GROUP BY ALL),
                        filled AS (SELECT s.store, d.day, coalesce(revenue, 0) AS revenue, coalesce(sales, 0) AS sales
                                   FROM stores s CROSS JOIN days d LEFT JOIN daily USING (store, day)),
                        relative AS (SELECT *, revenue / median(revenue) OVER (PARTITION BY day) AS level
                                     FROM filled),
                        scored AS (SELECT *, (level - median(level) OVER w) / mad(level) OVER w AS z
                                   FROM relative WINDOW w AS (PARTITION BY store))
                        SELECT store, day, sales, round(revenue, 2) AS revenue, round(z, 1) AS robust_z
                        FROM scored WHERE abs(z) > 8 ORDER BY abs(z) DESC"""),
                new Step("Cells with a latency incident",
                        "15-minute slots far above the cell's usual latency for that hour of day, grouped.",
                        """
                        WITH baseline AS (
                            SELECT cell, hour(ts) AS hour, median(latency_ms) AS typical, mad(latency_ms) AS spread
                            FROM cell_metrics GROUP BY ALL)
                        SELECT m.cell, m.ts::DATE AS day, min(m.ts)::TIME AS first_slot, max(m.ts)::TIME AS last_slot,
                               count(*) AS slots, round(max(m.latency_ms), 1) AS worst_latency_ms,
                               sum(m.drops) AS drops
                        FROM cell_metrics m JOIN baseline b ON m.cell = b.cell AND hour(m.ts) = b.hour
                        WHERE m.latency_ms > b.typical + 8 * b.spread + 10
                        GROUP BY ALL ORDER BY worst_latency_ms DESC"""),
                new Step("Train a model in SQL",
                        "A logistic regression that tells from latency, throughput and the hour whether a"
                                + " 15-minute slot will drop 3 calls or more; the first three weeks train it.",
                        """
                        CREATE OR REPLACE MODEL drop_risk
                        OPTIONS (model_type = 'logistic_reg', input_label_cols = ['many_drops'],
                                 data_split_method = 'no_split') AS
                        SELECT latency_ms, throughput_mbps, hour(ts)::VARCHAR AS hour, drops >= 3 AS many_drops
                        FROM cell_metrics WHERE ts < TIMESTAMP '2026-03-23 00:00:00'"""),
                new Step("Evaluate it on the last week",
                        "Data the model has not seen: precision, recall, accuracy, F1, log loss and ROC AUC.",
                        """
                        SELECT round(precision, 3) AS precision, round(recall, 3) AS recall,
                               round(accuracy, 3) AS accuracy, round(f1_score, 3) AS f1_score,
                               round(log_loss, 3) AS log_loss, round(roc_auc, 3) AS roc_auc
                        FROM ML.EVALUATE(MODEL drop_risk,
                            (SELECT latency_ms, throughput_mbps, hour(ts)::VARCHAR AS hour, drops >= 3 AS many_drops
                             FROM cell_metrics WHERE ts >= TIMESTAMP '2026-03-23 00:00:00'))"""),
                new Step("Score the incident",
                        "ML.PREDICT works wherever a table does: the riskiest slots of the latency incident.",
                        """
                        SELECT cell, ts, latency_ms, drops, predicted_many_drops,
                               round(predicted_many_drops_probs[1].prob, 3) AS probability
                        FROM ML.PREDICT(MODEL drop_risk,
                            (SELECT *, hour(ts)::VARCHAR AS hour FROM cell_metrics
                             WHERE ts::DATE = DATE '2026-03-11' AND hour(ts) BETWEEN 10 AND 11))
                        ORDER BY probability DESC, cell LIMIT 5"""),
                new Step("Choose the threshold",
                        "Many-drop slots are rare, so at the default threshold 0.5 the model misses most of them;"
                                + " the confusion matrix on the last week shows what a threshold of 0.2 buys.",
                        """
                        SELECT 0.5 AS threshold, * FROM ML.CONFUSION_MATRIX(MODEL drop_risk, (SELECT latency_ms,
                            throughput_mbps, hour(ts)::VARCHAR AS hour, drops >= 3 AS many_drops FROM cell_metrics
                            WHERE ts >= TIMESTAMP '2026-03-23 00:00:00'))
                        UNION ALL
                        SELECT 0.2, * FROM ML.CONFUSION_MATRIX(MODEL drop_risk, (SELECT latency_ms, throughput_mbps,
                            hour(ts)::VARCHAR AS hour, drops >= 3 AS many_drops FROM cell_metrics
                            WHERE ts >= TIMESTAMP '2026-03-23 00:00:00'), STRUCT(0.2 AS threshold))
                        ORDER BY threshold DESC, expected_label"""),
                new Step("Segment the cell load",
                        "k-means groups the 15-minute slots of the first three weeks by throughput, latency and"
                                + " drops, with no label at all.",
                        """
                        CREATE OR REPLACE MODEL cell_load OPTIONS (model_type = 'kmeans', num_clusters = 3) AS
                        SELECT throughput_mbps, latency_ms, drops FROM cell_metrics
                        WHERE ts < TIMESTAMP '2026-03-23 00:00:00'"""),
                new Step("What the segments are",
                        "Every slot of the month assigned to its nearest centroid: quiet, busy and peak load.",
                        """
                        SELECT centroid_id, count(*) AS slots, round(avg(throughput_mbps)) AS throughput_mbps,
                               round(avg(latency_ms), 1) AS latency_ms, round(avg(drops), 2) AS drops
                        FROM ML.PREDICT(MODEL cell_load, TABLE cell_metrics)
                        GROUP BY centroid_id ORDER BY latency_ms"""),
                new Step("Slots that fit no segment",
                        "ML.DETECT_ANOMALIES flags the slots farthest from every centroid (0.1% of the training"
                                + " slots were that far): the latency incident, found without being told.",
                        """
                        SELECT cell, ts, latency_ms, drops, round(normalized_distance, 1) AS normalized_distance
                        FROM ML.DETECT_ANOMALIES(MODEL cell_load, STRUCT(0.001 AS contamination),
                            TABLE cell_metrics)
                        WHERE is_anomaly ORDER BY normalized_distance DESC, cell, ts LIMIT 5"""),
                new Step("Train an intrusion detector",
                        "Boosted trees (XGBoost) learn the store gateways' flows of the first three weeks: normal"
                                + " traffic, port scans, brute-forced logins, floods and exfiltration.",
                        """
                        CREATE OR REPLACE MODEL intrusions
                        OPTIONS (model_type = 'boosted_tree_classifier', input_label_cols = ['kind'],
                                 max_iterations = 30, enable_global_explain = true) AS
                        SELECT * EXCLUDE (store, ts) FROM flows WHERE ts < TIMESTAMP '2026-03-23 00:00:00'"""),
                new Step("How well it detects",
                        "The last week's flows, unseen in training: what each kind was taken for.",
                        """
                        SELECT * FROM ML.CONFUSION_MATRIX(MODEL intrusions,
                            (SELECT * EXCLUDE (store, ts) FROM flows WHERE ts >= TIMESTAMP '2026-03-23 00:00:00'))"""),
                new Step("Why these alerts?",
                        "ML.EXPLAIN_PREDICT gives each prediction exact attributions (TreeSHAP, in log-odds of the"
                                + " predicted kind); the two largest explain the week's most confident alert of each"
                                + " kind.",
                        """
                        SELECT predicted_kind, kind AS actual, store, ts, round(probability, 3) AS probability,
                               list_transform(top_feature_attributions,
                                   lambda a: printf('%s %+.1f', a.feature, a.attribution)) AS because
                        FROM ML.EXPLAIN_PREDICT(MODEL intrusions,
                            (SELECT * FROM flows WHERE ts >= TIMESTAMP '2026-03-23 00:00:00'),
                            STRUCT(2 AS top_k_features))
                        WHERE predicted_kind <> 'normal'
                        QUALIFY row_number() OVER (PARTITION BY predicted_kind ORDER BY probability DESC, ts) = 1
                        ORDER BY predicted_kind"""),
                new Step("What the detector looks at",
                        "ML.GLOBAL_EXPLAIN: each input's mean absolute attribution over the training flows.",
                        """
                        SELECT feature, round(attribution, 3) AS attribution
                        FROM ML.GLOBAL_EXPLAIN(MODEL intrusions)"""));
    }
}
