package com.datacoves.jade.environments;

import com.datacoves.jade.auth.Caller;
import com.datacoves.jade.common.InvalidInputException;
import com.datacoves.jade.common.Page;
import com.datacoves.jade.dbtcloud.Enveloped;
import com.datacoves.jade.dbtcloud.Environment;
import com.datacoves.jade.http.Envelope;
import com.datacoves.jade.http.IncludeRelated;
import com.datacoves.jade.http.ListQuery;
import com.datacoves.jade.http.QueryParams;
import io.micronaut.core.annotation.Nullable;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * dbt Cloud environments: account-wide lists ({@code /api/v2/accounts/{a}/environments},
 * {@code /api/v3/accounts/{a}/environments}, the one the dbt Cloud Terraform provider's {@code dbtcloud_environments}
 * pages through, with an optional {@code project_id}) and v3 per project
 * ({@code /api/v3/accounts/{a}/projects/{p}/environments}). Filters: {@code project_id} (account-wide lists),
 * {@code name__icontains}, {@code name}, {@code pk}, {@code pk__in}, {@code id__gt}, {@code type}
 * ({@code development} or {@code deployment}), {@code deployment_type} and {@code deployment_type__in}
 * ({@code production}, {@code staging}; a development environment has none, so these never keep it); another value of
 * these three is a 400. order_by {@code id} or {@code name}; include_related {@code repository}, {@code project}. One
 * the key may not read is a 404.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "dbt Cloud: environments")
public class EnvironmentController {

    private static final List<String> TYPES = List.of("development", "deployment");
    private static final List<String> DEPLOYMENTS = List.of("production", "staging");

    private final EnvironmentService environments;

    /** Serves the environment routes. */
    public EnvironmentController(EnvironmentService environments) {
        this.environments = environments;
    }

    /** {@code GET /api/v2/accounts/{a}/environments/}. */
    @Get("/api/v2/accounts/{accountId}/environments")
    @Operation(summary = "List environments (v2)", description = "Filters: project_id, name__icontains, name, pk, "
            + "pk__in, id__gt, type, deployment_type, deployment_type__in.")
    @ApiResponse(responseCode = "200", description = "a page of environments",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Enveloped.EnvironmentList.class)))
    public Envelope listV2(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                           HttpRequest<?> request) {
        return list(caller, accountId, null, request);
    }

    /**
     * {@code GET /api/v3/accounts/{a}/environments/}: the account's environments, all projects unless
     * {@code project_id} is given (a project that is not the key's simply lists nothing). Same answer as the v3
     * per-project list.
     */
    @Get("/api/v3/accounts/{accountId}/environments")
    @Operation(summary = "List environments (v3, account-wide)", description = "Filters: project_id, name__icontains, "
            + "name, pk, pk__in, id__gt, type, deployment_type, deployment_type__in.")
    @ApiResponse(responseCode = "200", description = "a page of environments",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Enveloped.EnvironmentList.class)))
    public Envelope listV3Account(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                                  HttpRequest<?> request) {
        return list(caller, accountId, null, request);
    }

    /** {@code GET /api/v2/accounts/{a}/environments/{id}/}. */
    @Get("/api/v2/accounts/{accountId}/environments/{id}")
    @Operation(summary = "Retrieve environment (v2)")
    @ApiResponse(responseCode = "200", description = "the environment",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Enveloped.OneEnvironment.class)))
    public Envelope getV2(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                          @PathVariable long id, HttpRequest<?> request) {
        return Envelope.of(environments.get(caller, accountId, null, id, related(request)));
    }

    /** {@code GET /api/v3/accounts/{a}/projects/{p}/environments/}; 404 when the project is not the key's. */
    @Get("/api/v3/accounts/{accountId}/projects/{projectId}/environments")
    @Operation(summary = "List environments of a project (v3)", description = "Filters: name__icontains, name, pk, "
            + "pk__in, id__gt, type, deployment_type, deployment_type__in.")
    @ApiResponse(responseCode = "200", description = "a page of environments",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Enveloped.EnvironmentList.class)))
    public Envelope listV3(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @PathVariable long accountId,
                           @PathVariable long projectId, HttpRequest<?> request) {
        environments.requireProject(caller, accountId, projectId);
        return list(caller, accountId, projectId, request);
    }

    /** {@code GET /api/v3/accounts/{a}/projects/{p}/environments/{id}/}. */
    @Get("/api/v3/accounts/{accountId}/projects/{projectId}/environments/{id}")
    @Operation(summary = "Retrieve environment (v3)")
    @ApiResponse(responseCode = "200", description = "the environment",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = Enveloped.OneEnvironment.class)))
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
        EnvironmentService.Kinds kinds = kinds(request, q);
        Page<Environment> page = environments.list(caller, accountId, project, kinds, q.named(request), q.page(),
                related(request));
        return q.envelope(page.items(), page.total(), List.of());
    }

    /** {@code type}, {@code deployment_type}, {@code deployment_type__in}, echoed in {@code extra.filters}. */
    private static EnvironmentService.Kinds kinds(HttpRequest<?> request, ListQuery q) {
        String type = QueryParams.text(request, "type").map(v -> q.filter("type", oneOf("type", v, TYPES)))
                .orElse(null);
        List<String> deployment = new ArrayList<>();
        QueryParams.text(request, "deployment_type")
                .ifPresent(v -> deployment.add(q.filter("deployment_type", oneOf("deployment_type", v, DEPLOYMENTS))));
        List<String> in = QueryParams.list(request, "deployment_type__in").stream()
                .map(v -> oneOf("deployment_type__in", v, DEPLOYMENTS)).toList();
        if (!in.isEmpty()) {
            q.filter("deployment_type__in", in);
            if (deployment.isEmpty()) {
                deployment.addAll(in);
            } else if (!in.containsAll(deployment)) {
                deployment.set(0, "-"); // deployment_type outside deployment_type__in: nothing matches
            }
        }
        return new EnvironmentService.Kinds(type, deployment);
    }

    private static String oneOf(String name, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new InvalidInputException(name + " must be one of " + String.join(", ", allowed));
        }
        return value;
    }

    private static EnvironmentService.Related related(HttpRequest<?> request) {
        IncludeRelated include = IncludeRelated.of(request);
        return new EnvironmentService.Related(include.has("repository"), include.has("project"));
    }
}
