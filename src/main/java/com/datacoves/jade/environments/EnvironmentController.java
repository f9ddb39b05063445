package com.datacoves.jade.environments;

import com.datacoves.jade.auth.Caller;
import com.datacoves.jade.common.Page;
import com.datacoves.jade.dbtcloud.Environment;
import com.datacoves.jade.http.Envelope;
import com.datacoves.jade.http.IncludeRelated;
import com.datacoves.jade.http.ListQuery;
import com.datacoves.jade.http.QueryParams;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;
import java.util.Set;

/**
 * dbt Cloud environments: v2 account-wide ({@code /api/v2/accounts/{a}/environments}) and v3 per project
 * ({@code /api/v3/accounts/{a}/projects/{p}/environments}). Filters: {@code project_id} (v2), {@code name__icontains},
 * {@code name}, {@code pk}, {@code pk__in}, {@code id__gt}; order_by {@code id} or {@code name}; include_related
 * {@code repository}, {@code project}. One the key may not read is a 404.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "dbt Cloud: environments")
public class EnvironmentController {

    private final EnvironmentService environments;

    /** Serves the environment routes. */
    public EnvironmentController(EnvironmentService environments) {
        this.environments = environments;
    }

    /** {@code GET /api/v2/accounts/{a}/environments/}. */
    @Get("/api/v2/accounts/{accountId}/environments")
    @Operation(summary = "List environments (v2)", description = "Filters: project_id, name__icontains, name, pk, "
            + "pk__in, id__gt.")
    public Envelope listV2(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                           HttpRequest<?> request) {
        return list(caller, accountId, null, request);
    }

    /** {@code GET /api/v2/accounts/{a}/environments/{id}/}. */
    @Get("/api/v2/accounts/{accountId}/environments/{id}")
    @Operation(summary = "Retrieve environment (v2)")
    public Envelope getV2(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                          @PathVariable long id, HttpRequest<?> request) {
        return Envelope.of(environments.get(caller, accountId, null, id, related(request)));
    }

    /** {@code GET /api/v3/accounts/{a}/projects/{p}/environments/}; 404 when the project is not the key's. */
    @Get("/api/v3/accounts/{accountId}/projects/{projectId}/environments")
    @Operation(summary = "List environments of a project (v3)", description = "Filters: name__icontains, name, pk, "
            + "pk__in, id__gt.")
    public Envelope listV3(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                           @PathVariable long projectId, HttpRequest<?> request) {
        environments.requireProject(caller, accountId, projectId);
        return list(caller, accountId, projectId, request);
    }

    /** {@code GET /api/v3/accounts/{a}/projects/{p}/environments/{id}/}. */
    @Get("/api/v3/accounts/{accountId}/projects/{projectId}/environments/{id}")
    @Operation(summary = "Retrieve environment (v3)")
    public Envelope getV3(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                          @PathVariable long projectId, @PathVariable long id, HttpRequest<?> request) {
        return Envelope.of(environments.get(caller, accountId, projectId, id, related(request)));
    }

    private Envelope list(Caller caller, long accountId, @Nullable Long pathProject, HttpRequest<?> request) {
        ListQuery q = ListQuery.of(request, Set.of("id", "name"), "id");
        q.filter("account_id", accountId);
        Long project = pathProject != null ? pathProject : QueryParams.number(request, "project_id").orElse(null);
        if (project != null) {
            q.filter("project_id", project);
        }
        Page<Environment> page = environments.list(caller, accountId, project, q.named(request), q.page(),
                related(request));
        return q.envelope(page.items(), page.total(), List.of());
    }

    private static EnvironmentService.Related related(HttpRequest<?> request) {
        IncludeRelated include = IncludeRelated.of(request);
        return new EnvironmentService.Related(include.has("repository"), include.has("project"));
    }
}
