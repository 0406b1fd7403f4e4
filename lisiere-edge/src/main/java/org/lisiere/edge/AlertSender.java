package org.lisiere.edge;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.lisiere.core.Lisiere;
import org.lisiere.core.LisiereSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts queued alerts ({@code _lisiere_alerts}, filled by the {@link Scorer} in the transaction that scores their
 * rows) to their webhook as JSON, one request per scored row. An alert leaves the queue only when the webhook
 * answered 2xx; otherwise it is retried after 1 s, 2 s, 4 s, … up to 5 minutes between attempts, for as long as it
 * takes. The clock decides what is due, so tests need no sleeps.
 */
final class AlertSender {
    private static final Logger LOG = LoggerFactory.getLogger(AlertSender.class);
    static final String ALERTS = "_lisiere_alerts";
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private final Lisiere lisiere;
    private final InstantSource clock;
    /** Made when the first alert is posted: most sites have no alerts, and a client costs TLS set-up at start. */
    private HttpClient http;

    AlertSender(Lisiere lisiere, InstantSource clock) {
        this.lisiere = requireNonNull(lisiere, "lisiere is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Posts every alert that is due, oldest first; returns how many were delivered. */
    synchronized int deliverDue() {
        Instant now = clock.instant();
        int delivered = 0;
        try (LisiereSession session = lisiere.openSession()) {
            List<Object[]> due = LocalSql.rows(session, "SELECT scoring, id, url, payload, attempts FROM " + ALERTS
                    + " WHERE next_attempt <= CAST(? AS TIMESTAMP WITH TIME ZONE) ORDER BY scoring, id",
                    List.of(now.toString()));
            for (Object[] alert : due) {
                String scoring = (String) alert[0];
                long id = ((Number) alert[1]).longValue();
                if (post((String) alert[2], (String) alert[3])) {
                    LocalSql.run(session, "DELETE FROM " + ALERTS + " WHERE scoring = " + LocalSql.literal(scoring)
                            + " AND id = " + id);
                    delivered++;
                } else {
                    int attempts = ((Number) alert[4]).intValue() + 1;
                    Instant next = now.plus(backoff(attempts));
                    LocalSql.run(session, "UPDATE " + ALERTS + " SET attempts = " + attempts + ", next_attempt = '"
                            + next + "' WHERE scoring = " + LocalSql.literal(scoring) + " AND id = " + id);
                }
            }
        }
        return delivered;
    }

    /** Alerts waiting to be delivered. */
    long pending() {
        try (LisiereSession session = lisiere.openSession()) {
            return LocalSql.count(session, "SELECT count(*) FROM " + ALERTS, List.of());
        }
    }

    static Duration backoff(int attempts) {
        Duration wait = Duration.ofSeconds(1L << Math.min(attempts - 1, 20));
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    private boolean post(String url, String payload) {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        }
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(payload)).build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                return true;
            }
            LOG.warn("Alert webhook {} answered {}; retrying later", url, response.statusCode());
        } catch (IOException e) {
            LOG.warn("Alert webhook {} unreachable ({}); retrying later", url, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
