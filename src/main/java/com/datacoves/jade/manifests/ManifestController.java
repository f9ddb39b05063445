package com.datacoves.jade.manifests;

import com.datacoves.jade.common.NotFoundException;
import com.datacoves.jade.common.InvalidInputException;
import com.datacoves.jade.auth.AccessGuard;
import com.datacoves.jade.auth.Caller;
import com.datacoves.jade.datacoves.EnvironmentRow;
import com.datacoves.jade.http.MultipartStream;
import com.datacoves.jade.http.ObjectResponses;
import com.datacoves.jade.http.UploadForms;
import com.datacoves.jade.storage.StoredObject;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.body.ByteBody;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.Optional;

/**
 * Jade's manifest routes (docs/datacoves-api.md), under {@code /api/v2/datacoves/} and {@code /api/internal/}.
 * Errors: {@code {"errors":{"message":…}}}; 422 for a bad upload, 413 above the size limit, 404 {@code Not Found}.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Datacoves: manifests")
public class ManifestController {

    private final ManifestService service;
    private final ManifestUploads uploads;
    private final ManifestStreams streams;
    private final ObjectResponses objects;
    private final AccessGuard guard;
    private final UploadForms forms;

    /** The routes over their collaborators; upload bodies are opened by {@link UploadForms} (the bounds). */
    public ManifestController(ManifestService service, ManifestUploads uploads, ManifestStreams streams,
                              ObjectResponses objects, AccessGuard guard, UploadForms forms) {
        this.service = service;
        this.uploads = uploads;
        this.streams = streams;
        this.objects = objects;
        this.guard = guard;
        this.forms = forms;
    }

    /**
     * Upload (multipart: {@code file}, {@code environment_slug}, optional {@code dag_id}, {@code run_id}, {@code tag})
     * → 201 {@code "ok"}. With dag_id+run_id the manifest is linked to that DAG run (404 when absent); with run_id
     * alone it is linked when exactly one DAG run of the environment has that run_id.
     */
    // The body is read as it arrives (MultipartStream); the file goes to storage in the same pass (ManifestUploads).
    @Post(uris = {"/api/v2/datacoves/manifests", "/api/internal/manifests"}, consumes = MediaType.MULTIPART_FORM_DATA,
            produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Upload a dbt manifest (multipart file, environment_slug, optional dag_id, run_id, tag)")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(implementation = UploadForm.class)))
    @ApiResponse(responseCode = "201", description = "stored; the body is the JSON string \"ok\"",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = "string")))
    public HttpResponse<String> create(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, HttpRequest<?> request) {
        try (MultipartStream form = forms.open(request)) {
            uploads.receive(caller, form);
        }
        return HttpResponse.<String>status(HttpStatus.CREATED).contentType(MediaType.APPLICATION_JSON_TYPE)
                .body("\"ok\"");
    }

    /**
     * The multipart upload form (documentation only: the route reads the body as it arrives). Send the fields before
     * {@code file}, as dbt-coves, Datacoves' Airflow operator and {@code curl -F} in that order do: the file is then
     * stored as it is received, and a wrong environment, DAG run or tag is answered before it is read.
     *
     * @param file             the manifest.json file
     * @param environment_slug the environment, e.g. {@code dev123}
     * @param dag_id           optional Airflow DAG id (with run_id: link to that DAG run)
     * @param run_id           optional Airflow run id
     * @param tag              optional tag, unique per environment
     */
    @Schema(name = "ManifestUploadForm")
    record UploadForm(@Schema(type = "string", format = "binary", requiredMode = Schema.RequiredMode.REQUIRED)
                      String file,
                      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String environment_slug,
                      @Nullable String dag_id, @Nullable String run_id, @Nullable String tag) {
    }

    /**
     * The environment's manifest: newest of a DAG ({@code dag_id}, scoped to the environment), the one with
     * {@code tag}, or the newest; trimmed to {@code {"metadata","nodes"}} unless {@code trimmed=false}.
     */
    @Get(uris = {"/api/v2/datacoves/manifests", "/api/internal/manifests"}, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "A manifest of an environment (latest, by dag_id or by tag), trimmed unless trimmed=false")
    @ApiResponse(responseCode = "200", description = "the manifest (JSON)", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = "string", format = "binary")))
    public HttpResponse<ByteBody> show(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
                                           @Nullable @QueryValue("environment_slug") String environmentSlug,
                                           @Nullable @QueryValue("dag_id") String dagId,
                                           @Nullable @QueryValue String tag, @Nullable @QueryValue String trimmed) {
        if (environmentSlug == null || environmentSlug.isEmpty()) {
            throw new InvalidInputException("environment_slug is required");
        }
        EnvironmentRow env = guard.environment(caller, environmentSlug);
        return answer(service.find(env, blankToNull(dagId), blankToNull(tag)), trimmed);
    }

    /** The project's newest manifest, trimmed unless {@code trimmed=false}. */
    @Get(uris = {"/api/v2/datacoves/projects/{project_slug}/latest-manifest",
            "/api/internal/projects/{project_slug}/latest-manifest"}, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "The project's newest manifest, trimmed unless trimmed=false")
    @ApiResponse(responseCode = "200", description = "the manifest (JSON)", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = "string", format = "binary")))
    public HttpResponse<ByteBody> latestOfProject(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
                                                      @PathVariable("project_slug") String projectSlug,
                                                      @Nullable @QueryValue String trimmed) {
        long projectId = guard.project(caller, projectSlug).id();
        return answer(service.latestInProject(projectId), trimmed);
    }

    private HttpResponse<ByteBody> answer(Optional<ManifestRow> row, @Nullable String trimmed) {
        StoredObject object = service.open(row.orElseThrow(NotFoundException::new));
        if ("false".equalsIgnoreCase(trimmed)) {
            return objects.ok(object, MediaType.APPLICATION_JSON_TYPE);
        }
        return objects.ok(streams.trimmed(object), MediaType.APPLICATION_JSON_TYPE);
    }

    private static String blankToNull(@Nullable String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
