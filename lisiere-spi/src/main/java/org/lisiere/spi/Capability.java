package org.lisiere.spi;

/**
 * What an engine can do beyond running SQL. Operations that need a capability the engine lacks fail with
 * {@link ErrorCode#UNSUPPORTED_OPERATION} naming the engine and the capability.
 */
public enum Capability {
    /** Data survives a restart in the configured data directory. */
    PERSISTENT_STORAGE,
    /** Multi-statement transactions with rollback. */
    TRANSACTIONS,
    /** A running statement can be cancelled from another thread. */
    CANCEL,
    /** A running statement reports its progress. */
    PROGRESS,
    /** {@code LOAD DATA} from CSV files. */
    LOAD_CSV,
    /** {@code LOAD DATA} from Parquet files. */
    LOAD_PARQUET,
    /** {@code LOAD DATA} from JSON (array or object per file) and NDJSON files. */
    LOAD_JSON,
    /** The engine's own SQL functions that read files ({@code read_csv}, {@code COPY}): local shells only. */
    FILE_FUNCTIONS,
    /** SQL functions implemented in Java ({@link EngineSession#registerFunction}), e.g. to score tree models. */
    JAVA_FUNCTIONS,
    /**
     * Opened with {@link EngineConfig#sandbox}: SQL reaches no file outside the sandbox directory and the engine's own
     * data, loads no extension and changes no engine setting.
     */
    SANDBOX
}
