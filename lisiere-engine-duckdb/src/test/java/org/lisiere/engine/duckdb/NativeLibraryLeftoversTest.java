package org.lisiere.engine.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryLeftoversTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @TempDir
    Path directory;

    private Path file(String name, Duration age) throws IOException {
        Path file = Files.writeString(directory.resolve(name), "library");
        Files.setLastModifiedTime(file, FileTime.from(NOW.minus(age)));
        return file;
    }

    @Test
    void removesCopiesOlderThanAMinuteAndNothingElse() throws IOException {
        file("libduckdb_java4436104911873590631.so", Duration.ofHours(5));
        file("libduckdb_java77.so", Duration.ofSeconds(61));
        file("libduckdb_java5.so", Duration.ofSeconds(59));
        file("libduckdb_java6.so.txt", Duration.ofHours(5));
        file("libother.so", Duration.ofHours(5));

        int removed = NativeLibraryLeftovers.remove(directory, InstantSource.fixed(NOW));

        assertThat(removed).isEqualTo(2);
        try (Stream<Path> left = Files.list(directory)) {
            assertThat(left.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("libduckdb_java5.so", "libduckdb_java6.so.txt", "libother.so");
        }
    }

    @Test
    void aMissingDirectoryHasNothingToRemove() {
        assertThat(NativeLibraryLeftovers.remove(directory.resolve("gone"), InstantSource.fixed(NOW))).isZero();
    }
}
