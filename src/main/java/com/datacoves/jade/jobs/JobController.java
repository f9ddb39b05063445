package com.datacoves.jade.jobs;

import com.datacoves.jade.common.NotFoundException;
import com.datacoves.jade.common.InvalidInputException;
import com.datacoves.jade.auth.Caller;
import com.datacoves.jade.environments.EnvironmentMapper;
import com.datacoves.jade.environments.EnvironmentRepository;
import com.datacoves.jade.environments.EnvironmentRow;
import com.datacoves.jade.http.Envelope;
import com.datacoves.jade.http.IncludeRelated;
import com.datacoves.jade.http.ListQuery;
import com.datacoves.jade.common.Page;
import com.datacoves.jade.http.QueryParams;
import com.datacoves.jade.index.IndexScheduler;
import com.datacoves.jade.index.JobIndexRepository;
import com.datacoves.jade.index.JobQuery;
import com.datacoves.jade.index.JobRow;
import com.datacoves.jade.index.RunIndexRepository;
import com.datacoves.jade.index.RunRow;
import com.datacoves.jade.runs.Run;
import com.datacoves.jade.runs.RunDetails;
import com.datacoves.jade.runs.RunMapper;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * dbt Cloud jobs = Airflow DAGs ({@code /api/v2/accounts/{a}/jobs[/{id}]}), read from Jade's job index with one SQL
 * statement. Filters: {@code project_id}, {@code project_id__in}, {@code environment_id}, {@code name__icontains},
 * {@code pk}, {@code id__gt}, {@code state} (1/active, 2/deleted, all; default {@code active} as dbt Cloud: paused
 * DAGs are active, DAGs Airflow marked inactive are "deleted"). order_by {@code id} (default) or {@code name}.
 * include_related: {@code environment}, {@code most_recent_run}, {@code most_recent_completed_run} (the DAG's newest
 * DAG run and newest finished one, as dbt Cloud runs, from the run index). A job of another account is a 404.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "dbt Cloud: jobs")
public class JobController {

    private final JobIndexRepository jobs;
    private final EnvironmentRepository environments;
    private final IndexScheduler refresher;
    private final RunIndexRepository runs;

    public JobController(JobIndexRepository jobs, EnvironmentRepository environments, IndexScheduler refresher,
                         RunIndexRepository runs) {
        this.jobs = jobs;
        this.environments = environments;
        this.refresher = refresher;
        this.runs = runs;
    }

    /** {@code GET /api/v2/accounts/{a}/jobs/}. */
    @Get("/api/v2/accounts/{accountId}/jobs")
    @Operation(summary = "List jobs (Airflow DAGs)", description = "Filters: project_id, project_id__in, environment_id, "
            + "name__icontains, pk, id__gt, state (default active). order_by id|name, '-' for descending. "
            + "include_related: environment, most_recent_run, most_recent_completed_run.")
    public Envelope list(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                         HttpRequest<?> request) {
        ListQuery q = ListQuery.of(request, Set.of("id", "name"), "id");
        q.filter("account_id", caller.accountId());
        List<Long> projects = new java.util.ArrayList<>();
        QueryParams.number(request, "project_id").ifPresent(v -> projects.add(q.filter("project_id", v)));
        List<Long> projectIn = QueryParams.numbers(request, "project_id__in");
        if (!projectIn.isEmpty()) {
            projects.addAll(q.filter("project_id__in", projectIn));
        }
        List<Long> environments = QueryParams.number(request, "environment_id")
                .map(v -> List.of(q.filter("environment_id", v))).orElse(List.of());
        String name = QueryParams.text(request, "name__icontains").map(v -> q.filter("name__icontains", v))
                .orElse(null);
        List<Long> ids = QueryParams.number(request, "pk").map(v -> List.of(q.filter("pk", v))).orElse(List.of());
        Long idAbove = QueryParams.number(request, "id__gt").map(v -> q.filter("id__gt", v)).orElse(null);
        String state = QueryParams.text(request, "state").orElse("active");
        Integer stateCode = switch (state) {
            case "1", "active" -> 1;
            case "2", "deleted" -> 2;
            case "all" -> null;
            default -> throw new InvalidInputException("state must be 1, 2, active, deleted or all");
        };
        q.filter("state", state);
        JobQuery filters = new JobQuery(caller.accountId(), projects, environments, name, ids, idAbove, stateCode);
        Map<Long, EnvironmentRow> envs = environmentsOf(caller);
        List<String> down = refresher.awaitFresh(envs.values());
        Page<JobRow> page = jobs.page(filters, q.page());
        IncludeRelated include = IncludeRelated.of(request);
        Instant now = Instant.now();
        Recent recent = recent(caller, page.items(), include, envs, now, request);
        return q.envelope(page.items().stream().map(j -> map(j, envs, include, recent, now)).toList(), page.total(),
                down);
    }

