package org.lisiere.cli;

import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Optional;
import org.lisiere.core.config.Settings;
import org.lisiere.server.Role;
import org.lisiere.server.TokenStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lisiere token create|revoke}: manages the server's tokens in the data directory, with the server stopped
 * (a running server manages them through {@code POST /v1/tokens}).
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Creates or revokes tokens of the server in the data directory (with the server stopped).",
        subcommands = {TokenCommand.Create.class, TokenCommand.Revoke.class})
final class TokenCommand implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("Missing command: create or revoke");
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }

    private static TokenStore store(CommandLine.Model.CommandSpec spec) {
        return TokenStore.open(ConfigFlags.load(spec).get(Settings.DATA), new SecureRandom(),
                InstantSource.system());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates a token and prints it as the last line: it is shown only this once.")
    static final class Create implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--role", required = true, description = "reader, writer, admin or site.")
        String role;

        @Option(names = "--project", description = "The token's project; without it, an admin token of every"
                + " project.")
        String project;

        @Override
        public Integer call() {
            TokenStore.Created created = store(spec).create(Optional.ofNullable(project), Role.parse(role));
            PrintWriter out = spec.commandLine().getOut();
            out.println("Created " + role + " token " + created.id() + (project == null ? " for every project"
                    : " for project " + project) + "; it is shown only now:");
            out.println(created.token());
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revokes a token by its id.")
    static final class Revoke implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The token's id (t_…), printed when it was created.")
        String id;

        @Override
        public Integer call() {
            store(spec).revoke(id);
            spec.commandLine().getOut().println("Revoked token " + id);
            return 0;
        }
    }
}
