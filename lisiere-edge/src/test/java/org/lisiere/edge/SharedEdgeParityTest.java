package org.lisiere.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lisiere.client.LisiereClient;

/**
 * A model scores identically at the edge and at the core (relative difference at most 1e-9) on a real data set:
 * California housing (20,640 districts; StatLib, public), through a scoring of every ingested row and through
 * /v1/predict. Runs with the shared-data profile.
 */
@Tag("shared")
class SharedEdgeParityTest {
    private static final Path HOUSING = Path.of(System.getProperty("lisiere.shared", "../../shared"))
            .resolve("datasets/tabular/california_housing/housing.csv");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id BIGINT, longitude DOUBLE, latitude DOUBLE, housing_median_age DOUBLE,"
            + " total_rooms DOUBLE, total_bedrooms DOUBLE, population DOUBLE, households DOUBLE, median_income DOUBLE,"
            + " ocean_proximity VARCHAR";

    @TempDir
    Path root;

    private CoreAndEdges fleet;

    @BeforeEach
    void start() {
        fleet = new CoreAndEdges(root);
    }

    @AfterEach
    void stop() {
        fleet.close();
    }

    @Test
    void scoresCaliforniaHousingIdenticallyAtTheEdgeAndAtTheCore() {
        fleet.shop.putTable("shop", "housing", HOUSING, "csv");
        fleet.core("CREATE TABLE homes AS SELECT row_number() OVER (ORDER BY longitude, latitude, housing_median_age,"
                + " total_rooms, population, median_income, median_house_value) AS id, * FROM housing");
        fleet.core("CREATE MODEL price OPTIONS (model_type = 'linear_reg', input_label_cols = ['median_house_value'])"
                + " AS SELECT * EXCLUDE (id) FROM homes");
        fleet.core("CREATE SITE TABLE districts (" + COLUMNS + ") OPTIONS (residency = 'open')");
        fleet.core("CREATE SCORING priced ON districts USING MODEL price");
        fleet.core("DEPLOY MODEL price TO SITES");
        CoreAndEdges.Edge edge = fleet.enroll("s1", fleet.createSite("s1", ""));

        LisiereClient.QueryAnswer rows = fleet.core("SELECT * EXCLUDE (median_house_value) FROM homes ORDER BY id");
        StringBuilder batch = new StringBuilder();
        for (List<Object> row : rows.rows()) {
            ObjectNode event = JSON.createObjectNode();
            for (int c = 0; c < rows.columns().size(); c++) {
                event.set(rows.columns().get(c).name(), JSON.valueToTree(row.get(c)));
            }
            batch.append(event).append('\n');
        }
        assertThat(fleet.post(edge, "/v1/ingest/districts", "application/x-ndjson", batch.toString(), Map.of())
                .status()).isEqualTo(200);

        Map<Long, Double> atCore = new HashMap<>();
        fleet.core("SELECT id, predicted_median_house_value FROM ML.PREDICT(MODEL price, (SELECT * FROM homes))")
                .rows().forEach(r -> atCore.put(((Number) r.get(0)).longValue(), ((Number) r.get(1)).doubleValue()));
        List<List<String>> atEdge = CoreAndEdges.local(edge, "SELECT id, predicted_median_house_value FROM priced");
        assertThat(atEdge).hasSize(20_640);
        double worst = 0;
        for (List<String> row : atEdge) {
            double core = atCore.get(Long.parseLong(row.get(0)));
            worst = Math.max(worst, Math.abs(Double.parseDouble(row.get(1)) - core) / Math.max(1, Math.abs(core)));
        }
        assertThat(worst).as("largest relative difference").isLessThanOrEqualTo(1e-9);
        for (int i = 0; i < 50; i++) {
            List<Object> row = rows.rows().get(i * 400);
            ObjectNode event = JSON.createObjectNode();
            for (int c = 1; c < rows.columns().size(); c++) {
                event.set(rows.columns().get(c).name(), JSON.valueToTree(row.get(c)));
            }
            double predicted = fleet.post(edge, "/v1/predict/price", "application/json", event.toString(), Map.of())
                    .json().path("predicted_median_house_value").asDouble();
            double core = atCore.get(((Number) row.get(0)).longValue());
            assertThat(Math.abs(predicted - core) / Math.max(1, Math.abs(core))).isLessThanOrEqualTo(1e-9);
        }
    }

}
