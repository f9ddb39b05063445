package com.datacoves.jade.deployments;

import com.datacoves.jade.common.NotFoundException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.List;
import java.util.Map;

/**
 * Routes of the dbt API server deployments ({@code /api/v1/deployments}); authenticated by
 * {@link DeploymentAuthFilter} with {@code Authorization: Bearer <SECRET_KEY>}.
 */
@Controller("/api/v1/deployments")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Deployments", description = "Pre-warmed dbt API servers, one per dbt project and git branch")
@SecurityScheme(name = "deploymentsSecret", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The deployment controller's shared secret: `Authorization: Bearer <SECRET_KEY>`.")
@SecurityRequirement(name = "deploymentsSecret")
public class DeploymentController {

    private final DeploymentService service;
    private final DeploymentStatus status;

    /** The controller with its services. */
    public DeploymentController(DeploymentService service, DeploymentStatus status) {
        this.service = service;
        this.status = status;
    }

    /** Creates a deployment: StatefulSet, Service and Airflow connection, all or nothing. */
    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "createDeployment", summary = "Create the dbt server of a project and branch",
            description = "Body: project_name (required), git_branch, image, env, resources {requests, limits}.")
    @ApiResponse(responseCode = "201", description = "Created")
    @ApiResponse(responseCode = "409", description = "Exists, or its name is taken by another project/branch")
    @ApiResponse(responseCode = "422", description = "Invalid fields (errors.fields)")
    @ApiResponse(responseCode = "502", description = "A Kubernetes or Airflow step failed; everything was rolled back")
    public HttpResponse<DeploymentView> create(@Nullable @Body Map<String, Object> body) {
        DeploymentRequest request = DeploymentRequest.parse(body);
        return HttpResponse.created(service.create(request));
    }

    /** Every managed deployment with its status. */
    @Get(produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "listDeployments", summary = "List the dbt servers managed by Jade")
    public List<DeploymentView> list() {
        return status.list();
    }

    /** One deployment with its live status. */
    @Get(value = "/{name}", produces = MediaType.APPLICATION_JSON)
    @Operation(operationId = "getDeployment",
            summary = "A dbt server with live status (replicas, pod, the server's own health)")
    @ApiResponse(responseCode = "404", description = "Unknown deployment")
    public DeploymentView get(@PathVariable String name) {
        return status.get(name).orElseThrow(NotFoundException::new);
    }

    /** Deletes a deployment and everything it created; idempotent. */
    @Delete("/{name}")
    @Operation(operationId = "deleteDeployment",
            summary = "Delete a dbt server: StatefulSet, Service, PVCs and Airflow connection (idempotent)")
    @ApiResponse(responseCode = "204", description = "Deleted, or already gone")
    public HttpResponse<Void> delete(@PathVariable String name) {
        service.delete(name);
        return HttpResponse.noContent();
    }
}
