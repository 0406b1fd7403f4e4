package org.lisiere.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {
    @Test
    void numbersAreUniqueAndFollowTheCategoryRanges() {
        Set<Integer> numbers = new HashSet<>();
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(numbers.add(code.number())).as("unique number of %s", code).isTrue();
            int range = switch (code.category()) {
                case USER -> 1;
                case RESOURCES -> 2;
                case EXTERNAL -> 3;
                case INTERNAL -> 4;
            };
            assertThat(code.number() / 1000).as("range of %s", code).isEqualTo(range);
        }
    }

    @Test
    void categoriesMapToHttpStatusAndRetry() {
        assertThat(ErrorCategory.USER.httpStatus()).isEqualTo(400);
        assertThat(ErrorCategory.USER.retryable()).isFalse();
        assertThat(ErrorCategory.RESOURCES.httpStatus()).isEqualTo(503);
        assertThat(ErrorCategory.RESOURCES.retryable()).isTrue();
        assertThat(ErrorCategory.EXTERNAL.retryable()).isTrue();
        assertThat(ErrorCategory.INTERNAL.httpStatus()).isEqualTo(500);
    }

    @Test
    void readmeDocumentsEveryCodeWithItsNumberAndCategory() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));

        assertThat(Arrays.stream(ErrorCode.values()))
                .allSatisfy(code -> assertThat(readme).contains(
                        "| `" + code + "` | " + code.number() + " | " + code.category() + " |"));
    }

    @Test
    void movesStatementPositionsIntoScriptCoordinates() {
        SourcePosition statementStart = new SourcePosition(5, 10);

        assertThat(new SourcePosition(1, 3).relativeTo(statementStart)).isEqualTo(new SourcePosition(5, 12));
        assertThat(new SourcePosition(2, 3).relativeTo(statementStart)).isEqualTo(new SourcePosition(6, 3));
        LisiereException moved = new LisiereException(ErrorCode.SYNTAX_ERROR, "bad", new SourcePosition(1, 1))
                .atScriptPosition(statementStart);
        assertThat(moved.position()).contains(statementStart);
        assertThat(new LisiereException(ErrorCode.IO_ERROR, "x").atScriptPosition(statementStart).position())
                .contains(statementStart);
    }
}
