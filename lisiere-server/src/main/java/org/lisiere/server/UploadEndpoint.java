package org.lisiere.server;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.lisiere.core.LisiereSession;
import org.lisiere.core.StatementResult;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.LoadFormat;

/**
 * Uploads into a project: {@code PUT …/tables/{t}} loads the body into table {@code t} (replacing its rows, creating
 * it if needed) and {@code PUT …/files/{name}} keeps it for {@code LOAD DATA} and {@code model_path}. Bodies stream
 * to a new file in the project's uploads, counted against the size limit; a table load is LOAD DATA's, atomic: the
 * table holds the old rows or all the new ones.
 */
final class UploadEndpoint {
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final Map<String, LoadFormat> CONTENT_TYPES = Map.of(
            "text/csv", LoadFormat.CSV, "application/x-ndjson", LoadFormat.NDJSON,
            "application/ndjson", LoadFormat.NDJSON, "application/json", LoadFormat.JSON,
            "application/vnd.apache.parquet", LoadFormat.PARQUET, "application/x-parquet", LoadFormat.PARQUET);

    private UploadEndpoint() {}

    static void putTable(Context ctx, Principal principal, Projects.Project project, long maxBytes) {
        requireWriter(principal);
        String table = Names.check("table", ctx.pathParam("table"));
        LoadFormat format = format(ctx);
        Path incoming = receive(ctx, project.uploads(), maxBytes);
        try (LisiereSession session = project.lisiere().openSession()) {
            project.writes().lock();
            try (StatementResult result = session.execute(ScriptStatement.single("LOAD DATA OVERWRITE INTO " + table
                    + " FROM '" + incoming.getFileName() + "' OPTIONS (format = '" + format.optionName() + "')"))) {
                ctx.status(200).json(Map.of("table", table, "rows_loaded",
                        result.result().updateCount().orElse(0L), "summary", result.summary()));
            } finally {
                project.writes().unlock();
            }
        } finally {
            deleteQuietly(incoming);
        }
    }

    static void putFile(Context ctx, Principal principal, Projects.Project project, long maxBytes) {
        requireWriter(principal);
        String name = ctx.pathParam("name");
        if (!FILE_NAME.matcher(name).matches()) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Invalid file name '" + name + "': use 1 to 128"
                    + " letters, digits, '_', '.' and '-', starting with a letter or digit");
        }
        Path incoming = receive(ctx, project.uploads(), maxBytes);
        try {
            long bytes = Files.size(incoming);
            Files.move(incoming, project.uploads().resolve(name), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            ctx.status(201).json(Map.of("file", name, "bytes", bytes));
        } catch (IOException e) {
            deleteQuietly(incoming);
            throw new LisiereException(ErrorCode.IO_ERROR, "Cannot store file '" + name + "': " + e.getMessage(), e);
        }
    }

    private static void requireWriter(Principal principal) {
        if (!principal.role().writes()) {
            throw new LisiereException(ErrorCode.PERMISSION_DENIED, "A " + principal.role().label() + " token may"
                    + " not upload; uploads need a writer token");
        }
    }

    /** The format: {@code ?format=} first, else the Content-Type. */
    private static LoadFormat format(Context ctx) {
        Optional<String> named = Optional.ofNullable(ctx.queryParam("format"));
        if (named.isPresent()) {
            return LoadFormat.fromOptionName(named.get()).orElseThrow(() -> new LisiereException(
                    ErrorCode.INVALID_ARGUMENT, "Unknown format '" + named.get() + "'; allowed: "
                            + LoadFormat.optionNames()));
        }
        String type = Optional.ofNullable(ctx.contentType()).orElse("").split(";")[0].strip()
                .toLowerCase(Locale.ROOT);
        LoadFormat format = CONTENT_TYPES.get(type);
        if (format == null) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Cannot tell the format of the upload from"
                    + " Content-Type '" + type + "'; send text/csv, application/x-ndjson, application/json or"
                    + " application/vnd.apache.parquet, or add ?format= with one of " + LoadFormat.optionNames());
        }
        return format;
    }

    /** Streams the body into a new hidden file of {@code uploads}; PAYLOAD_TOO_LARGE beyond {@code maxBytes}. */
    static Path receive(Context ctx, Path uploads, long maxBytes) {
        Path incoming = uploads.resolve(".incoming-" + UUID.randomUUID());
        try (InputStream in = ctx.bodyInputStream();
                OutputStream out = Files.newOutputStream(incoming, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (total > maxBytes) {
                    throw new LisiereException(ErrorCode.PAYLOAD_TOO_LARGE, "The upload is larger than the "
                            + maxBytes + " bytes accepted (setting max_upload)");
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(incoming);
            if (e instanceof LisiereException lisiere) {
                throw lisiere;
            }
            if (timedOut(e)) {
                throw new LisiereException(ErrorCode.REQUEST_TIMEOUT, "The upload stopped arriving for longer than"
                        + " the server waits (setting idle_timeout); nothing of it was kept", e);
            }
            throw new LisiereException(ErrorCode.MALFORMED_INPUT, "The upload did not arrive whole: " + e.getMessage(), e);
        }
        return incoming;
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover hidden file is removed with the project; nothing refers to it
        }
    }
}
