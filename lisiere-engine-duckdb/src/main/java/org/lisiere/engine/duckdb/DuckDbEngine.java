package org.lisiere.engine.duckdb;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Properties;
import java.util.Set;
import org.duckdb.DuckDBColumnType;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBFunctions;
import org.duckdb.DuckDBScalarFunctionBuilder;
import org.lisiere.spi.Capability;
import org.lisiere.spi.Engine;
import org.lisiere.spi.EngineConfig;
import org.lisiere.spi.EngineSession;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.FloatFunction;
import org.lisiere.spi.LisiereException;

/**
 * One DuckDB database, in a data directory or in memory. Sessions are duplicates of one root connection, so they
 * share the buffer pool and see each other's committed data.
 *
 * <p>A fatal error (a full disk during a checkpoint, say) invalidates a DuckDB database until it is opened again; the
 * engine then opens it again from its file, replaying the write-ahead log, when the next session opens and no session
 * of the old instance is left.
 */
public final class DuckDbEngine implements Engine {
    /** The database file inside a data directory. */
    public static final String DATABASE_FILE = "lisiere.duckdb";

    private static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.allOf(Capability.class));
    /**
     * How DuckDB's messages of errors that invalidate the database begin, the error that invalidated it as well as the
     * "database has been invalidated" of every later statement.
     */
    private static final String FATAL = "FATAL Error";

    private final String url;
    private final Properties properties;
    private final boolean sandboxed;
    private final String version;
    private final Set<String> functions = new java.util.HashSet<>();
    private volatile DuckDBConnection root;
    /** Set when a fatal error invalidated the database: the next session opens it again. */
    private volatile boolean invalidated;

    private DuckDbEngine(String url, Properties properties, boolean sandboxed) {
        this.url = requireNonNull(url, "url is null");
        this.properties = requireNonNull(properties, "properties is null");
        this.sandboxed = sandboxed;
        this.root = connect();
        try {
            this.version = queryVersion(root);
        } catch (SQLException e) {
            close();
            throw DuckDbErrors.translate(e, "");
        }
    }

    static DuckDbEngine open(EngineConfig config) {
        NativeLibraryLeftovers.removeOnce();
        String url = "jdbc:duckdb:" + config.dataDirectory().map(DuckDbEngine::prepareDatabaseFile).orElse("");
        Properties properties = new Properties();
        // Offline by design: a failed extension auto-install costs seconds and reaches for the network.
        properties.setProperty("autoinstall_known_extensions", "false");
        properties.setProperty("autoload_known_extensions", "false");
        properties.setProperty("memory_limit", config.memoryLimitBytes() / (1024 * 1024) + "MiB");
        properties.setProperty("threads", Integer.toString(config.threads()));
        config.dataDirectory().ifPresent(dir -> properties.setProperty("temp_directory",
                dir.resolve("tmp").toAbsolutePath().toString()));
        properties.putAll(config.properties());
        config.sandbox().ifPresent(directory -> {
            properties.setProperty("enable_external_access", "false");
            // A trailing separator: DuckDB then allows the directory's contents, not the directory's siblings.
            properties.setProperty("allowed_directories", "['" + directory.toAbsolutePath().normalize()
                    .toString().replace("'", "''") + "/']");
        });
        return new DuckDbEngine(url, properties, config.sandbox().isPresent());
    }

    private DuckDBConnection connect() {
        try {
            DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection(url, properties);
            if (sandboxed) {
                try (var statement = connection.createStatement()) {
                    statement.execute("SET lock_configuration = true");
                } catch (SQLException e) {
                    connection.close();
                    throw e;
                }
            }
            return connection;
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e, "");
        }
    }

    private static String prepareDatabaseFile(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new LisiereException(ErrorCode.IO_ERROR,
                    "Cannot create data directory '" + dataDirectory + "': " + e.getMessage(), e);
        }
        return dataDirectory.resolve(DATABASE_FILE).toAbsolutePath().toString();
    }

    private static String queryVersion(DuckDBConnection connection) throws SQLException {
        try (var statement = connection.createStatement();
                var resultSet = statement.executeQuery("SELECT library_version FROM pragma_version()")) {
            resultSet.next();
            return resultSet.getString(1);
        }
    }

    @Override
    public String name() {
        return DuckDbEngineFactory.NAME;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public EngineSession openSession() {
        if (invalidated) {
            reopen();
        }
        try {
            return session(root);
        } catch (SQLException e) {
            noteFailure(e);
            if (!invalidated) {
                throw DuckDbErrors.translate(e, "");
            }
            reopen();
            try {
                return session(root);
            } catch (SQLException again) {
                throw DuckDbErrors.translate(again, "");
            }
        }
    }

    private DuckDbSession session(DuckDBConnection from) throws SQLException {
        DuckDBConnection connection = from.duplicate();
        if (sandboxed) {
            // A sandbox locks the configuration, the progress bar's included: its sessions report no progress. No
            // statement runs here (one cost as much as a small query): a FATAL error that invalidated the database
            // is noted where it happens (noteFailure), and the next session then opens it anew.
            return new DuckDbSession(this, connection);
        }
        try (var statement = connection.createStatement()) {
            // Progress is tracked per connection, and only with the progress bar on; we draw our own.
            statement.execute("SET enable_progress_bar = true");
            statement.execute("SET enable_progress_bar_print = false");
            return new DuckDbSession(this, connection);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * Notes an error of a statement: DuckDB invalidates the database on a FATAL error (a failed checkpoint or write,
     * say), after which every statement fails until it is opened again, which the next {@link #openSession} does.
     */
    void noteFailure(SQLException e) {
        if (String.valueOf(e.getMessage()).startsWith(FATAL)) {
            invalidated = true;
        }
    }

    /** Whether the next session opens the database anew. */
    boolean invalidated() {
        return invalidated;
    }

    /**
     * Opens the database again after a fatal error invalidated it. DuckDB shares one instance among the connections
     * to a file, so the new instance comes only once every session of the old one has closed; until then, and while
     * the cause lasts (replaying the log needs disk space), this fails with the error that invalidated it.
     */
    private synchronized void reopen() {
        if (!invalidated) {
            return; // another thread reopened it
        }
        try {
            root.close();
        } catch (SQLException e) {
            // it is being replaced
        }
        DuckDBConnection fresh = connect();
        try (var statement = fresh.createStatement()) {
            statement.execute("SELECT 1");
        } catch (SQLException e) {
            try {
                fresh.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw DuckDbErrors.translate(e, "");
        }
        functions.clear();
        root = fresh;
        invalidated = false;
    }

    /**
     * Registers a Java function in the database's catalog through the engine's own connection, so that every
     * session sees it; a name registered before is left alone.
     */
    synchronized void registerFunction(FloatFunction function) {
        if (functions.contains(function.name())) {
            return;
        }
        try (DuckDBScalarFunctionBuilder builder = DuckDBFunctions.scalarFunction()) {
            builder.withName(function.name());
            for (int i = 0; i < function.arity(); i++) {
                builder.withParameter(DuckDBColumnType.FLOAT);
            }
            builder.withReturnType(DuckDBColumnType.DOUBLE).withVectorizedFunction((input, output) -> {
                int rows = Math.toIntExact(input.rowCount());
                int arity = function.arity();
                float[] values = new float[rows * arity];
                boolean[] nulls = new boolean[rows];
                for (int c = 0; c < arity; c++) {
                    VectorBuffers.floats(input.vector(c), values, c, arity, rows, nulls);
                }
                double[] results = new double[rows];
                function.body().apply(values, rows, results);
                for (int r = 0; r < rows; r++) {
                    if (Double.isNaN(results[r])) {
                        output.setNull(r);
                    } else {
                        output.setDouble(r, results[r]);
                    }
                }
            }).register(root);
            functions.add(function.name());
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e, "registering function " + function.name());
        }
    }

    @Override
    public void close() {
        try {
            root.close();
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e, "");
        }
    }
}
