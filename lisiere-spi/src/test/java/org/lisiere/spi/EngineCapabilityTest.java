package org.lisiere.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class EngineCapabilityTest {
    /** An engine that only declares capabilities: enough for the SPI's own default method. */
    private record DeclaringEngine(Set<Capability> capabilities) implements Engine {
        @Override
        public String name() {
            return "minimal";
        }

        @Override
        public String version() {
            return "0";
        }

        @Override
        public EngineSession openSession() {
            throw new UnsupportedOperationException("not needed here");
        }

        @Override
        public void close() {}
    }

    @Test
    void missingCapabilityFailsNamingEngineOperationAndCapability() {
        Engine engine = new DeclaringEngine(Set.of(Capability.LOAD_CSV));

        assertThatCode(() -> engine.requireCapability(Capability.LOAD_CSV, "LOAD DATA from csv"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> engine.requireCapability(Capability.LOAD_PARQUET, "LOAD DATA from parquet"))
                .isInstanceOfSatisfying(LisiereException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_OPERATION))
                .hasMessage("Engine 'minimal' does not support LOAD DATA from parquet (capability LOAD_PARQUET)");
    }

    @Test
    void loadFormatsComeFromExtensionsAndOptionNames() {
        assertThat(LoadFormat.fromFileName("a/B.JSONL")).contains(LoadFormat.NDJSON);
        assertThat(LoadFormat.fromFileName("x.csv.gz")).contains(LoadFormat.CSV);
        assertThat(LoadFormat.fromFileName("x.xlsx")).isEmpty();
        assertThat(LoadFormat.fromOptionName("Parquet")).contains(LoadFormat.PARQUET);
    }
}
