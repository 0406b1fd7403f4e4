package org.lisiere.cli;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.lisiere.client.LisiereClient;
import org.lisiere.core.StatementResult;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;
import org.lisiere.spi.TableInfo;

/**
 * The interactive shell on a server's project: each statement runs as a job ({@code POST …/jobs}), so that Ctrl-C
 * cancels it on the server and a CREATE MODEL shows its progress; results come back with at most 10,000 rows.
 */
final class RemoteShellTarget implements ShellTarget {
    private static final Duration POLL = Duration.ofMillis(100);

    private final LisiereClient client;
    private final String project;
    private final String server;
    private volatile Optional<String> running = Optional.empty();
    private volatile Optional<String> progress = Optional.empty();

    RemoteShellTarget(LisiereClient client, String project, String server) {
        this.client = requireNonNull(client, "client is null");
        this.project = requireNonNull(project, "project is null");
        this.server = requireNonNull(server, "server is null");
    }

    @Override
    public String description() {
        return "project " + project + " of " + server;
    }

    @Override
    public StatementResult execute(ScriptStatement statement) {
        try {
            String id = client.startJob(project, statement.text());
            running = Optional.of(id);
            LisiereClient.JobStatus job = client.job(project, id);
            while (job.running()) {
                progress = job.progress();
                LockSupport.parkNanos(POLL.toNanos());
                if (Thread.interrupted()) {
                    client.cancelJob(project, id);
                    throw new LisiereException(ErrorCode.CANCELLED, "Statement cancelled");
                }
                job = client.job(project, id);
            }
            if (job.error().isPresent()) {
                throw job.error().get();
            }
            String state = job.state();
            return RemoteStatements.result(statement, job.answer().orElseThrow(() -> new LisiereException(
                    ErrorCode.INTERNAL_ERROR, "Job " + id + " " + state + " without a result")));
        } catch (LisiereException e) {
            throw RemoteStatements.inScript(e, statement);
        } finally {
            running = Optional.empty();
            progress = Optional.empty();
        }
    }

    @Override
    public void cancel() {
        running.ifPresent(id -> client.cancelJob(project, id));
    }

    @Override
    public Optional<String> trainingStatus() {
        return progress;
    }

    @Override
    public List<TableInfo> listTables() {
        return client.tables(project);
    }
}
