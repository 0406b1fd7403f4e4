package org.lisiere.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.lisiere.core.LisiereSession;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * Long statements run as jobs: {@code POST …/jobs} starts one and answers at once with its id; {@code GET …/jobs/{id}}
 * tells its state ({@code running}, {@code succeeded}, {@code failed}, {@code cancelled}), what a running CREATE
 * MODEL is doing, and at the end the result (at most {@link #MAX_ROWS} rows) or the error; {@code DELETE} cancels.
 * Jobs live in the server's memory: a restart forgets them (the statements' effects stay), and beyond
 * {@link #MAX_KEPT} jobs the oldest finished ones are forgotten.
 */
final class Jobs implements AutoCloseable {
    /** The most result rows a job keeps; larger results belong to the query endpoint, which streams. */
    static final int MAX_ROWS = 10_000;
    /** How many jobs the server keeps by default; beyond, the oldest finished ones are forgotten. */
    static final int MAX_KEPT = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One job: its project, whose tokens may see it, its session (to cancel it) and its outcome so far. */
    private static final class Job {
        final String id;
        final String project;
        final LisiereSession session;
        volatile String state = "running";
        volatile JsonNode result;
        volatile JsonNode error;
        /** When the job ended ({@link System#nanoTime}), for forgetting the oldest first. */
        volatile long ended;

        Job(String id, String project, LisiereSession session) {
            this.id = id;
            this.project = project;
            this.session = session;
        }
    }

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final ExecutorService executor;
    private final StatementServices services;
    private final int maxKept;

    /** @param maxKept the most jobs kept; beyond, the oldest finished ones are forgotten */
    Jobs(int threads, int maxKept, StatementServices services) {
        this.maxKept = maxKept;
        this.services = requireNonNull(services, "services is null");
        this.executor = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "lisiere-job");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Checks the statements now (a refused one fails the request, not the job) and starts running them. */
    String start(Principal principal, Projects.Project project, String sql, List<Object> params) {
        List<ScriptStatement> statements = QueryEndpoint.statements(sql, params);
        LisiereSession session = project.lisiere().openSession();
        try {
            for (ScriptStatement statement : statements) {
                StatementAccess.check(principal, statement);
                session.checkAllowed(statement);
            }
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
        Job job = new Job("j_" + UUID.randomUUID().toString().replace("-", ""), project.name(), session);
        forgetOldest();
        jobs.put(job.id, job);
        executor.execute(() -> run(job, principal, project, statements, params));
        return job.id;
    }

    private void run(Job job, Principal principal, Projects.Project project, List<ScriptStatement> statements,
            List<Object> params) {
        try (LisiereSession session = job.session) {
            QueryEndpoint.run(session, principal, project, statements, params, services, result -> {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                long rows = QueryEndpoint.write(bytes, result, MAX_ROWS);
                try {
                    job.result = JSON.readTree(bytes.toByteArray());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return rows;
            });
            job.state = "succeeded";
        } catch (LisiereException e) {
            job.error = Problems.document(e);
            job.state = e.code() == ErrorCode.CANCELLED ? "cancelled" : "failed";
        } catch (RuntimeException e) {
            job.error = Problems.document(new LisiereException(ErrorCode.INTERNAL_ERROR, "Internal error in job "
                    + job.id + ": " + e));
            job.state = "failed";
        } finally {
            job.ended = System.nanoTime();
        }
    }

    /** Keeps at most {@code maxKept} jobs by forgetting the finished ones that ended first. */
    private synchronized void forgetOldest() {
        int excess = jobs.size() + 1 - maxKept;
        if (excess > 0) {
            jobs.values().stream().filter(j -> !j.state.equals("running"))
                    .sorted(java.util.Comparator.comparingLong(j -> j.ended)).limit(excess).toList()
                    .forEach(j -> jobs.remove(j.id));
        }
    }

    /** The job's state, progress, and result or error; UNKNOWN_OBJECT unless it is a job of {@code project}. */
    JsonNode describe(String project, String id) {
        Job job = find(project, id);
        ObjectNode answer = JSON.createObjectNode().put("id", job.id).put("state", job.state);
        if (job.state.equals("running")) {
            job.session.trainingStatus().ifPresent(status -> answer.put("progress", status));
        }
        Optional.ofNullable(job.result).ifPresent(result -> answer.set("result", result));
        Optional.ofNullable(job.error).ifPresent(error -> answer.set("error", error));
        return answer;
    }

    /** Cancels a running job; a finished one stays as it ended. */
    void cancel(String project, String id) {
        Job job = find(project, id);
        if (job.state.equals("running")) {
            job.session.cancel();
        }
    }

    private Job find(String project, String id) {
        Job job = jobs.get(id);
        if (job == null || !job.project.equals(project)) {
            throw new LisiereException(ErrorCode.UNKNOWN_OBJECT, "No job '" + id + "' in project '" + project + "'");
        }
        return job;
    }

    @Override
    public void close() {
        jobs.values().forEach(job -> {
            if (job.state.equals("running")) {
                job.session.cancel();
            }
        });
        executor.shutdown();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
