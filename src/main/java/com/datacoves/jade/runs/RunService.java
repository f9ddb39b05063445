package com.datacoves.jade.runs;

import com.datacoves.jade.airflow.AirflowDatabase;
import com.datacoves.jade.airflow.AirflowDatabases;
import com.datacoves.jade.airflow.DbtCommands;
import com.datacoves.jade.airflow.TaskInstanceRepository;
import com.datacoves.jade.airflow.TaskInstanceRow;
import com.datacoves.jade.artifacts.ArtifactFinder;
import com.datacoves.jade.auth.Caller;
import com.datacoves.jade.common.Listing;
import com.datacoves.jade.common.NotFoundException;
import com.datacoves.jade.common.Page;
import com.datacoves.jade.common.PageRequest;
import com.datacoves.jade.datacoves.EnvironmentRow;
import com.datacoves.jade.dbtcloud.Durations;
import com.datacoves.jade.dbtcloud.EnvironmentMapper;
import com.datacoves.jade.dbtcloud.JobMapper;
import com.datacoves.jade.dbtcloud.Run;
import com.datacoves.jade.dbtcloud.RunArtifacts;
import com.datacoves.jade.dbtcloud.RunMapper;
import com.datacoves.jade.index.RunStatus;
import com.datacoves.jade.dbtcloud.RunStep;
import com.datacoves.jade.dbtcloud.RunStepBuilder;
import com.datacoves.jade.dbtcloud.RunTrigger;
import com.datacoves.jade.dbtcloud.Timestamps;
import com.datacoves.jade.environments.EnvironmentScope;
import com.datacoves.jade.environments.EnvironmentService;
import com.datacoves.jade.index.IndexScheduler;
import com.datacoves.jade.index.JobIndexRepository;
import com.datacoves.jade.index.JobRow;
import com.datacoves.jade.index.RunIndexRepository;
import com.datacoves.jade.index.RunQuery;
import com.datacoves.jade.index.RunRow;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * dbt Cloud runs = Airflow DAG runs, as Jade's run index has them (docs/runs.md): lists, single runs and a project's
 * latest successful run, limited to the environments the caller reaches. Every route and every replica answers the
 * same indexed state; only run steps ({@code include_related=run_steps}) are read from the environment's Airflow
 * database, and when that is unreachable the run comes without steps and a {@code developer_message} saying so.
 */
@Singleton
public class RunService {

    private static final Logger LOG = LoggerFactory.getLogger(RunService.class);

    /**
     * Which related objects to embed ({@code include_related}).
     *
     * @param trigger     the run's trigger
     * @param job         the run's job
     * @param environment the run's environment
     * @param runSteps    the DAG run's task instances (single runs only)
     * @param baseUrl     scheme://host of the request, for {@code href}
     */
    public record Related(boolean trigger, boolean job, boolean environment, boolean runSteps, String baseUrl) {
    }

    /**
     * A single run as answered.
     *
     * @param run              the run
     * @param developerMessage why part of it is missing (Airflow unreachable for run steps), else null
     */
    public record Detail(Run run, @Nullable String developerMessage) {
    }

    private final RunIndexRepository runs;
    private final JobIndexRepository jobs;
    private final EnvironmentService environments;
    private final IndexScheduler index;
    private final AirflowDatabases databases;
    private final TaskInstanceRepository tasks;
    private final JsonMapper json;
    private final ArtifactFinder artifacts;

    /**
     * Reads the run and job index, the caller's environments, which runs stored artifacts and, for run steps,
     * Airflow.
     */
    public RunService(RunIndexRepository runs, JobIndexRepository jobs, EnvironmentService environments,
                      IndexScheduler index, AirflowDatabases databases, TaskInstanceRepository tasks,
                      JsonMapper json, ArtifactFinder artifacts) {
        this.artifacts = artifacts;
        this.runs = runs;
        this.jobs = jobs;
        this.environments = environments;
        this.index = index;
        this.databases = databases;
        this.tasks = tasks;
        this.json = json;
    }

