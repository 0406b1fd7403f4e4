package org.lisiere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HelpTest {
    @Test
    void helpShowsPercentDefaultsWithoutFormatWarnings() {
        PrintStream original = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        CliRun run;
        try {
            // Picocli reports description format errors on System.err, not on the command's writers.
            System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
            run = CliRun.of("--help");
        } finally {
            System.setErr(original);
        }

        assertThat(run.exitCode()).isZero();
        // Picocli wraps the descriptions at its own width: compare with the line breaks folded.
        assertThat(run.out().replaceAll("\\s+", " ")).contains("Env LISIERE_MEMORY_LIMIT; default 50%.")
                .contains("Env LISIERE_TLS_CERT; default none.");
        assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(run.err()).isEmpty();
    }
}
