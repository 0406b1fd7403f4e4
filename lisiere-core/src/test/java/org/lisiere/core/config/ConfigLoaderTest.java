package org.lisiere.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

class ConfigLoaderTest {
    @TempDir
    Path directory;

    @Test
    void usesDefaultsWhenNothingIsSet() {
        Config config = ConfigLoader.load(Optional.empty(), Map.of(), Map.of());

        assertThat(config.get(Settings.DATA)).isEqualTo(Path.of("./lisiere-data"));
        assertThat(config.get(Settings.ENGINE)).isEqualTo("duckdb");
        assertThat(config.get(Settings.THREADS)).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(config.entry(Settings.FORMAT).source()).isEqualTo(ConfigSource.DEFAULT);
        assertThat(config.values()).hasSize(Settings.ALL.size());
    }

    @Test
    void flagBeatsEnvironmentBeatsFileBeatsDefault() throws IOException {
        Path file = Files.writeString(directory.resolve("lisiere.toml"),
                "threads = 3\nformat = \"csv\"\ndata = \"/srv/lisiere\"\ntimer = false\n");

        Config config = ConfigLoader.load(Optional.of(file),
                Map.of("LISIERE_THREADS", "5", "LISIERE_FORMAT", "json"), Map.of("threads", "7"));

        assertThat(config.get(Settings.THREADS)).isEqualTo(7);
        assertThat(config.entry(Settings.THREADS).source()).hasToString("flag --threads");
        assertThat(config.get(Settings.FORMAT)).isEqualTo("json");
        assertThat(config.entry(Settings.FORMAT).source()).hasToString("env LISIERE_FORMAT");
        assertThat(config.get(Settings.DATA)).isEqualTo(Path.of("/srv/lisiere"));
        assertThat(config.entry(Settings.DATA).source()).hasToString("file " + file);
        assertThat(config.get(Settings.TIMER)).isFalse();
    }

    @Test
    void readsTheFileNamedByTheEnvironment() throws IOException {
        Path file = Files.writeString(directory.resolve("custom.toml"), "engine = 'duckdb'\nthreads = 2\n");

        Config config = ConfigLoader.load(Optional.empty(), Map.of("LISIERE_CONFIG", file.toString()), Map.of());

        assertThat(config.get(Settings.THREADS)).isEqualTo(2);
    }

    @Test
    void rejectsInvalidValueNamingSettingSourceValueAndAllowed() {
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of("LISIERE_THREADS", "many"), Map.of()))
                .isInstanceOfSatisfying(LisiereException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIG);
                    assertThat(e.getMessage()).isEqualTo("Setting 'threads' from env LISIERE_THREADS: 'many' is not"
                            + " valid; expected an integer >= 1");
                });
        assertThatThrownBy(() -> ConfigLoader.load(Optional.empty(), Map.of(), Map.of("format", "xml")))
                .hasMessage("Setting 'format' from flag --format: 'xml' is not valid; expected one of table, csv, "
                        + "json, ndjson, markdown");
    }

    @Test
    void rejectsUnknownKeyInTheFile() throws IOException {
        Path file = Files.writeString(directory.resolve("lisiere.toml"), "thread = 3\n");

        assertThatThrownBy(() -> ConfigLoader.load(Optional.of(file), Map.of(), Map.of()))
                .hasMessage("Config file '" + file + "': unknown setting 'thread'; known settings: data, engine, "
                        + "memory_limit, threads, format, history_file, timer, host, port, max_upload, statement_timeout,"
                        + " idle_timeout, tls_cert, tls_key, tls_ca, metrics_token, log_format, core, heartbeat,"
                        + " uplink_timeout, max_batch, mqtt, max_backlog, backlog_policy");
    }

    @Test
    void readsBrokerAndCoreUrlsByTheirSchemes() {
        assertThat(SettingTypes.OPTIONAL_MQTT_URL.parse("tcp://127.0.0.1:1883")).contains(
                java.net.URI.create("tcp://127.0.0.1:1883"));
        assertThatThrownBy(() -> SettingTypes.OPTIONAL_URL.parse("tcp://core:8080"))
                .hasMessage("a http:// or https:// URL with a host, such as https://core.example:8080, or nothing for"
                        + " none");
    }

    @Test
    void readsAnEmptyOptionalPathAsNone() {
        assertThat(SettingTypes.OPTIONAL_PATH.parse(" ")).isEmpty();
        assertThat(SettingTypes.OPTIONAL_PATH.parse("/etc/lisiere/key.pem")).contains(Path.of("/etc/lisiere/key.pem"));
        assertThat(ConfigLoader.load(Optional.empty(), Map.of(), Map.of()).get(Settings.TLS_CERT)).isEmpty();
    }

    @Test
    void validatesHostsAndPorts() {
        assertThat(SettingTypes.PORT.parse("0")).isZero();
        assertThat(SettingTypes.HOST.parse(" 0.0.0.0 ")).isEqualTo("0.0.0.0");
        assertThatThrownBy(() -> SettingTypes.PORT.parse("65536"))
                .hasMessage("a port number from 0 to 65535 (0: any free port)");
        assertThatThrownBy(() -> SettingTypes.HOST.parse("host; rm"))
                .hasMessage("a host name or an IP address, such as 127.0.0.1 or 0.0.0.0");
    }

    @Test
    void parsesDurations() {
        assertThat(SettingTypes.DURATION.parse("500ms")).isEqualTo(java.time.Duration.ofMillis(500));
        assertThat(SettingTypes.DURATION.parse("10m")).isEqualTo(java.time.Duration.ofMinutes(10));
        assertThat(SettingTypes.DURATION.parse("0")).isZero();
        assertThatThrownBy(() -> SettingTypes.DURATION.parse("10"))
                .hasMessage("a duration such as 500ms, 30s, 10m or 2h (0: no limit)");
    }

    @Test
    void parsesMemorySizes() {
        assertThat(SettingTypes.MEMORY_SIZE.parse("512MB")).isEqualTo(512_000_000L);
        assertThat(SettingTypes.MEMORY_SIZE.parse("2GiB")).isEqualTo(2L << 30);
        assertThat(SettingTypes.MEMORY_SIZE.parse("50%")).isPositive();
        assertThatThrownBy(() -> SettingTypes.MEMORY_SIZE.parse("lots")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SettingTypes.MEMORY_SIZE.parse("150%")).isInstanceOf(IllegalArgumentException.class);
    }
}
