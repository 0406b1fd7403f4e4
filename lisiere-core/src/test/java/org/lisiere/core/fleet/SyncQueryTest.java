package org.lisiere.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncQueryTest {
    @Test
    void findsTheSiteTablesAQueryReads() {
        assertThat(SyncQuery.tablesRead("SELECT p.store, count(*) FROM pos p JOIN \"Stores\" s ON p.store ="
                + " s.store GROUP BY ALL", List.of("stores", "pos", "refunds"))).containsExactly("pos", "stores");
    }

    @Test
    void replacesColumnGreaterThanLastWithTrue() {
        assertThat(SyncQuery.withoutLast("SELECT * FROM pos WHERE p.ts > LAST AND amount > 3"))
                .isEqualTo("SELECT * FROM pos WHERE TRUE AND amount > 3");
        assertThat(SyncQuery.withoutLast("SELECT last(x) FROM t")).isEqualTo("SELECT last(x) FROM t");
        assertThatThrownBy(() -> SyncQuery.withoutLast("SELECT * FROM t WHERE 3 > LAST"))
                .hasMessage("LAST must follow a column and '>', as in WHERE ts > LAST");
    }

    @Test
    void readsTablesThroughCommonTableExpressions() {
        Map<String, String> windows = new LinkedHashMap<>();
        windows.put("pos", "SELECT * FROM main.pos WHERE s > 4");
        assertThat(SyncQuery.reading("SELECT count(*) FROM pos", windows))
                .isEqualTo("WITH \"pos\" AS (SELECT * FROM main.pos WHERE s > 4) SELECT count(*) FROM pos");
        assertThat(SyncQuery.reading("WITH RECURSIVE a AS (SELECT 1) SELECT * FROM a, pos", windows))
                .isEqualTo("WITH RECURSIVE \"pos\" AS (SELECT * FROM main.pos WHERE s > 4), a AS (SELECT 1) SELECT"
                        + " * FROM a, pos");
    }

    @Test
    void letsOnlyAggregatesOfSiteResidentTablesLeave() {
        SyncQuery.checkResidency("SELECT store, count(*) AS n, sum(amount) FROM pos GROUP BY store", List.of("pos"));
        SyncQuery.checkResidency("SELECT * FROM pos", List.of());
        assertThatThrownBy(() -> SyncQuery.checkResidency("SELECT * FROM pos", List.of("pos")))
                .hasMessage("This sync would send raw rows of pos (residency 'site': only aggregates leave the site):"
                        + " it does not aggregate (GROUP BY or count, sum, avg, … at its top level)");
        assertThatThrownBy(() -> SyncQuery.checkResidency("SELECT store, string_agg(card, ',') FROM pos GROUP BY"
                + " store", List.of("pos")))
                .hasMessage("This sync would send raw rows of pos (residency 'site': only aggregates leave the site):"
                        + " it uses string_agg(), which returns the values it aggregates");
        assertThatThrownBy(() -> SyncQuery.checkResidency("SELECT * FROM (SELECT count(*) FROM pos) UNION ALL"
                + " SELECT card FROM pos", List.of("pos"))).hasMessageContaining("it does not aggregate");
    }
}
