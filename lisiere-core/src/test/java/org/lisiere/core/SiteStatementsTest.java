package org.lisiere.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/** Site statements need the core server; a local session says so instead of guessing. */
class SiteStatementsTest {
    @TempDir
    Path models;

    @Test
    void localSessionsSayWhereSiteStatementsRun() {
        try (SqlRunner sql = SqlRunner.inMemory(models)) {
            LisiereException failure = sql.failure("DEPLOY MODEL m TO SITES WHERE 'retail' IN labels");

            assertThat(failure.code()).isEqualTo(ErrorCode.UNSUPPORTED_OPERATION);
            assertThat(failure.getMessage()).isEqualTo("DEPLOY MODEL runs at a core server (bin/lisiere serve), where"
                    + " edge sites enroll; this session has no sites");
        }
    }
}