    /**
     * A page of the account's runs matching the filters (run steps are never embedded in lists).
     *
     * @param filters the list filters; their environment ids are narrowed to those the caller reaches
     * @throws NotFoundException when the caller may not read the account
     */
    public Listing<Run> list(Caller caller, RunQuery filters, PageRequest page, Related related) {
        EnvironmentScope scope = environments.scope(caller, filters.accountId());
        List<Long> environmentIds = scope.restrict(filters.environmentIds());
        List<String> unreachable = index.awaitFresh(scope.within(environmentIds));
        RunQuery scoped = new RunQuery(filters.accountId(), filters.jobIds(), environmentIds,
                filters.projectIds(), filters.statuses(), filters.createdFrom(), filters.createdTo(),
                filters.finishedFrom(), filters.finishedTo(), filters.ids(), filters.idAbove());
        Page<RunRow> rows = runs.page(scoped, page);
        Instant now = Instant.now();
        List<Long> jobIds = rows.items().stream().map(RunRow::jobId).distinct().toList();
        Map<Long, JobRow> jobRows = related.job() ? jobs.byIds(scope.accountId(), jobIds) : Map.of();
        Map<Long, String> slugs = scope.slugsOf(rows.items().stream().map(RunRow::environmentId).toList());
        Set<Long> docs = related.job() ? new HashSet<>(artifacts.jobsWithDocs(jobIds, slugs)) : Set.of();
        Map<Long, RunArtifacts> held = artifacts.presence(rows.items(), slugs);
        return new Listing<>(rows.map(r -> {
            EnvironmentRow env = scope.environments().get(r.environmentId());
            JobRow j = jobRows.get(r.jobId());
            Object job = j == null ? null : JobMapper.toJob(j, env, null, docs.contains(j.id()), now);
            Object environment = env != null && related.environment()
                    ? EnvironmentMapper.toEnvironment(env, null, null, null) : null;
            return RunMapper.toRun(r, env, held.getOrDefault(r.id(), RunArtifacts.NONE),
                    new RunMapper.Context(now, related.baseUrl(), related.trigger(), job, environment, List.of()));
        }), unreachable);
    }

    /**
     * One run.
     *
     * @throws NotFoundException when it is not a run of the account in an environment the caller reaches
     */
    public Detail get(Caller caller, long accountId, long id, Related related) {
        EnvironmentScope scope = environments.scope(caller, accountId);
        RunRow r = runs.find(accountId, id).filter(row -> scope.contains(row.environmentId()))
                .orElseThrow(NotFoundException::new);
        return render(r, scope.environments().get(r.environmentId()), related, null);
    }

    /**
     * The project's newest successful run (status 10, newest {@code finished_at}) among the environments the caller
     * reaches (Jade's {@code latest-run} route).
     *
     * @throws NotFoundException when the project is not the caller's or has no such run
     */
    public Detail latestSuccess(Caller caller, long accountId, long projectId, Related related) {
        environments.requireProject(caller, accountId, projectId);
        EnvironmentScope scope = environments.scope(caller, accountId);
        List<EnvironmentRow> envs = scope.environments().values().stream()
                .filter(e -> e.projectId() == projectId).toList();
        index.awaitFresh(envs);
        RunRow r = runs.latestSuccess(accountId, projectId).filter(row -> scope.contains(row.environmentId()))
                .orElseThrow(NotFoundException::new);
        return render(r, scope.environments().get(r.environmentId()), related, null);
    }

