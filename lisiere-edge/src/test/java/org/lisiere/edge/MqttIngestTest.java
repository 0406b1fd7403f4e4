package org.lisiere.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Site tables with an mqtt_topic are fed from a real Mosquitto broker; bad messages go to the dead letters. */
class MqttIngestTest {
    @TempDir
    Path root;

    private CoreAndEdges fleet;
    private Mosquitto broker;

    @BeforeEach
    void start() throws Exception {
        broker = new Mosquitto(root);
        fleet = new CoreAndEdges(root);
    }

    @AfterEach
    void stop() throws Exception {
        fleet.close();
        broker.close();
    }

    @Test
    void storesEveryMessageAndDeadLettersTheBadOnesWithTheirReason() throws Exception {
        fleet.core("CREATE SITE TABLE pos (store VARCHAR, amount DOUBLE) OPTIONS (mqtt_topic = 'stores/+/pos')");
        CoreAndEdges.Edge paris = fleet.enroll("paris", fleet.createSite("paris", ""), o -> o.withMqtt(broker.url));

        try (MqttClient publisher = new MqttClient(broker.url.toString(), "till", new MemoryPersistence())) {
            publisher.connect();
            publish(publisher, "stores/12/pos", "{\"store\": \"12\", \"amount\": 9.5}");
            publish(publisher, "stores/12/pos", "{\"store\": \"12\", \"amount\": \"nine\"}");
            publish(publisher, "stores/14/pos", "{\"store\": \"14\", \"amount\": 3}\n{\"store\": \"14\", \"amount\": 4}");
            publish(publisher, "stores/14/other", "{\"store\": \"14\", \"amount\": 100}");
            publisher.disconnect();
        }

        awaitRows(() -> CoreAndEdges.local(paris, "SELECT count(*) FROM pos"), List.of(List.of("3")));
        awaitRows(() -> CoreAndEdges.local(paris, "SELECT count(*) FROM _lisiere_dead_letters"), List.of(List.of("1")));
        assertThat(CoreAndEdges.local(paris, "SELECT store, amount FROM pos ORDER BY _lisiere_seq")).containsExactly(
                List.of("12", "9.5"), List.of("14", "3.0"), List.of("14", "4.0"));
        assertThat(CoreAndEdges.local(paris, "SELECT topic, table_name, payload, reason FROM _lisiere_dead_letters"))
                .containsExactly(List.of("stores/12/pos", "pos", "{\"store\": \"12\", \"amount\": \"nine\"}",
                        "The batch was not stored: batch:1: column 'amount': 'nine' is not a DOUBLE"));
    }

    @Test
    void aBrokerThatIsDownWhenTheSiteStartsIsUsedOnceItIsUp() throws Exception {
        broker.close();
        fleet.core("CREATE SITE TABLE pos (store VARCHAR, amount DOUBLE) OPTIONS (mqtt_topic = 'stores/+/pos')");
        CoreAndEdges.Edge paris = fleet.enroll("paris", fleet.createSite("paris", ""), o -> o.withMqtt(broker.url));
        assertThat(fleet.post(paris, "/v1/ingest/pos", "application/x-ndjson", "{\"store\": \"1\", \"amount\": 1}\n",
                java.util.Map.of()).status()).as("HTTP ingest meanwhile").isEqualTo(200);

        broker = new Mosquitto(root.resolve("later"), broker.url.getPort());
        try (MqttClient publisher = new MqttClient(broker.url.toString(), "till", new MemoryPersistence())) {
            publisher.connect();
            // retained: the site may subscribe after the till published
            MqttMessage message = new MqttMessage("{\"store\": \"12\", \"amount\": 9.5}".getBytes(
                    StandardCharsets.UTF_8));
            message.setQos(1);
            message.setRetained(true);
            publisher.publish("stores/12/pos", message);
            publisher.disconnect();
        }

        awaitRows(() -> CoreAndEdges.local(paris, "SELECT store, amount FROM pos ORDER BY _lisiere_seq"), List.of(
                List.of("1", "1.0"), List.of("12", "9.5")));
    }

    @Test
    void aMessageDeliveredAgainIsStoredOnceButANewOneReusingItsIdentifierIsStored() {
        fleet.core("CREATE SITE TABLE pos (store VARCHAR, amount DOUBLE) OPTIONS (mqtt_topic = 'stores/+/pos')");
        CoreAndEdges.Edge paris = fleet.enroll("paris", fleet.createSite("paris", ""), o -> o.withMqtt(broker.url));
        MqttIngest mqtt = paris.agent().mqtt().orElseThrow();
        String sale = "{\"store\": \"12\", \"amount\": 9.5}";

        mqtt.receive("pos", "stores/12/pos", message(7, sale, false));
        // the broker delivers it again: the edge stopped after storing it, before its acknowledgement
        mqtt.receive("pos", "stores/12/pos", message(7, sale, true));
        // a later sale of the same amount, under packet identifier 7 again
        mqtt.receive("pos", "stores/12/pos", message(7, sale, false));

        assertThat(CoreAndEdges.local(paris, "SELECT count(*) FROM pos")).containsExactly(List.of("2"));
    }

    private static MqttMessage message(int id, String payload, boolean redelivered) {
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8)) {
            {
                setDuplicate(redelivered);
            }
        };
        message.setId(id);
        message.setQos(1);
        return message;
    }

    private static void publish(MqttClient publisher, String topic, String payload) throws Exception {
        MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        publisher.publish(topic, message);
    }

    private static void awaitRows(Supplier<List<List<String>>> rows, List<List<String>> expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!rows.get().equals(expected) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        assertThat(rows.get()).isEqualTo(expected);
    }
}
