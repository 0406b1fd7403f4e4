package org.lisiere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lisiere.client.LisiereClient;

/**
 * {@code lisiere serve --log-format json} in its own process (SLF4J picks its provider once per process): every
 * line of standard error is one JSON object, requests are logged with their fields, and no token appears.
 */
class JsonLogsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    @Test
    void logsEveryEventAsOneJsonObjectWithTheRequestsFields() throws IOException, InterruptedException {
        Path data = directory.resolve("core");
        CliRun created = CliRun.of("token", "create", "--data", data.toString(), "--role", "admin");
        String token = created.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        Path stderr = directory.resolve("stderr.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", "--data", data.toString(), "--port", "0", "--threads", "1",
                "--log-format", "json").redirectError(stderr.toFile()).start();
        try {
            String url = listeningUrl(process);
            LisiereClient admin = LisiereClient.connect(URI.create(url), token);
            admin.createProject("shop");
            admin.query("shop", "SELECT 42", List.of());
        } finally {
            process.destroy();
            assertThat(process.waitFor()).isNotEqualTo(-1);
        }

        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(stderr, StandardCharsets.UTF_8)) {
            events.add(JSON.readTree(line));
        }
        assertThat(events).anySatisfy(event -> {
            assertThat(event.path("message").asText()).isEqualTo("request");
            assertThat(event.path("level").asText()).isEqualTo("INFO");
            assertThat(event.path("logger").asText()).isEqualTo("org.lisiere.server.LisiereServer");
            assertThat(event.path("route").asText()).isEqualTo("/v1/projects/{project}/query");
            assertThat(event.path("project").asText()).isEqualTo("shop");
            assertThat(event.path("status").asInt()).isEqualTo(200);
            assertThat(event.path("token_id").asText()).startsWith("t_");
            assertThat(event.path("time").asText()).endsWith("Z");
        });
        assertThat(events).anySatisfy(event -> assertThat(event.path("message").asText())
                .isEqualTo("Created project shop"));
        assertThat(Files.readString(stderr)).doesNotContain(token);
    }

    /** Reads the server's standard output up to the line with its URL. */
    private static String listeningUrl(Process process) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        Pattern listening = Pattern.compile("listening on (http://\\S+) ");
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            Matcher matcher = listening.matcher(line);
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        throw new AssertionError("The server ended without listening");
    }
}
