package org.lisiere.server;

import java.security.KeyStore;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The server's one listening connector: HTTPS when TLS files were given (read when this is made, so that a bad
 * certificate or key fails before the server listens), else HTTP; connections idle longer than the idle timeout are
 * closed, which is what stops a stalled upload.
 */
public final class Listener {
    private final Optional<KeyStore> keyStore;
    /** Protects the in-memory key store only; the key's file is the secret. */
    private final char[] keyStorePassword = UUID.randomUUID().toString().toCharArray();
    private final Duration idleTimeout;
    private String host = "127.0.0.1";
    private int port;

    public Listener(Optional<ServerOptions.TlsFiles> tls, Duration idleTimeout) {
        this.keyStore = tls.map(files -> PemKeyStore.load(files, keyStorePassword));
        this.idleTimeout = idleTimeout;
    }

    public boolean secure() {
        return keyStore.isPresent();
    }

    /** Where the connector listens, set before the server starts (port 0: any free port). */
    public void bind(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** The connector, for {@code config.jetty.addConnector(listener::connector)}. */
    public Connector connector(Server jetty, HttpConfiguration http) {
        ServerConnector connector = keyStore.map(store -> {
            // Clients check the certificate; the server need not check the name they asked for.
            http.addCustomizer(new SecureRequestCustomizer(false));
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStore(store);
            tls.setKeyStorePassword(new String(keyStorePassword));
            return new ServerConnector(jetty, new SslConnectionFactory(tls, "http/1.1"),
                    new HttpConnectionFactory(http));
        }).orElseGet(() -> new ServerConnector(jetty, new HttpConnectionFactory(http)));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(idleTimeout.toMillis());
        return connector;
    }
}
