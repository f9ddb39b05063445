package com.datacoves.jade.deployments;

import com.datacoves.jade.openapi.OpenApiController;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.server.types.files.StreamedFile;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * Serves Jade's Swagger UI at {@code /docs} and its OpenAPI document at {@code /openapi.json} (the paths the dbt
 * server controller used), delegating to {@link OpenApiController}. No authentication, like the originals.
 */
@Controller
@Hidden
public class DeploymentDocsController {

    private final OpenApiController openApi;

    /** Delegates to Jade's OpenAPI controller. */
    public DeploymentDocsController(OpenApiController openApi) {
        this.openApi = openApi;
    }

    /** Swagger UI. */
    @Get(value = "/docs", produces = MediaType.TEXT_HTML)
    public HttpResponse<StreamedFile> docs() {
        return openApi.swaggerUi();
    }

    /** The OpenAPI document. */
    @Get(value = "/openapi.json", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<StreamedFile> document() {
        return openApi.document();
    }
}
