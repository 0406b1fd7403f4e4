package org.lisiere.server;

import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lisiere.core.LisiereSession;
import org.lisiere.core.StatementResult;
import org.lisiere.core.fleet.SyncDefinition;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.spi.Batch;
import org.lisiere.spi.CsvOptions;
import org.lisiere.spi.EngineSession;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.LoadFormat;
import org.lisiere.spi.LoadRequest;
import org.lisiere.spi.TableName;

/**
 * {@code PUT /v1/site/syncs/{sync}/batches/{n}} with an NDJSON body: batch {@code n} of a sync's results from the
 * calling site. The rows land in the sync's table, stamped with the site, in the same transaction that records
 * {@code (sync, site, n)} in the ledger, so a batch sent again is recognized and not stored twice; batches of a
 * site must come in order (1, 2, …) so that none is skipped, unless the site declares the ones in between dropped by
 * its backlog policy ({@code Lisiere-Dropped-Through}), which the ledger then records as dropped. See
 * docs/sync-protocol.md.
 */
final class SyncReceiver {
    private SyncReceiver() {}

    static void receive(Context ctx, Principal site, Fleets fleets, Projects projects, long maxBytes) {
        if (site.role() != Role.SITE || site.site().isEmpty()) {
            throw new LisiereException(ErrorCode.PERMISSION_DENIED, "Only an edge site's credential may send sync"
                    + " batches; this is a " + site.role().label() + " token");
        }
        String project = site.project().orElseThrow();
        String name = site.site().get();
        String syncName = ctx.pathParam("sync");
        SyncDefinition sync = fleets.store(project).state(name).syncs().stream()
                .filter(s -> s.name().equals(syncName)).findFirst().orElseThrow(() -> new LisiereException(
                        ErrorCode.PERMISSION_DENIED, "Sync '" + syncName + "' does not run at site '" + name + "'"));
        long batch = batchNumber(ctx.pathParam("batch"));
        Projects.Project target = projects.get(project);
        Path incoming = UploadEndpoint.receive(ctx, target.uploads(), maxBytes);
        target.writes().lock();
        try (LisiereSession session = target.lisiere().openSession()) {
            long last = lastBatch(session, syncName, name);
            if (batch <= last) {
                ctx.json(Map.of("batch", batch, "duplicate", true));
                return;
            }
            long droppedThrough = droppedThrough(ctx);
            if (batch > last + 1 && droppedThrough >= batch - 1) {
                // the site dropped the batches in between by its backlog policy: record them as dropped
                for (long dropped = last + 1; dropped < batch; dropped++) {
                    SyncDefinitions.run(session, "INSERT INTO " + SyncDefinitions.LEDGER + " VALUES ("
                            + literal(syncName) + ", " + literal(name) + ", " + dropped + ", current_timestamp, true)");
                }
                last = batch - 1;
            }
            if (batch != last + 1) {
                throw new LisiereException(ErrorCode.CONSTRAINT_VIOLATION, "Batch " + batch + " of sync '" + syncName
                        + "' from site '" + name + "' arrived before batch " + (last + 1) + "; send batches in order");
            }
            long rows = load(target, sync, name, batch, incoming);
            ctx.json(Map.of("batch", batch, "duplicate", false, "rows", rows));
        } finally {
            target.writes().unlock();
            UploadEndpoint.deleteQuietly(incoming);
        }
    }

    private static long load(Projects.Project project, SyncDefinition sync, String site, long batch, Path file) {
        String ledger = "INSERT INTO " + SyncDefinitions.LEDGER + " VALUES (" + literal(sync.name()) + ", "
                + literal(site) + ", " + batch + ", current_timestamp, false)";
        LoadRequest request = new LoadRequest(TableName.of(sync.name()), file, LoadFormat.NDJSON, false,
                sync.columns(), CsvOptions.DETECT, List.of(ledger), Map.of("site", site));
        try (EngineSession session = project.lisiere().engine().openSession()) {
            return session.load(request).rowsLoaded();
        }
    }

    private static long droppedThrough(Context ctx) {
        String header = ctx.header("Lisiere-Dropped-Through");
        return header == null ? 0 : batchNumber(header);
    }

    /** The last batch of {@code sync} from {@code site} that the ledger holds (0: none). */
    private static long lastBatch(LisiereSession session, String sync, String site) {
        try (StatementResult result = session.execute(ScriptStatement.single("SELECT coalesce(max(batch), 0) FROM "
                + SyncDefinitions.LEDGER + " WHERE sync = ? AND site = ?"), List.of(sync, site))) {
            Optional<Batch> rows = result.result().nextBatch();
            return rows.map(b -> ((Number) b.column(0).get(0)).longValue()).orElse(0L);
        }
    }

    private static long batchNumber(String text) {
        try {
            long batch = Long.parseLong(text);
            if (batch >= 1) {
                return batch;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Invalid batch number '" + text + "': an integer"
                + " from 1");
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
