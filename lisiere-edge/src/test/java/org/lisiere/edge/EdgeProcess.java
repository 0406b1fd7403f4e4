package org.lisiere.edge;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * An edge site in its own JVM, for the crash tests: resumes the site enrolled in the directory given as argument,
 * serves on a free port (printed as {@code ready <port>}), and heartbeats and syncs in the background until killed.
 */
public final class EdgeProcess {
    private EdgeProcess() {}

    public static void main(String[] args) {
        EdgeAgent agent = EdgeAgent.open(EdgeOptions.defaults(Path.of(args[0]), Optional.empty())
                .withHeartbeatEvery(Duration.ofMillis(300)), Optional.empty());
        EdgeServer server = new EdgeServer(agent);
        int port = server.start("127.0.0.1", 0);
        agent.startHeartbeats();
        System.out.println("ready " + port);
        System.out.flush();
    }
}
