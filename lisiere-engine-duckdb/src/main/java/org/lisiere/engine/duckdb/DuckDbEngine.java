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
 */
public final class DuckDbEngine implements Engine {
    /** The database file inside a data directory. */
    public static final String DATABASE_FILE = "lisiere.duckdb";

    private static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.allOf(Capability.class));

    private final DuckDBConnection root;
    private final String version;
    private final Set<String> functions = new java.util.HashSet<>();

    private final boolean sandboxed;

    private DuckDbEngine(DuckDBConnection root, String version, boolean sandboxed) {
        this.root = requireNonNull(root, "root is null");
        this.version = requireNonNull(version, "version is null");
        this.sandboxed = sandboxed;
    }

    static DuckDbEngine open(EngineConfig config) {
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
        try {
            DuckDBConnection connection = (DuckDBConnection) DriverManager.getConnection(url, properties);
            if (config.sandbox().isPresent()) {
                try (var statement = connection.createStatement()) {
                    statement.execute("SET lock_configuration = true");
                }
            }
            return new DuckDbEngine(connection, queryVersion(connection), config.sandbox().isPresent());
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
        try {
            DuckDBConnection connection = root.duplicate();
            // A sandbox locks the configuration, the progress bar's included: its sessions report no progress.
            try (var statement = connection.createStatement()) {
                if (sandboxed) {
                    return new DuckDbSession(this, connection);
                }
                // Progress is tracked per connection, and only with the progress bar on; we draw our own.
                statement.execute("SET enable_progress_bar = true");
                statement.execute("SET enable_progress_bar_print = false");
            }
            return new DuckDbSession(this, connection);
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e, "");
        }
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
