package com.datacoves.jade.runs;

import com.datacoves.jade.auth.Caller;
import com.datacoves.jade.common.Listing;
import com.datacoves.jade.dbtcloud.Enveloped;
import com.datacoves.jade.dbtcloud.Run;
import com.datacoves.jade.http.Envelope;
import com.datacoves.jade.http.IncludeRelated;
import com.datacoves.jade.http.ListQuery;
import com.datacoves.jade.http.RequestUrls;
import com.datacoves.jade.index.RunQuery;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.inject.Named;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * dbt Cloud runs = Airflow DAG runs: {@code /api/v2/accounts/{a}/runs[/{id}]} and Jade's
 * {@code /projects/{id}/latest-run}, served by {@link RunService}. List filters are read by {@link RunFilters}; run
 * lists are answered from {@link RunListCache} when the same request was rendered within its TTL. Ids of another
 * account are a 404.
 */
@Controller
@Tag(name = "dbt Cloud: runs")
public class RunController {

    private final RunService runs;
    private final RunListCache listCache;
    private final JsonMapper json;
    private final ExecutorService blocking;
    private final RequestUrls urls;

    /** Serves the run routes. */
    public RunController(RunService runs, RunListCache listCache, JsonMapper json,
                         @Named(TaskExecutors.BLOCKING) ExecutorService blocking, RequestUrls urls) {
        this.urls = urls;
        this.runs = runs;
        this.listCache = listCache;
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
    @ApiResponse(responseCode = "200", description = "a page of runs",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Enveloped.RunList.class)))
    public CompletableFuture<HttpResponse<byte[]>> list(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
                                                       @PathVariable long accountId, HttpRequest<?> request) {
        String key = cacheKey(caller, request, urls.baseUrl(request));
        byte[] cached = listCache.getIfPresent(accountId, key);
        if (cached != null) {
            return CompletableFuture.completedFuture(jsonResponse(cached));
        }
        return CompletableFuture.supplyAsync(() -> jsonResponse(listCache.get(accountId, key,
                () -> render(caller, accountId, request))), blocking);
    }

    /**
     * Everything that shapes the rendered list: the base URL of its links, the request's path and query, and what the
     * caller may see when it does not reach the whole account.
     */
    private static String cacheKey(Caller caller, HttpRequest<?> request, String baseUrl) {
        String uri = baseUrl + " " + request.getUri();
        return caller.projects() == null && caller.environments() == null ? uri
                : uri + " " + caller.projects() + " " + caller.environments();
    }

    private static HttpResponse<byte[]> jsonResponse(byte[] body) {
        return HttpResponse.ok(body).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private byte[] render(Caller caller, long accountId, HttpRequest<?> request) {
        ListQuery q = ListQuery.of(request, Set.of("id", "created_at", "finished_at"), "id");
        RunQuery filters = RunFilters.read(request, q, accountId);
        Listing<Run> listing = runs.list(caller, filters, q.page(), related(request, urls));
        try {
            return json.writeValueAsBytes(q.envelope(listing.page().items(), listing.page().total(),
                    listing.unreachable()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the run list", e);
        }
    }

    /** {@code GET /api/v2/accounts/{a}/runs/{id}/}; include_related adds trigger, job, environment, run_steps. */
    @Get("/api/v2/accounts/{accountId}/runs/{id}")
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Operation(summary = "Retrieve run (Airflow DAG run)", description = "As the run index has it; include_related: "
            + "trigger, job, environment, run_steps (task instances, read from Airflow).")
    @ApiResponse(responseCode = "200", description = "the run",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Enveloped.OneRun.class)))
    public Envelope get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                        @PathVariable long id, HttpRequest<?> request) {
        return envelope(runs.get(caller, accountId, id, related(request, urls)));
    }

    /** {@code GET /api/v2/accounts/{a}/projects/{id}/latest-run} (Jade): latest successful run, by finished_at. */
    @Get("/api/v2/accounts/{accountId}/projects/{projectId}/latest-run")
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Operation(summary = "Latest successful run of a project (Jade)", description = "Status 10, newest finished_at; "
            + "404 when the project has none.")
    @ApiResponse(responseCode = "200", description = "the latest run",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Enveloped.OneRun.class)))
    public Envelope latestRun(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                              @PathVariable long projectId, HttpRequest<?> request) {
        return envelope(runs.latestSuccess(caller, accountId, projectId, related(request, urls)));
    }

    /** The envelope of a single run, with {@code developer_message} when part of it could not be read. */
    static Envelope envelope(RunService.Detail d) {
        return d.developerMessage() == null ? Envelope.of(d.run()) : Envelope.list(d.run(), null, d.developerMessage());
    }

    /** The related objects the request's {@code include_related} asks for. */
    static RunService.Related related(HttpRequest<?> request, RequestUrls urls) {
        IncludeRelated include = IncludeRelated.of(request);
        return new RunService.Related(include.has("trigger"), include.has("job"), include.has("environment"),
                include.has("run_steps"), urls.baseUrl(request));
    }
}
