package org.lisiere.core.config;

import java.util.List;
import java.util.Optional;

/** Every setting of Lisière. Adding one here adds its config key, environment variable and flag. */
public final class Settings {
    public static final Setting<java.nio.file.Path> DATA = new Setting<>("data", SettingTypes.PATH,
            "./lisiere-data", "Data directory: tables, models and the engine's files.");
    public static final Setting<String> ENGINE = new Setting<>("engine", SettingTypes.oneOf(List.of("duckdb")),
            "duckdb", "Engine that stores and queries the data.");
    public static final Setting<Long> MEMORY_LIMIT = new Setting<>("memory_limit", SettingTypes.MEMORY_SIZE,
            "50%", "Most memory the engine may use for query processing; it spills to disk beyond.");
    public static final Setting<Integer> THREADS = new Setting<>("threads", SettingTypes.POSITIVE_INT,
            Integer.toString(Runtime.getRuntime().availableProcessors()), "Most worker threads of the engine.");
    public static final Setting<String> FORMAT = new Setting<>("format",
            SettingTypes.oneOf(List.of("table", "csv", "json", "ndjson", "markdown")), "table",
            "Output format of query results.");
    public static final Setting<java.nio.file.Path> HISTORY_FILE = new Setting<>("history_file", SettingTypes.PATH,
            "~/.lisiere_history", "Where the interactive shell keeps its history.");
    public static final Setting<Boolean> TIMER = new Setting<>("timer", SettingTypes.BOOLEAN, "true",
            "Whether the interactive shell prints how long each statement took.");

    public static final Setting<String> HOST = new Setting<>("host", SettingTypes.HOST, "127.0.0.1",
            "Address that lisiere serve and lisiere edge listen on (0.0.0.0: every"
                    + " interface).");
    public static final Setting<Integer> PORT = new Setting<>("port", SettingTypes.PORT, "8080",
            "Port that lisiere serve listens on (0: any free port, printed at start); lisiere edge listens on 8090"
                    + " unless it is set.");

    public static final Setting<Long> MAX_UPLOAD = new Setting<>("max_upload", SettingTypes.MEMORY_SIZE, "1GiB",
            "Largest file lisiere serve accepts in one upload.");

    public static final Setting<java.time.Duration> STATEMENT_TIMEOUT = new Setting<>("statement_timeout",
            SettingTypes.DURATION, "1h", "Longest a statement may run on lisiere serve (0: no limit); a project may"
                    + " set its own.");

    public static final Setting<java.time.Duration> IDLE_TIMEOUT = new Setting<>("idle_timeout",
            SettingTypes.DURATION, "30s", "Longest lisiere serve waits for the next bytes of a request (a slow upload"
                    + " fails with 408 and leaves nothing behind) or for a client to read its answer.");

    public static final Setting<Optional<java.nio.file.Path>> TLS_CERT = new Setting<>("tls_cert",
            SettingTypes.OPTIONAL_PATH, "", "PEM file of the certificate chain lisiere serve presents; with tls_key,"
                    + " the server speaks only HTTPS.");
    public static final Setting<Optional<java.nio.file.Path>> TLS_KEY = new Setting<>("tls_key",
            SettingTypes.OPTIONAL_PATH, "", "PEM file of the private key of tls_cert (PKCS#8, or PKCS#1 for RSA),"
                    + " unencrypted.");
    public static final Setting<Optional<java.nio.file.Path>> TLS_CA = new Setting<>("tls_ca",
            SettingTypes.OPTIONAL_PATH, "", "PEM file of certificates that clients (sql --server, lisiere edge"
                    + " talking to its core) trust for https servers, instead of the system's.");

    public static final Setting<Boolean> METRICS_TOKEN = new Setting<>("metrics_token", SettingTypes.BOOLEAN,
            "false", "Whether GET /metrics needs a token (of any role) on lisiere serve.");

    public static final Setting<String> LOG_FORMAT = new Setting<>("log_format",
            SettingTypes.oneOf(List.of("text", "json")), "text", "Format of lisiere serve's log on standard error:"
                    + " text lines, or one JSON object per event (time, level, logger, message and fields).");

    public static final Setting<Optional<java.net.URI>> CORE = new Setting<>("core", SettingTypes.OPTIONAL_URL, "",
            "URL of the core that lisiere edge enrolls with (afterwards the site remembers it).");
    public static final Setting<java.time.Duration> HEARTBEAT = new Setting<>("heartbeat", SettingTypes.DURATION,
            "10s", "How often lisiere edge reports to the core and fetches its tables and models.");
    public static final Setting<java.time.Duration> UPLINK_TIMEOUT = new Setting<>("uplink_timeout",
            SettingTypes.DURATION, "30s", "Longest lisiere edge waits for the core to answer one request (heartbeat,"
                    + " model download, sync batch) before it gives up and retries later.");
    public static final Setting<Long> MAX_BATCH = new Setting<>("max_batch", SettingTypes.MEMORY_SIZE, "64MiB",
            "Largest batch lisiere edge accepts in one ingest request.");

    public static final Setting<Optional<java.net.URI>> MQTT = new Setting<>("mqtt", SettingTypes.OPTIONAL_MQTT_URL, "",
            "MQTT broker that lisiere edge subscribes to (QoS 1) for site tables with an mqtt_topic.");
    public static final Setting<Integer> MAX_BACKLOG = new Setting<>("max_backlog", SettingTypes.POSITIVE_INT,
            "10000000", "Most result rows lisiere edge keeps waiting for the core (its sync outbox); beyond,"
                    + " backlog_policy applies.");
    public static final Setting<String> BACKLOG_POLICY = new Setting<>("backlog_policy",
            SettingTypes.oneOf(List.of("block", "drop_oldest")), "block", "What lisiere edge does when its backlog"
                    + " is full: block (ingest answers 503 with Retry-After until it drains) or drop_oldest (the oldest"
                    + " waiting batches are dropped, counted and reported to the core).");

    public static final List<Setting<?>> ALL = List.of(DATA, ENGINE, MEMORY_LIMIT, THREADS, FORMAT, HISTORY_FILE,
            TIMER, HOST, PORT, MAX_UPLOAD, STATEMENT_TIMEOUT, IDLE_TIMEOUT, TLS_CERT, TLS_KEY, TLS_CA, METRICS_TOKEN,
            LOG_FORMAT, CORE, HEARTBEAT, UPLINK_TIMEOUT, MAX_BATCH, MQTT, MAX_BACKLOG, BACKLOG_POLICY);

    private Settings() {}

    public static Optional<Setting<?>> find(String key) {
        return ALL.stream().filter(s -> s.key().equals(key)).findFirst();
    }
}
