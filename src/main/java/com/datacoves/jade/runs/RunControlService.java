package com.datacoves.jade.runs;

import com.datacoves.jade.common.NotFoundException;
import com.datacoves.jade.common.UpstreamFailedException;
import com.datacoves.jade.common.ConflictException;
import com.datacoves.jade.common.ForbiddenException;
import com.datacoves.jade.airflow.AirflowDatabase;
import com.datacoves.jade.airflow.AirflowDatabases;
import com.datacoves.jade.airflow.DagRepository;
import com.datacoves.jade.airflow.DagRow;
import com.datacoves.jade.airflowapi.AirflowApiClient;
import com.datacoves.jade.airflowapi.AirflowApiResolver;
import com.datacoves.jade.airflowapi.AirflowApiTarget;
import com.datacoves.jade.auth.Caller;
import com.datacoves.jade.environments.EnvironmentRepository;
import com.datacoves.jade.environments.EnvironmentRow;
import com.datacoves.jade.dbtcloud.RunStatus;
import com.datacoves.jade.index.IndexScheduler;
import com.datacoves.jade.index.JobIndexRepository;
import com.datacoves.jade.index.JobRow;
import com.datacoves.jade.index.RunIndexRepository;
import com.datacoves.jade.index.RunRow;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts and stops dbt Cloud runs (Airflow DAG runs) through the environment's Airflow REST API, keeping Jade's run
 * index in step ({@link RunIndexRepository#recordTriggered}, {@link RunIndexRepository#markCancelled}). The DAG's state is checked in the Airflow database first: a paused or
 * inactive DAG is a 409. Airflow API failures are 502s (see {@link AirflowApiClient}).
 */
@Singleton
public class RunControlService {

    /** 403 text for a key without {@code allow_trigger}. */
    public static final String NOT_ALLOWED = "This API key may not start or stop runs. "
            + "Create a key with allow_trigger (tokens create --allow-trigger).";

    private static final Logger LOG = LoggerFactory.getLogger(RunControlService.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JobIndexRepository jobs;
    private final RunIndexRepository runs;
    private final EnvironmentRepository environments;
    private final AirflowDatabases databases;
    private final DagRepository dags;
    private final AirflowApiResolver apis;
    private final AirflowApiClient client;
    private final IndexScheduler refresher;
    private final JsonMapper json;

    /** Wires the index, Airflow access and Airflow's REST API. */
    public RunControlService(JobIndexRepository jobs, RunIndexRepository runs, EnvironmentRepository environments,
                             AirflowDatabases databases, DagRepository dags, AirflowApiResolver apis,
                             AirflowApiClient client, IndexScheduler refresher, JsonMapper json) {
        this.jobs = jobs;
        this.runs = runs;
        this.environments = environments;
        this.databases = databases;
        this.dags = dags;
        this.apis = apis;
        this.client = client;
        this.refresher = refresher;
        this.json = json;
    }

    /**
     * A run and its environment, as the routes answer it.
     *
     * @param run     the run (from the index, with Jade's columns)
     * @param env     its environment
     * @param trigger the trigger request when this call created the run, else null
     */
    public record Outcome(RunRow run, EnvironmentRow env, TriggerRequest trigger) {
    }

    /** 403 unless the caller's key has {@code allow_trigger}. */
    public static void requirePermission(Caller caller) {
        if (!caller.allowTrigger()) {
            throw new ForbiddenException(NOT_ALLOWED);
        }
    }

    /** Triggers a new DAG run of the job (dbt Cloud "Trigger Job Run"). */
    public Outcome trigger(Caller caller, long jobId, TriggerRequest request) {
        JobRow job = jobs.find(caller.accountId(), jobId).orElseThrow(NotFoundException::new);
        EnvironmentRow env = environment(caller, job.environmentId());
        checkRunnable(env, job);
        return start(job, env, request);
    }

    /** Cancels the run: marks the DAG run failed in Airflow and the run cancelled in Jade; a finished run is kept. */
    public Outcome cancel(Caller caller, long runId) {
        RunRow indexed = runs.find(caller.accountId(), runId).orElseThrow(NotFoundException::new);
        EnvironmentRow env = environment(caller, indexed.environmentId());
        refresher.awaitFresh(List.of(env));
        RunRow current = runs.reload(indexed.id()).orElse(indexed);
        if (RunStatus.complete(current.status())) {
            return new Outcome(current, env, null);
        }
        client.setDagRunState(api(env), indexed.dagRun().dagId(), indexed.dagRun().airflowRunId(), "failed");
        runs.markCancelled(indexed);
        LOG.info("run {} ({} / {}) cancelled through the API by token {}", runId, indexed.dagRun().dagId(),
                indexed.dagRun().airflowRunId(), caller.tokenId());
        return new Outcome(runs.reload(runId).orElseThrow(NotFoundException::new), env, null);
    }

    /**
     * dbt Cloud "Retry Failed Job": when the job's latest run failed (status 20), clears its failed task instances
     * so Airflow resumes it from the point of failure and answers that run; otherwise triggers a new run.
     */
    public Outcome rerun(Caller caller, long jobId) {
        JobRow job = jobs.find(caller.accountId(), jobId).orElseThrow(NotFoundException::new);
        EnvironmentRow env = environment(caller, job.environmentId());
        checkRunnable(env, job);
        refresher.awaitFresh(List.of(env));
        Optional<RunRow> latest = runs.latestOfJob(caller.accountId(), jobId);
        if (latest.isPresent() && latest.get().status() == RunStatus.ERROR) {
            RunRow failed = latest.get();
            client.clearFailedTasks(api(env), failed.dagRun().dagId(), failed.dagRun().airflowRunId());
            LOG.info("run {} ({} / {}) retried from failure by token {}", failed.id(), failed.dagRun().dagId(),
                    failed.dagRun().airflowRunId(), caller.tokenId());
            return new Outcome(runs.reload(failed.id()).orElseThrow(NotFoundException::new), env, null);
        }
        return start(job, env, TriggerRequest.rerunCause());
    }

    private Outcome start(JobRow job, EnvironmentRow env, TriggerRequest request) {
        AirflowApiTarget target = api(env);
        String airflowRunId = newAirflowRunId();
        Map<String, Object> conf = Map.of("dbt_cloud", request.conf());
        client.triggerDagRun(target, job.dagId(), airflowRunId, conf, request.cause());
        String requestJson;
        try {
            requestJson = new String(json.writeValueAsBytes(request.conf()), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            requestJson = "{}";
        }
        long id = runs.recordTriggered(job, airflowRunId, request.cause(), requestJson);
        LOG.info("run {} ({} / {}) triggered through the API", id, job.dagId(), airflowRunId);
        RunRow row = runs.reload(id).orElseThrow(NotFoundException::new);
        return new Outcome(row, env, request);
    }

    /** {@code jade__<UTC instant, microseconds>__<8 random hex>}: unique, sortable, recognisably Jade's. */
    static String newAirflowRunId() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return "jade__" + Instant.now().truncatedTo(ChronoUnit.MICROS) + "__" + HexFormat.of().formatHex(b);
    }

    private EnvironmentRow environment(Caller caller, long environmentId) {
        return environments.findInAccount(caller.accountId(), environmentId).orElseThrow(NotFoundException::new);
    }

    private AirflowApiTarget api(EnvironmentRow env) {
        return apis.resolve(env).orElseThrow(() -> new UpstreamFailedException("No Airflow REST API is configured for environment " + env.slug()
                        + " (set jade.airflow-api.environments." + env.slug() + ".url, or CONNECT_TO_AIRFLOW)."));
    }

    /** 409 when the DAG is paused or inactive: in the Airflow database, or as last indexed when that is down. */
    private void checkRunnable(EnvironmentRow env, JobRow job) {
        boolean paused = job.paused();
        boolean active = job.present() && job.active();
        Optional<AirflowDatabase> db = databases.forEnvironment(env);
        if (db.isPresent()) {
            try {
                Optional<DagRow> dag = dags.find(db.get(), job.dagId());
                active = dag.map(DagRow::active).orElse(false);
                paused = active && dag.get().paused();
            } catch (RuntimeException e) {
                LOG.debug("Airflow database of {} unreachable; using the indexed DAG state: {}", env.slug(),
                        e.getMessage());
            }
        }
        if (!active) {
            throw new ConflictException("Job " + job.id() + " (DAG " + job.dagId()
                    + ") is not active in Airflow: its DAG is missing or stale, so it cannot run.");
        }
        if (paused) {
            throw new ConflictException("Job " + job.id() + " (DAG " + job.dagId()
                    + ") is paused in Airflow: unpause the DAG before starting runs.");
        }
    }
}
