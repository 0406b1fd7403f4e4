package org.lisiere.core;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.SourcePosition;

/**
 * Where the files that statements name ({@code LOAD DATA 'file'}, {@code model_path}) are: relative to a base
 * directory, and for SQL from the network only inside it.
 *
 * @param base relative paths resolve against it
 * @param confined whether a path must stay inside {@code base} (no absolute path, no {@code ..} out of it)
 */
public record FileAccess(Path base, boolean confined) {
    public FileAccess {
        requireNonNull(base, "base is null");
    }

    /** Any file, relative paths against the working directory: a local shell or script. */
    public static FileAccess workingDirectory() {
        return new FileAccess(Path.of(""), false);
    }

    /** Only files inside {@code directory}: a project's uploads on the server. */
    public static FileAccess confinedTo(Path directory) {
        return new FileAccess(directory.toAbsolutePath().normalize(), true);
    }

    /**
     * The file that {@code text} names.
     *
     * @param what the statement and clause naming it, for the error ({@code LOAD DATA})
     * @throws LisiereException PERMISSION_DENIED when confined and the path leaves the base directory
     */
    public Path resolve(String text, String what, SourcePosition position) {
        requireNonNull(text, "text is null");
        Path path = base.resolve(text).normalize();
        if (confined && (Path.of(text).isAbsolute() || !path.startsWith(base))) {
            throw new LisiereException(ErrorCode.PERMISSION_DENIED, what + ": '" + text + "' is outside this"
                    + " project's files; over the network a statement may only name a file uploaded to the project,"
                    + " by its name", position);
        }
        return path;
    }
}
