package org.lisiere.server;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.lisiere.core.Lisiere;
import org.lisiere.core.io.AtomicFiles;
import org.lisiere.spi.EngineConfig;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * The projects (tenants) of a server, each in {@code projects/<name>} of the data directory with its own database
 * and models ({@code data}) and uploaded files ({@code uploads}). Each project has its own engine, sandboxed to its
 * uploads: no statement of one project can name another's tables or files.
 */
final class Projects implements AutoCloseable {
    /** An open project: its engine, the lock that serializes its writes, its uploads and statement time limit. */
    record Project(String name, Lisiere lisiere, ReentrantLock writes, Path uploads,
            java.util.concurrent.atomic.AtomicReference<java.time.Duration> statementTimeout) {}

    private final Path root;
    private final String engine;
    private final EngineConfig engineConfig;
    private final Map<String, Project> open = new ConcurrentHashMap<>();
    private final java.time.Duration defaultTimeout;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * @param engineConfig the limits of each project's engine (its data directory and sandbox are set here)
     * @param defaultTimeout the statement time limit of projects that set none
     */
    Projects(Path data, String engine, EngineConfig engineConfig, java.time.Duration defaultTimeout) {
        this.root = requireNonNull(data, "data is null").resolve("projects");
        this.engine = requireNonNull(engine, "engine is null");
        this.engineConfig = requireNonNull(engineConfig, "engineConfig is null");
        this.defaultTimeout = requireNonNull(defaultTimeout, "defaultTimeout is null");
    }

    /** Sets the project's statement time limit, kept in its {@code settings.json} (replaced atomically). */
    void setStatementTimeout(String name, java.time.Duration limit) {
        Project project = get(name);
        AtomicFiles.write(root.resolve(name).resolve("settings.json"), JSON.createObjectNode()
                .put("statement_timeout_ms", limit.toMillis()).toString().getBytes(StandardCharsets.UTF_8));
        project.statementTimeout().set(limit);
    }

    private java.time.Duration statementTimeout(Path directory) {
        Path file = directory.resolve("settings.json");
        if (!Files.exists(file)) {
            return defaultTimeout;
        }
        try {
            return java.time.Duration.ofMillis(JSON.readTree(file.toFile()).path("statement_timeout_ms")
                    .asLong(defaultTimeout.toMillis()));
        } catch (IOException e) {
            throw new LisiereException(ErrorCode.IO_ERROR, "Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Creates project {@code name}: its directories appear at once, complete, or not at all. */
    synchronized void create(String name) {
        Names.check("project", name);
        Path directory = root.resolve(name);
        if (Files.exists(directory)) {
            throw new LisiereException(ErrorCode.ALREADY_EXISTS, "Project '" + name + "' already exists");
        }
        try {
            Files.createDirectories(root);
            Path staging = Files.createTempDirectory(root, ".new-" + name);
            Files.createDirectories(staging.resolve("data"));
            Files.createDirectories(staging.resolve("uploads"));
            Files.move(staging, directory, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LisiereException(ErrorCode.IO_ERROR, "Cannot create project '" + name + "': "
                    + e.getMessage(), e);
        }
    }

    /** The directory of project {@code name}; UNKNOWN_OBJECT if there is no such project. */
    Path directory(String name) {
        Path directory = root.resolve(Names.check("project", name));
        if (!Files.isDirectory(directory)) {
            throw new LisiereException(ErrorCode.UNKNOWN_OBJECT, "No project '" + name + "'");
        }
        return directory;
    }

    /** The names of the projects, sorted. */
    List<String> names() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(root)) {
            List<String> names = new ArrayList<>(children.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).toList());
            names.sort(null);
            return names;
        } catch (IOException e) {
            throw new LisiereException(ErrorCode.IO_ERROR, "Cannot list projects: " + e.getMessage(), e);
        }
    }

    /** Project {@code name}, its engine opened on first use; UNKNOWN_OBJECT if there is no such project. */
    Project get(String name) {
        Names.check("project", name);
        Project project = open.get(name);
        if (project != null) {
            return project;
        }
        synchronized (this) {
            return open.computeIfAbsent(name, this::openProject);
        }
    }

    private Project openProject(String name) {
        Path directory = root.resolve(name);
        if (!Files.isDirectory(directory)) {
            throw new LisiereException(ErrorCode.UNKNOWN_OBJECT, "No project '" + name + "'");
        }
        Path data = directory.resolve("data");
        Path uploads = directory.resolve("uploads");
        EngineConfig config = new EngineConfig(java.util.Optional.of(data), engineConfig.memoryLimitBytes(),
                engineConfig.threads(), engineConfig.properties()).sandboxedTo(uploads);
        return new Project(name, Lisiere.openSandboxed(engine, config, data), new ReentrantLock(), uploads,
                new java.util.concurrent.atomic.AtomicReference<>(statementTimeout(directory)));
    }

    @Override
    public synchronized void close() {
        open.values().forEach(p -> p.lisiere().close());
        open.clear();
    }
}
