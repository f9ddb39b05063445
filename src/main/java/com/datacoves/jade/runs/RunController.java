package com.datacoves.jade.runs;

import com.datacoves.jade.common.NotFoundException;
import com.datacoves.jade.auth.Caller;
import com.datacoves.jade.environments.EnvironmentCache;
import com.datacoves.jade.environments.EnvironmentMapper;
import com.datacoves.jade.environments.EnvironmentRepository;
import com.datacoves.jade.environments.EnvironmentRow;
import com.datacoves.jade.http.Envelope;
import com.datacoves.jade.http.IncludeRelated;
import com.datacoves.jade.http.ListQuery;
import com.datacoves.jade.common.Page;
import com.datacoves.jade.index.IndexScheduler;
import com.datacoves.jade.index.JobIndexRepository;
import com.datacoves.jade.index.JobRow;
import com.datacoves.jade.index.RunIndexRepository;
import com.datacoves.jade.index.RunQuery;
import com.datacoves.jade.index.RunRow;
import com.datacoves.jade.jobs.JobMapper;
import com.datacoves.jade.projects.ProjectRepository;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.json.JsonMapper;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.inject.Named;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * dbt Cloud runs = Airflow DAG runs: {@code /api/v2/accounts/{a}/runs[/{id}]} and Jade's
 * {@code /projects/{id}/latest-run}. Lists are one SQL statement on Jade's run index (filters in {@link RunFilters});
 * single runs are read fresh from Airflow ({@link RunDetails}). Ids of another account are a 404.
 */
@Controller
@Tag(name = "dbt Cloud: runs")
public class RunController {

    private final RunIndexRepository runs;
    private final JobIndexRepository jobs;
    private final EnvironmentRepository environments;
    private final ProjectRepository projects;
    private final IndexScheduler refresher;
    private final RunDetails details;
    private final RunListCache listCache;
    private final EnvironmentCache environmentCache;
    private final JsonMapper json;
    private final ExecutorService blocking;

    public RunController(RunIndexRepository runs, JobIndexRepository jobs, EnvironmentRepository environments,
                         ProjectRepository projects, IndexScheduler refresher, RunDetails details,
                         RunListCache listCache, EnvironmentCache environmentCache, JsonMapper json,
                         @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.runs = runs;
        this.jobs = jobs;
        this.environments = environments;
        this.projects = projects;
        this.refresher = refresher;
        this.details = details;
        this.listCache = listCache;
        this.environmentCache = environmentCache;
        this.json = json;
        this.blocking = blocking;
    }

    /**
     * {@code GET /api/v2/accounts/{a}/runs/}. Answered from {@link RunListCache} when the same request was rendered
     * within its TTL (on the event loop, no database work); otherwise rendered on the blocking executor.
     */
    @Get("/api/v2/accounts/{accountId}/runs")
    @Operation(summary = "List runs (Airflow DAG runs)", description = "Filters: job_definition_id, environment_id, "
            + "project_id, project_id__in, status, status__in, created_at__range, finished_at__range, pk, pk__in, "
            + "id__gt. order_by id (default), created_at, finished_at; '-' for descending. include_related: trigger, "
            + "job, environment.")
    @ApiResponse(responseCode = "200", description = "the page of runs",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Envelope.class)))
    public CompletableFuture<HttpResponse<byte[]>> list(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
                                                       @PathVariable long accountId, HttpRequest<?> request) {
        String key = request.getUri().toString();
        byte[] cached = listCache.getIfPresent(caller.accountId(), key);
        if (cached != null) {
            return CompletableFuture.completedFuture(jsonResponse(cached));
        }
        return CompletableFuture.supplyAsync(() -> jsonResponse(listCache.get(caller.accountId(), key,
                () -> render(caller, request))), blocking);
    }

    private static HttpResponse<byte[]> jsonResponse(byte[] body) {
        return HttpResponse.ok(body).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private byte[] render(Caller caller, HttpRequest<?> request) {
        try {
            return json.writeValueAsBytes(page(caller, request));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the run list", e);
        }
    }

    private Envelope page(Caller caller, HttpRequest<?> request) {
        ListQuery q = ListQuery.of(request, Set.of("id", "created_at", "finished_at"), "id");
        RunQuery filters = RunFilters.read(request, q, caller.accountId());
        Map<Long, EnvironmentRow> envs = environmentCache.byAccount(caller.accountId()).stream()
                .collect(Collectors.toMap(EnvironmentRow::id, Function.identity()));
        List<String> down = refresher.awaitFresh(envs.values());
        Page<RunRow> page = runs.page(filters, q.page());
        IncludeRelated include = IncludeRelated.of(request);
        Instant now = Instant.now();
        Map<Long, JobRow> jobRows = include.has("job")
                ? jobs.byIds(caller.accountId(), page.items().stream().map(RunRow::jobId).distinct().toList())
                : Map.of();
        String base = RunDetails.baseUrl(request);
        List<Run> data = page.items().stream().map(r -> {
            EnvironmentRow env = envs.get(r.environmentId());
            JobRow j = jobRows.get(r.jobId());
            Object job = j == null ? null : JobMapper.toJob(j, env, null, now);
            Object environment = env != null && include.has("environment")
                    ? EnvironmentMapper.toEnvironment(env, null, null, null) : null;
            return RunMapper.toRun(r, env, new RunMapper.Context(now, base, include.has("trigger"), job, environment,
                    List.of()));
        }).toList();
        return q.envelope(data, page.total(), down);
    }

    /** {@code GET /api/v2/accounts/{a}/runs/{id}/}; include_related adds trigger, job, environment, run_steps. */
    @Get("/api/v2/accounts/{accountId}/runs/{id}")
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Operation(summary = "Retrieve run (Airflow DAG run)", description = "Read fresh from Airflow; include_related: "
            + "trigger, job, environment, run_steps (task instances).")
    public Envelope get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                        @PathVariable long id, HttpRequest<?> request) {
        RunRow r = runs.find(caller.accountId(), id).orElseThrow(NotFoundException::new);
        return details.render(r, environments.findInAccount(caller.accountId(), r.environmentId()).orElse(null), request);
    }

    /** {@code GET /api/v2/accounts/{a}/projects/{id}/latest-run} (Jade): latest successful run, by finished_at. */
    @Get("/api/v2/accounts/{accountId}/projects/{projectId}/latest-run")
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Operation(summary = "Latest successful run of a project (Jade)", description = "Status 10, newest finished_at; "
            + "404 when the project has none.")
    public Envelope latestRun(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                              @PathVariable long projectId, HttpRequest<?> request) {
        projects.findInAccount(caller.accountId(), projectId).orElseThrow(NotFoundException::new);
        List<EnvironmentRow> envs = environments.findByAccount(caller.accountId()).stream()
                .filter(e -> e.projectId() == projectId).toList();
        refresher.awaitFresh(envs);
        RunRow r = runs.latestSuccess(caller.accountId(), projectId).orElseThrow(NotFoundException::new);
        return details.render(r, envs.stream().filter(e -> e.id() == r.environmentId()).findFirst().orElse(null),
                request);
    }
}
