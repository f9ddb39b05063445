package com.datacoves.jade.discovery;

import com.datacoves.jade.auth.Caller;
import com.fasterxml.jackson.databind.JsonNode;
import graphql.ExecutionResult;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Hidden;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /graphql} (Micronaut also matches {@code /graphql/}, which dbterd calls, and {@code /graphql/v1}, where
 * OpenMetadata's REST helper sends it): dbt Cloud's Discovery API. The body is GraphQL over HTTP's JSON
 * request ({@code query}, optional {@code variables} object and {@code operationName}); the answer is always JSON
 * {@code {"data", "errors"}}: HTTP 200 for anything GraphQL can answer (syntax and validation errors, limits, a missing
 * environment), 400 when the body is not such a request. Authentication ({@code Token}/{@code Bearer} keys) is the
 * filter's, as on every dbt Cloud route.
 */
@Controller
@Hidden
@ExecuteOn(TaskExecutors.BLOCKING)
public class DiscoveryController {

    private final DiscoverySchema schema;

    /** Serves the schema. */
    public DiscoveryController(DiscoverySchema schema) {
        this.schema = schema;
    }

    /** Runs one GraphQL request. */
    @Post(uris = {"/graphql", "/graphql/v1"}, consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<byte[]> query(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
                                      @Nullable @Body String body) throws IOException {
        JsonNode request;
        try {
            request = body == null || body.isBlank() ? null : ArtifactJson.MAPPER.readTree(body);
        } catch (IOException e) {
            return bad("the body is not JSON");
        }
        if (request == null || !request.isObject() || !request.path("query").isTextual()) {
            return bad("the body must be a JSON object with a \"query\" string");
        }
        JsonNode variables = request.path("variables");
        if (!variables.isMissingNode() && !variables.isNull() && !variables.isObject()) {
            return bad("\"variables\" must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> vars = variables.isObject() ? ArtifactJson.MAPPER.convertValue(variables, Map.class) : null;
        String operation = request.path("operationName").isTextual() ? request.path("operationName").asText() : null;
        ExecutionResult result = schema.execute(caller, request.path("query").asText(), vars, operation);
        return HttpResponse.ok(ArtifactJson.MAPPER.writeValueAsBytes(result.toSpecification()))
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private static HttpResponse<byte[]> bad(String message) throws IOException {
        return HttpResponse.<byte[]>badRequest(ArtifactJson.MAPPER.writeValueAsBytes(
                Map.of("errors", List.of(Map.of("message", message))))).contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
