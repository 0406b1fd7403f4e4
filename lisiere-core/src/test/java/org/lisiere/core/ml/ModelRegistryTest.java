package org.lisiere.core.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
    @TempDir
    Path directory;

    /** Copies the model files written by format version 1 (Lisière 0.1) into the temporary directory. */
    private ModelRegistry golden() throws IOException {
        Path models = Files.createDirectories(directory.resolve("models/golden_sales"));
        for (String file : List.of("registry.json", "v1.json")) {
            try (InputStream in = getClass().getResourceAsStream("/golden/format-1/models/golden_sales/" + file)) {
                Files.copy(in, models.resolve(file));
            }
        }
        return new ModelRegistry(directory);
    }

    @Test
    void readsModelFilesWrittenByFormatVersionOne() throws IOException {
        ModelVersion model = golden().active("golden_sales");

        assertThat(model.formatVersion()).isEqualTo(1);
        assertThat(model.modelType()).isEqualTo("linear_reg");
        assertThat(model.options()).containsEntry("l2_reg", "0").containsEntry("seed", "42");
        assertThat(model.linear().orElseThrow().intercept()).isCloseTo(3.0, within(1e-9));
        assertThat(model.linear().orElseThrow().numeric()).extracting(LinearModel.NumericInput::name).containsExactly("x1", "x2");
        assertThat(model.linear().orElseThrow().categorical().get(0).categories())
                .extracting(LinearModel.CategoryWeight::category).containsExactly("a", "b");
        assertThat(model.metrics().get("r2_score")).isEqualTo(1.0);
        assertThat(model.provenance().trainingRows()).isEqualTo(20);
        assertThat(model.provenance().statement()).startsWith("CREATE MODEL golden_sales");
        assertThat(model.provenance().dataFingerprint()).startsWith("sha256:");
        assertThat(model.classes()).as("a field added after the golden file was written").isEmpty();
        assertThat(model.labelType()).isEmpty();
    }

    @Test
    void activatesAndDropsVersions() throws IOException {
        ModelRegistry registry = golden();
        ModelVersion first = registry.active("golden_sales");
        ModelVersion second = new ModelVersion(ModelVersion.FORMAT_VERSION, "golden_sales",
                registry.nextVersion("golden_sales"), first.modelType(), first.options(), first.linear(), List.of(),
                Optional.empty(), first.metrics(), first.provenance(), first.classes(), first.labelType(), List.of(),
                List.of(), List.of(), List.of(), Optional.empty(), List.of(), Optional.empty(), List.of());
        registry.add(second);

        assertThat(registry.find("golden_sales").orElseThrow().activeVersion()).isEqualTo(2);
        assertThatThrownBy(() -> registry.dropVersion("golden_sales", 2))
                .hasMessage("Version 2 is the active version of model 'golden_sales'; make another version active"
                        + " first (ALTER MODEL golden_sales SET ACTIVE VERSION n) or drop the whole model");
        registry.activate("golden_sales", 1);
        registry.dropVersion("golden_sales", 2);

        assertThat(registry.find("golden_sales").orElseThrow().versions()).containsExactly(1);
        assertThat(registry.nextVersion("golden_sales")).isEqualTo(2);
        assertThatThrownBy(() -> registry.activate("golden_sales", 5))
                .hasMessage("Model 'golden_sales' has no version 5; its versions: [1]");
        try (Stream<Path> files = Files.list(directory.resolve("models/golden_sales"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("registry.json",
                    "v1.json");
        }
    }

    @Test
    void refusesFilesOfANewerFormat() throws IOException {
        ModelRegistry registry = golden();
        Path file = directory.resolve("models/golden_sales/v1.json");
        Files.writeString(file, Files.readString(file).replace("\"formatVersion\" : 1", "\"formatVersion\" : 99"));

        assertThatThrownBy(() -> registry.active("golden_sales"))
                .hasMessage("Model 'golden_sales' version 1 has file format 99; this build reads up to "
                        + ModelVersion.FORMAT_VERSION);
    }
}
