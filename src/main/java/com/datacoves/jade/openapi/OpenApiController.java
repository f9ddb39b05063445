package com.datacoves.jade.openapi;

import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.server.types.files.StreamedFile;
import io.swagger.v3.oas.annotations.Hidden;

import java.io.InputStream;
import java.net.URL;
import java.util.Optional;

/**
 * Serves the OpenAPI document that micronaut-openapi generates from the controllers at compile time
 * ({@code META-INF/swagger/jade.json}, the same as {@code openapi/jade.json} in the repository) and the
 * Swagger UI page that renders it. No authentication.
 */
@Controller
@Hidden
public class OpenApiController {

    /** Classpath folder of the generated document. */
    static final String DOCUMENT_FOLDER = "META-INF/swagger/";

    private final ResourceResolver resources;

    public OpenApiController(ResourceResolver resources) {
        this.resources = resources;
    }

    /** The OpenAPI 3 document, JSON. */
    @Get(value = "/api/v2/openapi", produces = MediaType.APPLICATION_JSON)
    public HttpResponse<StreamedFile> document() {
        return resource(DOCUMENT_FOLDER + documentName(), MediaType.APPLICATION_JSON_TYPE);
    }

    /** Swagger UI, reading {@code /api/v2/openapi}. */
    @Get(value = "/api/v2/swaggerui", produces = MediaType.TEXT_HTML)
    public HttpResponse<StreamedFile> swaggerUi() {
        return resource("swagger-ui/index.html", MediaType.TEXT_HTML_TYPE);
    }

    /** Name of the generated document (see {@code openapi.properties}). */
    static String documentName() {
        return "jade.json";
    }

    private HttpResponse<StreamedFile> resource(String path, MediaType type) {
        Optional<URL> url = resources.getResource("classpath:" + path);
        if (url.isEmpty()) {
            return HttpResponse.notFound();
        }
        try {
            InputStream in = url.get().openStream();
            return HttpResponse.ok(new StreamedFile(in, type));
        } catch (java.io.IOException e) {
            return HttpResponse.notFound();
        }
    }
}
