package org.lisiere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lisiere.cli.render.OutputFormat;
import org.lisiere.client.LisiereClient;
import org.lisiere.core.config.Config;
import org.lisiere.core.config.ConfigLoader;
import org.lisiere.server.LisiereServer;
import org.lisiere.server.ServerOptions;
import org.lisiere.server.Role;
import org.lisiere.spi.EngineConfig;

/** {@code lisiere sql --server}: scripts run on a real server's project, with the local script contract. */
class RemoteSqlTest {
    @TempDir
    Path data;

    private LisiereServer server;
    private String url;
    private String writer;

    @BeforeEach
    void start() {
        server = LisiereServer.open(data, ServerOptions.defaults("duckdb", new EngineConfig(Optional.empty(),
                1L << 30, 2, Map.of())));
        String admin = server.tokens().create(Optional.empty(), Role.ADMIN).token();
        url = "http://127.0.0.1:" + server.start("127.0.0.1", 0);
        LisiereClient client = LisiereClient.connect(java.net.URI.create(url), admin);
        client.createProject("shop");
        writer = client.createToken("shop", "writer").token();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void runsScriptsOnTheServerAndReportsErrorsAtTheirScriptPosition() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = Main.run(new String[] {"sql", "--server", url, "--project", "shop", "--token", writer,
            "--format", "csv", "-c", "CREATE TABLE t AS SELECT 1 AS x;\nSELECT x, 'a' AS s FROM t;\nSELECT * FROM nope"},
                new PrintWriter(out), new PrintWriter(err));

        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).isEqualTo("x,s\n1,a\n");
        assertThat(err.toString()).startsWith("Error [UNKNOWN_OBJECT] statement 3, line 3:15 (-c #1): Table with"
                + " name nope does not exist!");
    }

    @Test
    void needsAProjectAndAToken() {
        StringWriter err = new StringWriter();

        int code = Main.run(new String[] {"sql", "--server", url, "-c", "SELECT 1"}, new PrintWriter(new StringWriter()),
                new PrintWriter(err));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("--server needs --project and a token (--token or the environment"
                + " variable LISIERE_TOKEN)");
    }

    @Test
    void theInteractiveShellRunsOnTheServersProjectAsJobs() throws IOException {
        Config config = ConfigLoader.load(Optional.empty(), Map.of(), Map.of("history_file",
                data.resolve("history").toString(), "timer", "false"));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String input = String.join("\n", "CREATE TABLE fruit AS SELECT 'apple' AS name, 3 AS qty;", ".tables",
                ".schema fruit", "SELECT name, qty * 2 AS twice FROM fruit;", "SELECT * FROM nope;", "");
        RemoteShellTarget target = new RemoteShellTarget(LisiereClient.connect(java.net.URI.create(url), writer),
                "shop", url);

        try (Terminal terminal = new DumbTerminal("test", Terminal.TYPE_DUMB, new ByteArrayInputStream(
                input.getBytes(StandardCharsets.UTF_8)), output, StandardCharsets.UTF_8)) {
            assertThat(new Shell(target, config, OutputFormat.CSV).run(terminal)).isZero();
        }

        assertThat(output.toString(StandardCharsets.UTF_8)).contains("Lisière SQL shell on project shop of " + url
                + ".", "1 row changed\n", "fruit\n", "CREATE TABLE fruit (\"name\" VARCHAR, \"qty\" INTEGER);",
                "name,twice\napple,6\n1 row\n", "Error [UNKNOWN_OBJECT] statement 1, line 1:15 (input): Table with"
                        + " name nope does not exist!");
    }
}
