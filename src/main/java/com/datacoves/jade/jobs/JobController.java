package com.datacoves.jade.jobs;

import com.datacoves.jade.auth.Caller;
import com.datacoves.jade.common.InvalidInputException;
import com.datacoves.jade.common.Listing;
import com.datacoves.jade.dbtcloud.Enveloped;
import com.datacoves.jade.dbtcloud.Job;
import com.datacoves.jade.http.Envelope;
import com.datacoves.jade.http.IncludeRelated;
import com.datacoves.jade.http.ListQuery;
import com.datacoves.jade.http.QueryParams;
import com.datacoves.jade.http.RequestUrls;
import com.datacoves.jade.index.JobQuery;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * dbt Cloud jobs = Airflow DAGs ({@code /api/v2/accounts/{a}/jobs[/{id}]}), served by {@link JobService}. Filters:
 * {@code project_id}, {@code project_id__in}, {@code environment_id}, {@code name__icontains}, {@code pk},
 * {@code id__gt}, {@code state} (1/active, 2/deleted, all; default {@code active} as dbt Cloud: paused DAGs are
 * active, DAGs Airflow marked inactive are "deleted"). order_by {@code id} (default) or {@code name}.
 * include_related: {@code environment}, {@code most_recent_run}, {@code most_recent_completed_run}. A job of another
 * account is a 404.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "dbt Cloud: jobs")
public class JobController {

    private final JobService jobs;
    private final RequestUrls urls;

    /** Serves the job routes. */
    public JobController(JobService jobs, RequestUrls urls) {
        this.jobs = jobs;
        this.urls = urls;
    }

    /** {@code GET /api/v2/accounts/{a}/jobs/}. */
    @Get("/api/v2/accounts/{accountId}/jobs")
    @Operation(summary = "List jobs (Airflow DAGs)", description = "Filters: project_id, project_id__in, environment_id, "
            + "name__icontains, pk, id__gt, state (default active). order_by id|name, '-' for descending. "
            + "include_related: environment, most_recent_run, most_recent_completed_run.")
    @ApiResponse(responseCode = "200", description = "a page of jobs",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Enveloped.JobList.class)))
    public Envelope list(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                         HttpRequest<?> request) {
        ListQuery q = ListQuery.of(request, Set.of("id", "name"), "id");
        q.filter("account_id", accountId);
        List<Long> projects = new ArrayList<>();
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
        JobQuery filters = new JobQuery(accountId, projects, environments, name, ids, idAbove, stateCode);
        Listing<Job> listing = jobs.list(caller, filters, q.page(), related(request));
        return q.envelope(listing.page().items(), listing.page().total(), listing.unreachable());
    }

    /** {@code GET /api/v2/accounts/{a}/jobs/{id}/}; 404 when not in the account. */
    @Get("/api/v2/accounts/{accountId}/jobs/{id}")
    @Operation(summary = "Retrieve job (Airflow DAG)", description = "404 when not in the account. include_related: "
            + "environment, most_recent_run, most_recent_completed_run.")
    @ApiResponse(responseCode = "200", description = "the job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Enveloped.OneJob.class)))
    public Envelope get(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                        @PathVariable long id, HttpRequest<?> request) {
        return Envelope.of(jobs.get(caller, accountId, id, related(request)));
    }

    /**
     * {@code POST /api/v2/accounts/{a}/jobs/{id}/} (dbt Cloud "Update job"): 200 with the job when the body changes
     * no writable field (Dagster posts the job back before each run); 422 naming the fields it would change, since a
     * job is an Airflow DAG defined in code (docs/jobs.md, "Writes").
     */
    @Post(uris = {"/api/v2/accounts/{accountId}/jobs/{id}"}, consumes = MediaType.APPLICATION_JSON)
    @Operation(summary = "Update job (accepted only when it changes nothing)", description = "A job is an Airflow "
            + "DAG: an update that would change a writable field is refused with 422 naming the field.")
    @ApiResponse(responseCode = "200", description = "the job, unchanged",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Enveloped.OneJob.class)))
    public Envelope update(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                           @PathVariable long id, @Body Map<String, Object> body, HttpRequest<?> request) {
        return Envelope.of(jobs.update(caller, accountId, id, body, urls.baseUrl(request)));
    }

    private JobService.Related related(HttpRequest<?> request) {
        IncludeRelated include = IncludeRelated.of(request);
        return new JobService.Related(include.has("environment"), include.has("most_recent_run"),
                include.has("most_recent_completed_run"), urls.baseUrl(request));
    }
}