    /**
     * Renders an indexed run with what {@code related} asks for.
     *
     * @param env     its environment (null only if it vanished from Datacoves)
     * @param trigger the trigger to embed as is (a run this request just triggered), else the stored one when
     *                {@code related.trigger()}
     */
    public Detail render(RunRow row, @Nullable EnvironmentRow env, Related related, @Nullable RunTrigger trigger) {
        Instant now = Instant.now();
        List<RunStep> steps = List.of();
        String warning = null;
        if (env != null && related.runSteps()) {
            try {
                var db = databases.forEnvironment(env);
                if (db.isPresent()) {
                    steps = steps(db.get(), row, now);
                }
            } catch (RuntimeException e) {
                LOG.debug("Airflow of {} unreachable: {}", env.slug(), e.getMessage());
                warning = "Airflow database unreachable for environment(s): " + env.slug()
                        + "; the run is shown without its steps.";
            }
        }
        Map<Long, String> slugs = env == null ? Map.of() : Map.of(env.id(), env.slug());
        Object job = null;
        if (related.job()) {
            boolean docs = !artifacts.jobsWithDocs(List.of(row.jobId()), slugs).isEmpty();
            job = jobs.find(row.accountId(), row.jobId()).map(j -> JobMapper.toJob(j, env, null, docs, now))
                    .orElse(null);
        }
        Object environment = env != null && related.environment()
                ? EnvironmentMapper.toEnvironment(env, null, null, null) : null;
        RunTrigger embedded = trigger != null ? trigger : related.trigger() ? storedTrigger(row) : null;
        RunMapper.Context ctx = new RunMapper.Context(now, related.baseUrl(), related.trigger() || trigger != null,
                job, environment, steps, embedded);
        RunArtifacts held = artifacts.presence(List.of(row), slugs).getOrDefault(row.id(), RunArtifacts.NONE);
        return new Detail(RunMapper.toRun(row, env, held, ctx), warning);
    }

    /**
     * The run steps of a run: its DAG run's task instances in the order they ran, numbered from 1, each named as dbt
     * Cloud names a step (``Invoke dbt with `dbt build …` ``) when the task ran dbt, else by its task id
     * (docs/runs.md, "Run steps").
     */
    private List<RunStep> steps(AirflowDatabase db, RunRow r, Instant now) {
        List<RunStep> out = new ArrayList<>();
        for (TaskInstanceRow t : tasks.ofRun(db, r.dagRun().dagId(), r.dagRun().airflowRunId())) {
            var d = Durations.between(t.startedAt(), t.finishedAt(), now);
            int status = RunStatus.of(t.state());
            out.add(RunStepBuilder.builder()
                    .runId(r.id()).accountId(r.accountId()).index(out.size() + 1).status(status)
                    .statusHumanized(RunStatus.humanized(status)).name(stepName(t)).logs("").debugLogs("")
                    .startedAt(Timestamps.iso(t.startedAt())).finishedAt(Timestamps.iso(t.finishedAt()))
                    .duration(Durations.hms(d)).durationHumanized(Durations.humanized(d)).taskId(t.taskId())
                    .airflowState(t.state()).build());
        }
        return out;
    }

    /**
     * dbt Cloud's name of a step that ran {@code dbt …}, after its first command other than {@code dbt deps} (or
     * {@code dbt deps} when that is all it ran); the task id for a task that ran no dbt.
     */
    static String stepName(TaskInstanceRow t) {
        if (t.dbtCommands().isEmpty()) {
            return t.taskId();
        }
        String command = t.dbtCommands().stream().filter(DbtCommands::isExecuteStep).findFirst()
                .orElse(t.dbtCommands().get(0));
        return "Invoke dbt with `" + command + "`";
    }

    /** The full trigger (cause and overrides) of a run triggered through Jade, else null. */
    @Nullable
    @SuppressWarnings("unchecked")
    private RunTrigger storedTrigger(RunRow row) {
        if (row.triggerRequest() == null) {
            return null;
        }
        try {
            Map<String, Object> fields = json.readValue(row.triggerRequest(), Map.class);
            return TriggerRequest.from(fields).toTrigger(row.id(), row.jobId(), Timestamps.iso(row.dagRun().createdAt()));
        } catch (Exception e) {
            LOG.debug("unreadable trigger_request of run {}: {}", row.id(), e.getMessage());
            return null;
        }
    }
}
