package org.lisiere.core.ml;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.lisiere.core.io.AtomicFiles;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * Models in the data directory: {@code models/<name>/registry.json} lists the versions and the active one,
 * {@code models/<name>/v<n>.json} holds each version. Every file is written to a temporary file, forced to disk and
 * moved into place atomically, so a crash leaves the old or the new state.
 */
public final class ModelRegistry {
    /** Large forests keep an XGBoost document of hundreds of MB in one string: no limit below Java's own. */
    private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                    .maxStringLength(Integer.MAX_VALUE).build()).build())
            .registerModule(new com.fasterxml.jackson.datatype.jdk8.Jdk8Module())
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path directory;

    public ModelRegistry(Path directory) {
        this.directory = requireNonNull(directory, "directory is null");
    }

    /** The registry entry of a model: its versions and the active one. */
    public record Entry(String name, int activeVersion, List<Integer> versions) {
        public Entry {
            requireNonNull(name, "name is null");
            versions = List.copyOf(requireNonNull(versions, "versions is null"));
        }
    }

    public Optional<Entry> find(String name) {
        Path file = modelDirectory(name).resolve("registry.json");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(read(file, Entry.class));
    }

    /** The active version of a model. */
    public ModelVersion active(String name) {
        return version(name, entry(name).activeVersion());
    }

    public ModelVersion version(String name, int version) {
        Path file = modelDirectory(name).resolve("v" + version + ".json");
        if (!Files.exists(file)) {
            throw new LisiereException(ErrorCode.UNKNOWN_OBJECT, "Model '" + name + "' has no version " + version);
        }
        ModelVersion model = read(file, ModelVersion.class);
        if (model.formatVersion() > ModelVersion.FORMAT_VERSION) {
            throw new LisiereException(ErrorCode.UNSUPPORTED_OPERATION, "Model '" + name + "' version " + version
                    + " has file format " + model.formatVersion() + "; this build reads up to "
                    + ModelVersion.FORMAT_VERSION);
        }
        return model;
    }

    /**
     * The file of version {@code version} of {@code name} as stored, for a site that installs it with
     * {@link #install}; UNKNOWN_OBJECT when there is no such version.
     */
    public byte[] versionFile(String name, int version) {
        version(name, version);
        try {
            return Files.readAllBytes(modelDirectory(name).resolve("v" + version + ".json"));
        } catch (IOException e) {
            throw new LisiereException(ErrorCode.IO_ERROR, "Cannot read version " + version + " of model '" + name
                    + "': " + e.getMessage(), e);
        }
    }

    /**
     * Installs a version another registry wrote ({@link #versionFile}) under its own name and number and makes it
     * the active one; a version already here is only activated. MALFORMED_INPUT when the bytes are not a model
     * file of a format this build reads.
     */
    public ModelVersion install(byte[] file) {
        ModelVersion model;
        try {
            model = JSON.readValue(file, ModelVersion.class);
        } catch (IOException e) {
            throw new LisiereException(ErrorCode.MALFORMED_INPUT, "Not a model file: "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (model.formatVersion() > ModelVersion.FORMAT_VERSION) {
            throw new LisiereException(ErrorCode.UNSUPPORTED_OPERATION, "Model '" + model.name() + "' version "
                    + model.version() + " has file format " + model.formatVersion() + "; this build reads up to "
                    + ModelVersion.FORMAT_VERSION);
        }
        if (find(model.name()).filter(e -> e.versions().contains(model.version())).isPresent()) {
            activate(model.name(), model.version());
        } else {
            add(model, true);
        }
        return model;
    }

    /** The number the next version of {@code name} gets. */
    public int nextVersion(String name) {
        return find(name).map(e -> e.versions().stream().max(Integer::compare).orElse(0) + 1).orElse(1);
    }

    /** Stores a new version and makes it the active one: the version file first, then the registry entry. */
    public void add(ModelVersion model) {
        add(model, true);
    }

    /**
     * Stores a new version, the version file first, then the registry entry; {@code activate} false keeps the
     * active version (a first version is always active).
     */
    public void add(ModelVersion model, boolean activate) {
        Path dir = modelDirectory(model.name());
        writeAtomically(dir.resolve("v" + model.version() + ".json"), model);
        Optional<Entry> existing = find(model.name());
        List<Integer> versions = new ArrayList<>(existing.map(Entry::versions).orElse(List.of()));
        versions.add(model.version());
        int active = activate || existing.isEmpty() ? model.version() : existing.get().activeVersion();
        writeAtomically(dir.resolve("registry.json"), new Entry(model.name(), active, versions));
    }

    /** Makes an existing version the active one. */
    public void activate(String name, int version) {
        Entry entry = entry(name);
        if (!entry.versions().contains(version)) {
            throw new LisiereException(ErrorCode.UNKNOWN_OBJECT, "Model '" + name + "' has no version " + version
                    + "; its versions: " + entry.versions());
        }
        writeAtomically(modelDirectory(name).resolve("registry.json"),
                new Entry(entry.name(), version, entry.versions()));
    }

    /** Removes one version that is not the active one. */
    public void dropVersion(String name, int version) {
        Entry entry = entry(name);
        if (!entry.versions().contains(version)) {
            throw new LisiereException(ErrorCode.UNKNOWN_OBJECT, "Model '" + name + "' has no version " + version
                    + "; its versions: " + entry.versions());
        }
        if (entry.activeVersion() == version) {
            throw new LisiereException(ErrorCode.INVALID_ARGUMENT, "Version " + version + " is the active version of"
                    + " model '" + name + "'; make another version active first (ALTER MODEL " + name
                    + " SET ACTIVE VERSION n) or drop the whole model");
        }
        List<Integer> versions = new ArrayList<>(entry.versions());
        versions.remove(Integer.valueOf(version));
        writeAtomically(modelDirectory(name).resolve("registry.json"),
                new Entry(entry.name(), entry.activeVersion(), versions));
        try {
            Files.deleteIfExists(modelDirectory(name).resolve("v" + version + ".json"));
        } catch (IOException e) {
            throw new LisiereException(ErrorCode.IO_ERROR, "Cannot delete version " + version + " of model '" + name
                    + "': " + e.getMessage(), e);
        }
    }

    private Entry entry(String name) {
        return find(name).orElseThrow(() -> new LisiereException(ErrorCode.UNKNOWN_OBJECT,
                "Model '" + name + "' does not exist"));
    }

    /** Removes a model and all its versions. */
    public void drop(String name) {
        Path dir = modelDirectory(name);
        try (Stream<Path> files = Files.walk(dir)) {
            // The registry entry goes first: without it the model no longer exists, whatever else remains.
            Files.deleteIfExists(dir.resolve("registry.json"));
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new LisiereException(ErrorCode.IO_ERROR, "Cannot drop model '" + name + "': " + e.getMessage(), e);
        }
    }

    /** {@code exports/<relative>} in the data directory, or empty when {@code relative} would leave it. */
    public Optional<Path> exportPath(String relative) {
        Path exports = directory.resolve("exports").toAbsolutePath().normalize();
        Path path;
        try {
            path = Path.of(relative);
        } catch (java.nio.file.InvalidPathException e) {
            return Optional.empty();
        }
        Path target = exports.resolve(path).normalize();
        return path.isAbsolute() || relative.isBlank() || !target.startsWith(exports) || target.equals(exports)
                ? Optional.empty() : Optional.of(target);
    }

    /** Writes {@code model} to {@code target} atomically, in the registry's file format. */
    public void export(ModelVersion model, Path target) {
        writeAtomically(target, model);
    }

    /** Writes {@code bytes} to {@code target} atomically (another format's document). */
    public void export(byte[] bytes, Path target) {
        AtomicFiles.write(target, bytes);
    }

    /** Every model, by name. */
    public List<Entry> list() {
        Path models = directory.resolve("models");
        if (!Files.isDirectory(models)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(models)) {
            return dirs.map(d -> d.resolve("registry.json")).filter(Files::exists)
                    .map(f -> read(f, Entry.class)).sorted(Comparator.comparing(Entry::name)).toList();
        } catch (IOException e) {
            throw new LisiereException(ErrorCode.IO_ERROR, "Cannot list models: " + e.getMessage(), e);
        }
    }

    private Path modelDirectory(String name) {
        return directory.resolve("models").resolve(name.toLowerCase(Locale.ROOT));
    }

    private static <T> T read(Path file, Class<T> type) {
        try {
            return JSON.readValue(Files.readString(file), type);
        } catch (IOException e) {
            throw new LisiereException(ErrorCode.IO_ERROR, "Cannot read model file '" + file + "': "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    private static void writeAtomically(Path file, Object value) {
        try {
            AtomicFiles.write(file, JSON.writeValueAsBytes(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new LisiereException(ErrorCode.IO_ERROR, "Cannot write '" + file + "': " + e.getMessage(), e);
        }
    }
}
