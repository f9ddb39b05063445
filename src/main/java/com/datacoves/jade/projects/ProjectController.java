package com.datacoves.jade.projects;

import com.datacoves.jade.auth.Caller;
import com.datacoves.jade.common.Page;
import com.datacoves.jade.dbtcloud.Enveloped;
import com.datacoves.jade.dbtcloud.Project;
import com.datacoves.jade.http.Envelope;
import com.datacoves.jade.http.IncludeRelated;
import com.datacoves.jade.http.ListQuery;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;
import java.util.Set;

/**
 * dbt Cloud projects ({@code ProjectResponse}) under v2 and v3. Filters: {@code name__icontains}, {@code name},
 * {@code pk}, {@code pk__in}, {@code id__gt}; order_by {@code id} or {@code name}; include_related
 * {@code repository}. A project the key may not read is a 404.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "dbt Cloud: projects")
public class ProjectController {

    private final ProjectService projects;

    /** Serves the project routes. */
    public ProjectController(ProjectService projects) {
        this.projects = projects;
    }

    /** {@code GET /api/v2/accounts/{a}/projects/} (deprecated in dbt Cloud). */
    @Get("/api/v2/accounts/{accountId}/projects")
    @Operation(summary = "List projects (v2)", description = "Filters: name__icontains, name, pk, pk__in, id__gt; "
            + "order_by id|name.")
    @ApiResponse(responseCode = "200", description = "a page of projects",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Enveloped.ProjectList.class)))
    public Envelope listV2(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                           HttpRequest<?> request) {
        return list(caller, accountId, request);
    }

    /** {@code GET /api/v3/accounts/{a}/projects/} (Airflow provider, dbt-cloud-cli, Terraform). */
    @Get("/api/v3/accounts/{accountId}/projects")
    @Operation(summary = "List projects (v3)", description = "Filters: name__icontains, name, pk, pk__in, id__gt; "
            + "order_by id|name.")
    @ApiResponse(responseCode = "200", description = "a page of projects",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Enveloped.ProjectList.class)))
    public Envelope listV3(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                           HttpRequest<?> request) {
        return list(caller, accountId, request);
    }

    /** {@code GET /api/v2/accounts/{a}/projects/{id}/}. */
    @Get("/api/v2/accounts/{accountId}/projects/{id}")
    @Operation(summary = "Retrieve project (v2)")
    @ApiResponse(responseCode = "200", description = "the project",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Enveloped.OneProject.class)))
    public Envelope getV2(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                          @PathVariable long id, HttpRequest<?> request) {
        return Envelope.of(projects.get(caller, accountId, id, IncludeRelated.of(request).has("repository")));
    }

    /** {@code GET /api/v3/accounts/{a}/projects/{id}/}. */
    @Get("/api/v3/accounts/{accountId}/projects/{id}")
    @Operation(summary = "Retrieve project (v3)")
    @ApiResponse(responseCode = "200", description = "the project",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Enveloped.OneProject.class)))
    public Envelope getV3(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                          @PathVariable long id, HttpRequest<?> request) {
        return getV2(caller, accountId, id, request);
    }

    private Envelope list(Caller caller, long accountId, HttpRequest<?> request) {
        ListQuery q = ListQuery.of(request, Set.of("id", "name"), "id");
        q.filter("account_id", accountId);
        Page<Project> page = projects.list(caller, accountId, q.named(request), q.page(),
                IncludeRelated.of(request).has("repository"));
        return q.envelope(page.items(), page.total(), List.of());
    }
}
