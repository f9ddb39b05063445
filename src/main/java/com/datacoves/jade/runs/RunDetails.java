package com.datacoves.jade.runs;

import com.datacoves.jade.airflow.AirflowDatabase;
import com.datacoves.jade.airflow.AirflowDatabases;
import com.datacoves.jade.airflow.TaskInstanceRepository;
import com.datacoves.jade.airflow.TaskInstanceRow;
import com.datacoves.jade.dbtcloud.RunStatus;
import com.datacoves.jade.environments.EnvironmentMapper;
import com.datacoves.jade.environments.EnvironmentRow;
import com.datacoves.jade.http.Durations;
import com.datacoves.jade.http.Envelope;
import com.datacoves.jade.http.IncludeRelated;
import com.datacoves.jade.http.Timestamps;
import com.datacoves.jade.index.JobIndexRepository;
import com.datacoves.jade.index.JobRow;
import com.datacoves.jade.index.RunRow;
import com.datacoves.jade.jobs.JobMapper;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders single runs ({@code runs/{id}}, {@code projects/{id}/latest-run}) as the index has them, like lists do (every
 * replica and every route answers the same state); with {@code include_related=run_steps} the DAG run's task instances
 * are read from the environment's Airflow database. When that database is unreachable the run has no steps and
 * {@code status.developer_message} says so.
 */
@Singleton
public class RunDetails {

    private static final Logger LOG = LoggerFactory.getLogger(RunDetails.class);

    private final AirflowDatabases databases;
    private final TaskInstanceRepository tasks;
    private final JobIndexRepository jobs;
    private final JsonMapper json;

    public RunDetails(AirflowDatabases databases, TaskInstanceRepository tasks, JobIndexRepository jobs,
                      JsonMapper json) {
        this.json = json;
        this.databases = databases;
        this.tasks = tasks;
        this.jobs = jobs;
    }

    /** The enveloped run, with the related objects {@code include_related} asks for. */
    public Envelope render(RunRow indexed, @Nullable EnvironmentRow env, HttpRequest<?> request) {
        IncludeRelated include = IncludeRelated.of(request);
        Instant now = Instant.now();
        RunRow row = indexed;
        List<RunStep> steps = List.of();
        String warning = null;
        Optional<AirflowDatabase> db = env == null ? Optional.empty() : databases.forEnvironment(env);
        if (db.isPresent() && include.has("run_steps")) {
            try {
                steps = steps(db.get(), row, now);
            } catch (RuntimeException e) {
                LOG.debug("Airflow of {} unreachable: {}", env.slug(), e.getMessage());
                warning = "Airflow database unreachable for environment(s): " + env.slug()
                        + "; the run is shown without its steps.";
            }
        }
        Object job = null;
        if (include.has("job")) {
            JobRow j = jobs.find(row.accountId(), row.jobId()).orElse(null);
            job = j == null ? null : JobMapper.toJob(j, env, null, now);
        }
        Object environment = env != null && include.has("environment")
                ? EnvironmentMapper.toEnvironment(env, null, null, null) : null;
        RunMapper.Context ctx = new RunMapper.Context(now, baseUrl(request), include.has("trigger"), job, environment,
                steps, include.has("trigger") ? jadeTrigger(row) : null);
        Run run = RunMapper.toRun(row, env, ctx);
        return warning == null ? Envelope.of(run) : Envelope.list(run, null, warning);
    }

    /**
     * The run steps of a run: its DAG run's task instances in the order they ran, numbered from 1 (docs/runs.md,
     * "Run steps").
     */
    private List<RunStep> steps(AirflowDatabase db, RunRow r, Instant now) {
        List<RunStep> out = new java.util.ArrayList<>();
        for (TaskInstanceRow t : tasks.ofRun(db, r.dagRun().dagId(), r.dagRun().airflowRunId())) {
            var d = Durations.between(t.startedAt(), t.finishedAt(), now);
            int status = RunStatus.of(t.state());
            out.add(new RunStep(r.id(), r.accountId(), out.size() + 1, status, RunStatus.humanized(status),
                    t.taskId(), "", "", null, null, Timestamps.iso(t.startedAt()), Timestamps.iso(t.finishedAt()),
                    Durations.hms(d), Durations.humanized(d), t.taskId(), t.state()));
        }
        return out;
    }

    /** The full trigger (cause and overrides) of a run triggered through Jade, else null. */
    @Nullable
    @SuppressWarnings("unchecked")
    private RunTrigger jadeTrigger(RunRow row) {
        if (row.triggerRequest() == null) {
            return null;
        }
        try {
            Map<String, Object> fields = json.readValue(row.triggerRequest(), Map.class);
            return TriggerRequest.from(fields).toTrigger(row.id(), row.jobId(),
                    com.datacoves.jade.http.Timestamps.iso(row.dagRun().createdAt()));
        } catch (Exception e) {
            LOG.debug("unreadable trigger_request of run {}: {}", row.id(), e.getMessage());
            return null;
        }
    }

    /**
     * scheme://host of the request for {@code href}: {@code X-Forwarded-Proto}/{@code X-Forwarded-Host} when a proxy
     * sets them, else the {@code Host} header and the server's scheme.
     */
    public static String baseUrl(HttpRequest<?> request) {
        String scheme = request.getHeaders().get("X-Forwarded-Proto");
        if (scheme == null) {
            scheme = request.isSecure() ? "https" : "http";
        }
        String host = request.getHeaders().get("X-Forwarded-Host");
        if (host == null) {
            host = request.getHeaders().get("Host");
        }
        if (host == null) {
            host = request.getServerAddress().getHostString() + ":" + request.getServerAddress().getPort();
        }
        return scheme.split(",")[0].strip() + "://" + host.split(",")[0].strip();
    }
}
