package org.lisiere.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a site last reported in its heartbeat: when, the model versions it runs, the rows it holds that are still to
 * be synced, how far its sync lags, the disk its data uses and the result rows its backlog policy dropped.
 */
record SiteStatus(Instant lastSeen, Map<String, Integer> deployed, long backlogRows, long syncLagSeconds,
        long diskBytes, long droppedRows) {
    SiteStatus {
        requireNonNull(lastSeen, "lastSeen is null");
        deployed = Map.copyOf(requireNonNull(deployed, "deployed is null"));
    }

    static SiteStatus seen(Instant at) {
        return new SiteStatus(at, Map.of(), 0, 0, 0, 0);
    }

    /**
     * The report {@code {"deployed": {"m": 3}, "backlog_rows": n, "sync_lag_seconds": n, "disk_bytes": n,
     * "dropped_rows": n}}.
     */
    static SiteStatus from(JsonNode report, Instant at) {
        Map<String, Integer> deployed = new LinkedHashMap<>();
        report.path("deployed").properties().forEach(e -> deployed.put(e.getKey(), e.getValue().asInt()));
        return new SiteStatus(at, deployed, report.path("backlog_rows").asLong(),
                report.path("sync_lag_seconds").asLong(), report.path("disk_bytes").asLong(),
                report.path("dropped_rows").asLong());
    }
}
