package org.lisiere.edge;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.lisiere.core.Lisiere;
import org.lisiere.core.LisiereSession;
import org.lisiere.core.fleet.SiteTableDefinition;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingest from MQTT: the edge subscribes with QoS 1 to the {@code mqtt_topic} of each site table and stores each
 * message (one JSON object, or NDJSON lines) as a batch through {@link Ingest}. The broker gets its acknowledgement
 * only after the batch is committed, so a crash before that makes the broker deliver it again (MQTT QoS 1 is at least
 * once). A message that is not valid for its table goes to the dead-letter table {@code _lisiere_dead_letters} with
 * the reason, and is acknowledged: nothing is dropped silently.
 */
final class MqttIngest implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttIngest.class);
    static final String DEAD_LETTERS = "_lisiere_dead_letters";

    private final URI broker;
    private final MqttClient client;
    private final MqttConnectOptions options = new MqttConnectOptions();
    private final Ingest ingest;
    private final Lisiere lisiere;
    /** The topics to subscribe to, with their site table. */
    private Map<String, String> wanted = Map.of();
    private final Map<String, String> subscribed = new LinkedHashMap<>();
    private final ScheduledExecutorService connecting = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "lisiere-mqtt-connect");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Connects to the broker at {@code broker} as client {@code lisiere-<site>}, resuming its session; a broker that
     * is not up yet is tried again in the background (after 1 s, then twice as long each time, at most 30 s), and once
     * connected the client reconnects by itself.
     */
    MqttIngest(URI broker, String site, Ingest ingest, Lisiere lisiere) {
        this.broker = requireNonNull(broker, "broker is null");
        this.ingest = requireNonNull(ingest, "ingest is null");
        this.lisiere = requireNonNull(lisiere, "lisiere is null");
        try (LisiereSession session = lisiere.openSession()) {
            LocalSql.run(session, "CREATE TABLE IF NOT EXISTS " + DEAD_LETTERS + " (received_at TIMESTAMP WITH TIME"
                    + " ZONE NOT NULL, topic VARCHAR NOT NULL, table_name VARCHAR NOT NULL, payload VARCHAR NOT NULL,"
                    + " reason VARCHAR NOT NULL)");
        }
        try {
            client = new MqttClient(broker.toString(), "lisiere-" + site, new MemoryPersistence());
        } catch (MqttException e) {
            throw new LisiereException(ErrorCode.INVALID_CONFIG, "Invalid MQTT broker " + broker + ": "
                    + e.getMessage(), e);
        }
        options.setAutomaticReconnect(true);
        // the broker keeps the subscription and unacknowledged QoS 1 messages while the edge is away
        options.setCleanSession(false);
        options.setMaxInflight(1000);
        options.setConnectionTimeout(10);
        if (!connect()) {
            LOG.warn("The MQTT broker {} is not reachable; the site runs and keeps trying", broker);
            scheduleConnect(1);
        }
    }

    /** Connects and subscribes to the wanted topics; false when the broker cannot be reached. */
    private synchronized boolean connect() {
        try {
            client.connect(options);
        } catch (MqttException e) {
            LOG.debug("Connecting to the MQTT broker {}: {}", broker, e.getMessage());
            return false;
        }
        LOG.info("Connected to the MQTT broker {}", broker);
        subscribe();
        return true;
    }

    private void scheduleConnect(long seconds) {
        connecting.schedule(() -> {
            if (!connect()) {
                scheduleConnect(Math.min(30, seconds * 2));
            }
        }, seconds, TimeUnit.SECONDS);
    }

    /** Subscribes to the topics of {@code tables}, and unsubscribes from topics no longer wanted. */
    synchronized void apply(List<SiteTableDefinition> tables) {
        Map<String, String> topics = new LinkedHashMap<>();
        tables.forEach(t -> t.mqttTopic().ifPresent(topic -> topics.put(topic, t.name())));
        wanted = topics;
        if (client.isConnected()) {
            subscribe();
        }
    }

    private void subscribe() {
        try {
            for (String topic : List.copyOf(subscribed.keySet())) {
                if (!subscribed.get(topic).equals(wanted.get(topic))) {
                    client.unsubscribe(topic);
                    subscribed.remove(topic);
                }
            }
            for (Map.Entry<String, String> entry : wanted.entrySet()) {
                if (!subscribed.containsKey(entry.getKey())) {
                    String table = entry.getValue();
                    client.subscribe(entry.getKey(), 1, (topic, message) -> receive(table, topic, message));
                    subscribed.put(entry.getKey(), table);
                    LOG.info("Subscribed to {} for site table {}", entry.getKey(), table);
                }
            }
        } catch (MqttException e) {
            throw new LisiereException(ErrorCode.IO_ERROR, "Cannot subscribe at the MQTT broker: " + e.getMessage(), e);
        }
    }

    /**
     * Stores one message; returning normally acknowledges it to the broker. Its key (packet identifier, hash of topic
     * and payload) is stored with it, so that the broker delivering it again after a crash stores it once.
     */
    void receive(String table, String topic, MqttMessage message) {
        byte[] payload = message.getPayload();
        try {
            ingest.addMessage(table, new ByteArrayInputStream(withNewline(payload)), key(topic, message),
                    message.isDuplicate());
        } catch (LisiereException e) {
            if (e.code().category() != org.lisiere.spi.ErrorCategory.USER) {
                // not the message's fault (disk, backlog): no acknowledgement, the broker delivers it again
                throw e;
            }
            deadLetter(table, topic, payload, e.getMessage());
        }
    }

    private void deadLetter(String table, String topic, byte[] payload, String reason) {
        try (LisiereSession session = lisiere.openSession()) {
            LocalSql.run(session, "INSERT INTO " + DEAD_LETTERS + " VALUES (current_timestamp, "
                    + LocalSql.literal(topic) + ", " + LocalSql.literal(table) + ", "
                    + LocalSql.literal(new String(payload, StandardCharsets.UTF_8)) + ", " + LocalSql.literal(reason)
                    + ")");
        }
        LOG.warn("MQTT message on {} for {} is in {}: {}", topic, table, DEAD_LETTERS, reason);
    }

    private static String key(String topic, MqttMessage message) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(topic.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return "mqtt:" + message.getId() + ":" + java.util.HexFormat.of().formatHex(sha.digest(
                    message.getPayload()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static byte[] withNewline(byte[] payload) {
        if (payload.length > 0 && payload[payload.length - 1] == '\n') {
            return payload;
        }
        byte[] line = java.util.Arrays.copyOf(payload, payload.length + 1);
        line[payload.length] = '\n';
        return line;
    }

    @Override
    public synchronized void close() {
        connecting.shutdownNow();
        try {
            if (client.isConnected()) {
                client.disconnect(5_000);
            }
            client.close();
        } catch (MqttException e) {
            LOG.warn("Closing the MQTT connection: {}", e.getMessage());
        }
    }
}
