package org.lisiere.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/** Files replaced whole: a crash at any point leaves the old content or the new one, never a mix. */
public final class AtomicFiles {
    private AtomicFiles() {}

    /**
     * Writes {@code bytes} to a sibling temporary file, forces it to disk and moves it over {@code file}; creates the
     * parent directories. IO_ERROR naming the file when that fails.
     */
    public static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(bytes));
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new LisiereException(ErrorCode.IO_ERROR, "Cannot write '" + file + "': " + e.getMessage(), e);
        }
    }
}
