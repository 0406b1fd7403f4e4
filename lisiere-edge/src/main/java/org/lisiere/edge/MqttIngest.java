package org.lisiere.edge;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.lisiere.spi.LoadFormat;
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

    private final MqttClient client;
    private final Ingest ingest;
    private final Lisiere lisiere;
    private final Map<String, String> subscribed = new LinkedHashMap<>();

    /** Connects to the broker at {@code broker} as client {@code lisiere-<site>}, resuming its session. */
    MqttIngest(URI broker, String site, Ingest ingest, Lisiere lisiere) {
        this.ingest = requireNonNull(ingest, "ingest is null");
        this.lisiere = requireNonNull(lisiere, "lisiere is null");
        try (LisiereSession session = lisiere.openSession()) {
            LocalSql.run(session, "CREATE TABLE IF NOT EXISTS " + DEAD_LETTERS + " (received_at TIMESTAMP WITH TIME"
                    + " ZONE NOT NULL, topic VARCHAR NOT NULL, table_name VARCHAR NOT NULL, payload VARCHAR NOT NULL,"
                    + " reason VARCHAR NOT NULL)");
        }
        try {
            client = new MqttClient(broker.toString(), "lisiere-" + site, new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setAutomaticReconnect(true);
            // the broker keeps the subscription and unacknowledged QoS 1 messages while the edge is away
            options.setCleanSession(false);
            options.setMaxInflight(1000);
            client.connect(options);
        } catch (MqttException e) {
            throw new LisiereException(ErrorCode.IO_ERROR, "Cannot connect to the MQTT broker " + broker + ": "
                    + e.getMessage(), e);
        }
        LOG.info("Connected to the MQTT broker {}", broker);
    }

    /** Subscribes to the topics of {@code tables}, and unsubscribes from topics no longer wanted. */
    synchronized void apply(List<SiteTableDefinition> tables) {
        Map<String, String> wanted = new LinkedHashMap<>();
        tables.forEach(t -> t.mqttTopic().ifPresent(topic -> wanted.put(topic, t.name())));
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

    /** Stores one message; returning normally acknowledges it to the broker. */
    private void receive(String table, String topic, MqttMessage message) {
        byte[] payload = message.getPayload();
        try {
            ingest.add(table, LoadFormat.NDJSON, new ByteArrayInputStream(withNewline(payload)), Optional.empty());
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
