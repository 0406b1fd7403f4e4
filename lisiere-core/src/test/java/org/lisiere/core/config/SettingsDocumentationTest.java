package org.lisiere.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SettingsDocumentationTest {
    @Test
    void readmeDocumentsEverySettingWithFlagAndEnvironmentVariable() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));

        assertThat(Settings.ALL).allSatisfy(setting -> assertThat(readme).contains("| `" + setting.key() + "` | `"
                + setting.flag() + "` | `" + setting.environmentVariable() + "` |"));
    }
}
