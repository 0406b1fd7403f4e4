package org.lisiere.spi;

import java.util.Set;

/**
 * An open engine instance: owns the storage and hands out sessions. Thread-safe.
 */
public interface Engine extends AutoCloseable {
    String name();

    /** The engine's own version, recorded in provenance. */
    String version();

    Set<Capability> capabilities();

    /** A new session; sessions are not thread-safe, but different sessions may run concurrently. */
    EngineSession openSession();

    /**
     * Fails with {@link ErrorCode#UNSUPPORTED_OPERATION} unless the engine has {@code capability}.
     *
     * @param operation what the user tried, as it reads in a sentence (such as {@code "LOAD DATA from parquet"})
     */
    default void requireCapability(Capability capability, String operation) {
        if (!capabilities().contains(capability)) {
            throw new LisiereException(ErrorCode.UNSUPPORTED_OPERATION,
                    "Engine '" + name() + "' does not support " + operation + " (capability " + capability + ")");
        }
    }

    @Override
    void close();
}
