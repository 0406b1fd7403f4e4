package org.lisiere.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/** CREATE MODEL reports its iterations while it runs, and a cancel stops it leaving no model behind. */
class TrainingCancelTest {
    @TempDir
    Path directory;

    @Test
    void cancellingATrainingLeavesNoModelAndNoVersion() throws Exception {
        try (SqlRunner sql = SqlRunner.inMemory(directory)) {
            sql.summary("CREATE TABLE t AS SELECT (i % 97)::DOUBLE AS a, (i % 89)::DOUBLE AS b, (i % 7)::VARCHAR AS c"
                    + " FROM range(200000) r(i)");
            LisiereSession session = sql.session();
            CompletableFuture<StatementResult> training = CompletableFuture.supplyAsync(() -> session.execute(
                    ScriptStatement.single("CREATE MODEL slow OPTIONS (model_type = 'logistic_reg',"
                            + " input_label_cols = ['c'], max_iterations = 100000, early_stop = false, l1_reg = 0.5)"
                            + " AS SELECT a, b, c FROM t")));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!session.trainingStatus().map(s -> s.contains("iteration 2 ")).orElse(false)) {
                assertThat(System.nanoTime()).as("training reached its second iteration").isLessThan(deadline);
                assertThat(training).isNotDone();
                Thread.sleep(10);
            }
            assertThat(session.trainingStatus().orElseThrow()).startsWith("training slow: iteration 2 of at most"
                    + " 100000, loss ");
            session.cancel();

            assertThatThrownBy(() -> training.get(60, TimeUnit.SECONDS))
                    .cause().isInstanceOfSatisfying(LisiereException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED))
                    .hasMessage("Statement cancelled; model 'slow' was not changed");
            assertThat(session.trainingStatus()).isEmpty();
            assertThat(sql.rows("SHOW MODELS")).isEmpty();
            assertThat(Files.exists(directory.resolve("models/slow"))).isFalse();
        }
    }
}
