package org.lisiere.core;

import java.nio.file.Path;

/** The project's shared data sets, given by {@code -Dlisiere.shared=DIR} (the {@code shared-data} profile). */
final class TestDatasets {
    static final Path DATASETS = Path.of(System.getProperty("lisiere.shared", "../../shared")).resolve("datasets");

    private TestDatasets() {}
}
