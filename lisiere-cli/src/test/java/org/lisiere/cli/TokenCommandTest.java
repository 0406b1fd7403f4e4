package org.lisiere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lisiere.server.Role;
import org.lisiere.server.TokenStore;

class TokenCommandTest {
    @TempDir
    Path data;

    private String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void createdTokenIsTheLastLineAndOnlyItsHashIsStored() throws IOException {
        String[] lines = run("token", "create", "--data", data.toString(), "--role", "admin").split("\n");
        String token = lines[lines.length - 1];

        assertThat(lines[0]).matches("Created admin token t_[0-9a-f]{12} for every project; it is shown only now:");
        assertThat(token).startsWith("lsr_");
        assertThat(Files.readString(data.resolve("server/tokens.json"))).doesNotContain(token);
        assertThat(TokenStore.open(data, new SecureRandom(), InstantSource.system()).verify(token))
                .hasValueSatisfying(p -> assertThat(p.role()).isEqualTo(Role.ADMIN));
    }

    @Test
    void revokedTokenNoLongerVerifies() {
        String[] lines = run("token", "create", "--data", data.toString(), "--role", "reader", "--project", "p")
                .split("\n");
        String id = lines[0].split(" ")[3];

        assertThat(run("token", "revoke", "--data", data.toString(), id)).isEqualTo("Revoked token " + id + "\n");
        assertThat(TokenStore.open(data, new SecureRandom(), InstantSource.system()).verify(lines[1])).isEmpty();
    }
}