    /** {@code GET /api/v2/accounts/{a}/jobs/{id}/}; 404 when not in the account. */
    @Get("/api/v2/accounts/{accountId}/jobs/{id}")
    @Operation(summary = "Retrieve job (Airflow DAG)", description = "404 when not in the account. include_related: "
            + "environment, most_recent_run, most_recent_completed_run.")
    public Envelope get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                        @PathVariable long id, HttpRequest<?> request) {
        JobRow j = jobs.find(caller.accountId(), id).orElseThrow(NotFoundException::new);
        Map<Long, EnvironmentRow> envs = environmentsOf(caller);
        IncludeRelated include = IncludeRelated.of(request);
        Instant now = Instant.now();
        return Envelope.of(map(j, envs, include, recent(caller, List.of(j), include, envs, now, request), now));
    }

    /**
     * The jobs' most recent runs (dbt Cloud {@code most_recent_run}, {@code most_recent_completed_run}) as wire runs
     * by job id, read only when include_related asks for them (from the index, as run lists are).
     */
    private Recent recent(Caller caller, List<JobRow> page, IncludeRelated include, Map<Long, EnvironmentRow> envs,
                          Instant now, HttpRequest<?> request) {
        boolean latest = include.has("most_recent_run");
        boolean completed = include.has("most_recent_completed_run");
        if (!latest && !completed) {
            return Recent.NONE;
        }
        List<Long> ids = page.stream().map(JobRow::id).toList();
        String base = RunDetails.baseUrl(request);
        Function<RunRow, Run> wire = r -> RunMapper.toRun(r, envs.get(r.environmentId()),
                new RunMapper.Context(now, base, false, null, null, List.of()));
        return new Recent(latest ? toWire(runs.latestOfJobs(caller.accountId(), ids, false), wire) : Map.of(),
                completed ? toWire(runs.latestOfJobs(caller.accountId(), ids, true), wire) : Map.of());
    }

    private static Map<Long, Run> toWire(Map<Long, RunRow> rows, Function<RunRow, Run> wire) {
        return rows.values().stream().collect(Collectors.toMap(RunRow::jobId, wire));
    }

    /** Most recent runs by job id (empty maps when not asked for). */
    private record Recent(Map<Long, Run> latest, Map<Long, Run> completed) {
        static final Recent NONE = new Recent(Map.of(), Map.of());
    }

    private Map<Long, EnvironmentRow> environmentsOf(Caller caller) {
        return environments.findByAccount(caller.accountId()).stream()
                .collect(Collectors.toMap(EnvironmentRow::id, Function.identity()));
    }

    private static Job map(JobRow j, Map<Long, EnvironmentRow> envs, IncludeRelated include, Recent recent,
                           Instant now) {
        EnvironmentRow env = envs.get(j.environmentId());
        Object nested = env != null && include.has("environment")
                ? EnvironmentMapper.toEnvironment(env, null, null, null) : null;
        return JobMapper.toJob(j, env, nested, recent.latest().get(j.id()), recent.completed().get(j.id()), now);
    }
}
