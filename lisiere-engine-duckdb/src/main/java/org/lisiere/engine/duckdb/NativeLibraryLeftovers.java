package org.lisiere.engine.duckdb;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Removes the copies of DuckDB's native library that killed processes left in the temporary directory. DuckDB's JDBC
 * driver copies its library (~70 MB) there at every start and deletes it only at a normal exit, so each process
 * ended by {@code kill -9}, a crash or the kernel's OOM killer leaves one behind: an edge site whose watchdog
 * restarts a hung process fills its disk. A copy that another running process has loaded can be deleted (Linux and
 * macOS keep the mapped file until that process ends; where deleting a loaded library fails, it is skipped), but a
 * copy written in the last minute is kept: its process may still be writing it.
 */
final class NativeLibraryLeftovers {
    /** Copies younger than this are kept. */
    static final Duration MINIMUM_AGE = Duration.ofMinutes(1);
    /** The name DuckDB's driver gives its copy: {@code Files.createTempFile("libduckdb_java", ".so")}. */
    static final String PATTERN = "libduckdb_java*.so";
    private static final AtomicBoolean REMOVED = new AtomicBoolean();

    private NativeLibraryLeftovers() {}

    /** Once per process, from the JVM's temporary directory. */
    static void removeOnce() {
        if (REMOVED.compareAndSet(false, true)) {
            remove(Path.of(System.getProperty("java.io.tmpdir")), InstantSource.system());
        }
    }

    /**
     * Deletes the copies in {@code directory} last modified at least a minute before {@code clock}'s instant; a copy
     * that cannot be read or deleted is left alone. Returns how many were deleted.
     */
    static int remove(Path directory, InstantSource clock) {
        Instant before = clock.instant().minus(MINIMUM_AGE);
        int removed = 0;
        try (DirectoryStream<Path> copies = Files.newDirectoryStream(directory, PATTERN)) {
            for (Path copy : copies) {
                removed += removeIfOlder(copy, before) ? 1 : 0;
            }
        } catch (IOException | DirectoryIteratorException e) {
            // a temporary directory that cannot be listed has nothing this class may clean
        }
        return removed;
    }

    private static boolean removeIfOlder(Path copy, Instant before) {
        try {
            return Files.getLastModifiedTime(copy).toInstant().isBefore(before) && Files.deleteIfExists(copy);
        } catch (IOException e) {
            return false;
        }
    }
}
