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
import com.datacoves.jade.datacoves.EnvironmentRow;
import com.datacoves.jade.index.RunStatus;
import com.datacoves.jade.dbtcloud.Timestamps;
import com.datacoves.jade.environments.EnvironmentScope;
import com.datacoves.jade.environments.EnvironmentService;
import com.datacoves.jade.index.IndexScheduler;
import com.datacoves.jade.index.JobIndexRepository;
import com.datacoves.jade.index.JobRow;
import com.datacoves.jade.index.RunIndexRepository;
import com.datacoves.jade.index.RunRow;
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
    private final EnvironmentService environments;
    private final RunService rendering;
    private final AirflowDatabases databases;
    private final DagRepository dags;
    private final AirflowApiResolver apis;
    private final AirflowApiClient client;
    private final IndexScheduler refresher;
    private final JsonMapper json;

    /** Wires the index, Airflow access and Airflow's REST API. */
    public RunControlService(JobIndexRepository jobs, RunIndexRepository runs, EnvironmentService environments,
                             RunService rendering, AirflowDatabases databases, DagRepository dags,
                             AirflowApiResolver apis, AirflowApiClient client, IndexScheduler refresher,
                             JsonMapper json) {
        this.jobs = jobs;
        this.runs = runs;
        this.environments = environments;
        this.rendering = rendering;
        this.databases = databases;
        this.dags = dags;
        this.apis = apis;
        this.client = client;
        this.refresher = refresher;
        this.json = json;
    }

    /** 403 unless the caller's key has {@code allow_trigger}. */
    public static void requirePermission(Caller caller) {
        if (!caller.allowTrigger()) {
            throw new ForbiddenException(NOT_ALLOWED);
        }
    }

    /**
     * Triggers a new DAG run of the job (dbt Cloud "Trigger Job Run"); the answer embeds the trigger as sent.
     *
     * @throws NotFoundException     when the job is not one the caller reaches
     * @throws ConflictException     when its DAG is paused or inactive
     * @throws UpstreamFailedException when Airflow's REST API fails or none is configured
     */
    public RunService.Detail trigger(Caller caller, long accountId, long jobId, TriggerRequest request,
                                     RunService.Related related) {
        EnvironmentScope scope = environments.scope(caller, accountId);
        JobRow job = job(scope, jobId);
        EnvironmentRow env = scope.environments().get(job.environmentId());
        checkRunnable(env, job);
        RunRow row = start(job, env, request);
        return rendering.render(row, env, related,
                request.toTrigger(row.id(), row.jobId(), Timestamps.iso(row.dagRun().createdAt())));
    }

    /**
     * Cancels the run: marks the DAG run failed in Airflow and the run cancelled in Jade; a finished run is
     * answered as it is.
     *
     * @throws NotFoundException       when the run is not one the caller reaches
     * @throws UpstreamFailedException when Airflow's REST API fails or none is configured
     */
    public RunService.Detail cancel(Caller caller, long accountId, long runId, RunService.Related related) {
        EnvironmentScope scope = environments.scope(caller, accountId);
        RunRow indexed = runs.find(accountId, runId).filter(r -> scope.contains(r.environmentId()))
                .orElseThrow(NotFoundException::new);
        EnvironmentRow env = scope.environments().get(indexed.environmentId());
        refresher.awaitFresh(List.of(env));
        RunRow current = runs.reload(indexed.id()).orElse(indexed);
        if (RunStatus.complete(current.status())) {
            return rendering.render(current, env, related, null);
        }
        client.setDagRunState(api(env), indexed.dagRun().dagId(), indexed.dagRun().airflowRunId(), "failed");
        runs.markCancelled(indexed);
        LOG.info("run {} ({} / {}) cancelled through the API by token {}", runId, indexed.dagRun().dagId(),
                indexed.dagRun().airflowRunId(), caller.tokenId());
        return rendering.render(runs.reload(runId).orElseThrow(NotFoundException::new), env, related, null);
    }

    /**
     * dbt Cloud "Retry Failed Job": when the job's latest run failed (status 20), clears its failed task instances
     * so Airflow resumes it from the point of failure and answers that run; otherwise triggers a new run.
     */
    public RunService.Detail rerun(Caller caller, long accountId, long jobId, RunService.Related related) {
        EnvironmentScope scope = environments.scope(caller, accountId);
        JobRow job = job(scope, jobId);
        EnvironmentRow env = scope.environments().get(job.environmentId());
        checkRunnable(env, job);
        refresher.awaitFresh(List.of(env));
        Optional<RunRow> latest = runs.latestOfJob(accountId, jobId);
        if (latest.isPresent() && latest.get().status() == RunStatus.ERROR) {
            RunRow failed = latest.get();
            client.clearFailedTasks(api(env), failed.dagRun().dagId(), failed.dagRun().airflowRunId());
            LOG.info("run {} ({} / {}) retried from failure by token {}", failed.id(), failed.dagRun().dagId(),
                    failed.dagRun().airflowRunId(), caller.tokenId());
            return rendering.render(runs.reload(failed.id()).orElseThrow(NotFoundException::new), env, related, null);
        }
        TriggerRequest request = TriggerRequest.rerunCause();
        RunRow row = start(job, env, request);
        return rendering.render(row, env, related,
                request.toTrigger(row.id(), row.jobId(), Timestamps.iso(row.dagRun().createdAt())));
    }

    private RunRow start(JobRow job, EnvironmentRow env, TriggerRequest request) {
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
        return runs.reload(id).orElseThrow(NotFoundException::new);
    }

    /** {@code jade__<UTC instant, microseconds>__<8 random hex>}: unique, sortable, recognisably Jade's. */
    static String newAirflowRunId() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return "jade__" + Instant.now().truncatedTo(ChronoUnit.MICROS) + "__" + HexFormat.of().formatHex(b);
    }

    private JobRow job(EnvironmentScope scope, long jobId) {
        return jobs.find(scope.accountId(), jobId).filter(j -> scope.contains(j.environmentId()))
                .orElseThrow(NotFoundException::new);
    }

    /**
     * The environment's Airflow REST API: Airflow 3's {@code /api/v2} when its database has Airflow 3's schema, else
     * Airflow 2's {@code /api/v1} (also when the database cannot be read to tell).
     */
    private AirflowApiTarget api(EnvironmentRow env) {
        AirflowApiTarget target = apis.resolve(env).orElseThrow(() -> new UpstreamFailedException(
                "No Airflow REST API is configured for environment " + env.slug()
                        + " (set jade.airflow-api.environments." + env.slug() + ".url, or CONNECT_TO_AIRFLOW)."));
        try {
            if (databases.forEnvironment(env).map(db -> db.schema().airflow3()).orElse(false)) {
                return target.forAirflow3();
            }
        } catch (RuntimeException e) {
            LOG.debug("Airflow database of {} unreachable; calling its API as Airflow 2: {}", env.slug(),
                    e.getMessage());
        }
        return target;
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
