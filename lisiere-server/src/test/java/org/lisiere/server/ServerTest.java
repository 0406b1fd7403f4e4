package org.lisiere.server;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Tests against a fresh real server per test, over a temporary data directory. */
abstract class ServerTest {
    @TempDir
    Path data;

    ServerFixture server;

    @BeforeEach
    void startServer() {
        server = new ServerFixture(data);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }
}
